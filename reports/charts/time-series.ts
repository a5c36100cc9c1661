import type { EChartsOption } from 'echarts';
import { renderChartSvg, type ChartCommonOptions } from './render.js';
import { axisStyle, baseOption, formatCompact, nonNegativeMin, seriesColor } from './theme.js';

/** A vertical marker on a time axis, e.g. a preserve command. */
export interface TimeMarker {
  readonly atSeconds: number;
  readonly label: string;
}

/** One line of a time-series chart: [tSeconds, value] points. */
export interface TimeSeries {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
}

/** Options of timeSeriesChart. */
export interface TimeSeriesOptions extends ChartCommonOptions {
  readonly title: string;
  readonly subtitle?: string;
  /** Name of the y axis, with its unit, e.g. `p99 write latency (µs)`. */
  readonly yName: string;
  readonly xName?: string;
  /** Start of the time axis; default 0, the start of the simulation. */
  readonly xMin?: number;
  readonly series: readonly TimeSeries[];
  /** Vertical dashed lines with labels, e.g. the preserve commands. */
  readonly markers?: readonly TimeMarker[];
  /** Logarithmic y axis (values must be > 0). */
  readonly yLog?: boolean;
  /** Draw lines as steps (for per-interval figures); default false. */
  readonly step?: boolean;
  /** A quantity that cannot be negative (IOPS, latency, utilisation, queue depth): the y axis starts at 0. */
  readonly nonNegative?: boolean;
}

/** Values over virtual time (IOPS, p99 latency, queue depth...) with markers such as the preserve commands. */
export function timeSeriesChart(options: TimeSeriesOptions): string {
  const names = options.series.map((entry) => entry.name);
  const option: EChartsOption = {
    ...baseOption(options.title, names, options.subtitle),
    xAxis: { type: 'value', ...axisStyle(options.xName ?? 'time (s)', 'x'), min: options.xMin ?? 0, max: 'dataMax' },
    yAxis: {
      type: options.yLog === true ? 'log' : 'value',
      ...(options.yLog === true ? {} : nonNegativeMin(options.nonNegative)),
      ...axisStyle(options.yName, 'y'),
      axisLabel: { ...axisStyle(undefined, 'y').axisLabel, formatter: (value: number) => formatCompact(value) },
    },
    series: [
      ...options.series.map((entry, index) => ({
        type: 'line' as const,
        name: entry.name,
        showSymbol: entry.points.length <= 1,
        symbolSize: 5,
        step: options.step === true ? ('end' as const) : (false as const),
        sampling: 'lttb' as const,
        emphasis: { disabled: true },
        lineStyle: { width: 1.6, color: seriesColor(index) },
        itemStyle: { color: seriesColor(index) },
        data: entry.points.map(([tSeconds, value]) => [tSeconds, value]),
      })),
      ...markerSeries(options.markers ?? []),
    ],
  };
  return renderChartSvg(option, options.title, options);
}

/** A data-less line series carrying the markers as mark lines, so markers do not depend on any data series. */
export function markerSeries(markers: readonly TimeMarker[]) {
  if (markers.length === 0) return [];
  return [
    {
      type: 'line' as const,
      name: '__markers',
      data: [] as number[][],
      silent: true,
      markLine: {
        silent: true,
        symbol: ['none', 'none'],
        animation: false,
        lineStyle: { color: '#6e7781', type: 'dashed' as const, width: 1.2 },
        label: {
          show: true,
          position: 'insideEndTop' as const,
          formatter: '{b}',
          color: '#24292f',
          fontSize: 11,
          backgroundColor: 'rgba(255,255,255,0.85)',
          padding: [1, 3],
        },
        emphasis: { disabled: true },
        data: markers.map((marker) => ({ xAxis: marker.atSeconds, name: marker.label })),
      },
    },
  ];
}

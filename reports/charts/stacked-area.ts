import type { EChartsOption } from 'echarts';
import { renderChartSvg, type ChartCommonOptions } from './render.js';
import { axisStyle, baseOption, formatCompact, nonNegativeMin, seriesColor } from './theme.js';
import { markerSeries, type TimeMarker, type TimeSeries } from './time-series.js';

/** Options of stackedAreaChart. */
export interface StackedAreaOptions extends ChartCommonOptions {
  readonly title: string;
  readonly subtitle?: string;
  /** Name of the y axis with its unit, e.g. `store chunks used`. */
  readonly yName: string;
  readonly xName?: string;
  /** Start of the time axis; default 0, the start of the simulation. */
  readonly xMin?: number;
  /** Each series' [tSeconds, value] points; a value holds until the series' next point, and is 0 before its first. */
  readonly series: readonly TimeSeries[];
  readonly markers?: readonly TimeMarker[];
  /** A quantity that cannot be negative (chunks used): the y axis starts at 0. */
  readonly nonNegative?: boolean;
}

/**
 * Stacked areas over time (e.g. snapshot store chunks used, one band per snapshot). Series are aligned on the union of
 * their times, each holding its last value, so that stacking adds values of the same instant.
 */
export function stackedAreaChart(options: StackedAreaOptions): string {
  const times = [...new Set(options.series.flatMap((entry) => entry.points.map(([tSeconds]) => tSeconds)))].sort((a, b) => a - b);
  const option: EChartsOption = {
    ...withAreaLegend(baseOption(options.title, options.series.map((entry) => entry.name), options.subtitle)),
    xAxis: { type: 'value', ...axisStyle(options.xName ?? 'time (s)', 'x'), min: options.xMin ?? 0, max: 'dataMax' },
    yAxis: {
      type: 'value',
      ...nonNegativeMin(options.nonNegative),
      ...axisStyle(options.yName, 'y'),
      axisLabel: { ...axisStyle(undefined, 'y').axisLabel, formatter: (value: number) => formatCompact(value) },
    },
    series: [
      ...options.series.map((entry, index) => ({
        type: 'line' as const,
        name: entry.name,
        stack: 'total',
        step: 'end' as const,
        showSymbol: false,
        emphasis: { disabled: true },
        lineStyle: { width: 1, color: seriesColor(index) },
        itemStyle: { color: seriesColor(index) },
        areaStyle: { color: seriesColor(index), opacity: 0.55 },
        data: alignStepwise(entry.points, times),
      })),
      ...markerSeries(options.markers ?? []),
    ],
  };
  return renderChartSvg(option, options.title, options);
}

/** The series' value at each of `times`, holding the last value at or before it (0 before the first point). */
function alignStepwise(points: TimeSeries['points'], times: readonly number[]): [number, number][] {
  const sorted = [...points].sort((a, b) => a[0] - b[0]);
  const aligned: [number, number][] = [];
  let cursor = -1;
  for (const time of times) {
    while (cursor + 1 < sorted.length && sorted[cursor + 1]![0] <= time) cursor++;
    aligned.push([time, cursor < 0 ? 0 : sorted[cursor]![1]]);
  }
  return aligned;
}

/** Legend entries as filled squares, matching the bands. */
function withAreaLegend(option: EChartsOption): EChartsOption {
  return { ...option, legend: { ...(option.legend as object), icon: 'roundRect' } };
}

import type { CustomSeriesOption, CustomSeriesRenderItem, EChartsOption, LineSeriesOption } from 'echarts';
import { renderChartSvg, type ChartCommonOptions } from './render.js';
import { axisStyle, baseOption, formatCompact, seriesColor } from './theme.js';

/** A mean with its interval at one value of the swept field. */
export interface ErrorBarPoint {
  /** The swept field's value: numbers give a numeric axis, any string a categorical one. */
  readonly x: number | string;
  readonly mean: number;
  /** Interval bounds; NaN (e.g. a single replication) draws the mean without a bar. */
  readonly low: number;
  readonly high: number;
}

/** One line of an error-bar chart. */
export interface ErrorBarSeries {
  readonly name: string;
  readonly points: readonly ErrorBarPoint[];
}

/** Options of errorBarChart. */
export interface ErrorBarChartOptions extends ChartCommonOptions {
  readonly title: string;
  readonly subtitle?: string;
  /** The swept field, e.g. `workloads.0.jobs`. */
  readonly xName: string;
  /** The figure with its unit, e.g. `p99 write latency (µs)`. */
  readonly yName: string;
  readonly series: readonly ErrorBarSeries[];
  /** Logarithmic x axis for numeric x (e.g. jobs 1, 4, 16, 64). */
  readonly xLog?: boolean;
  /** Join the means with lines; default true for numeric x, false for categorical x. */
  readonly connect?: boolean;
  /** A quantity that cannot be negative: the y axis starts at 0 at the lowest (an interval's bar stops there). */
  readonly nonNegative?: boolean;
}

/** A figure against a swept field: means with confidence-interval error bars, one line per series (sweeps). */
export function errorBarChart(options: ErrorBarChartOptions): string {
  const allPoints = options.series.flatMap((entry) => entry.points);
  const numeric = allPoints.every((point) => typeof point.x === 'number');
  const categories = numeric ? [] : [...new Set(allPoints.map((point) => String(point.x)))];
  const xOf = (point: ErrorBarPoint): number => (numeric ? (point.x as number) : categories.indexOf(String(point.x)));
  const connect = options.connect ?? numeric;
  const seriesCount = options.series.length;
  // Side-by-side offset so that bars of several series at one x do not hide each other.
  // Numeric x keeps exact positions so that lines run through the means.
  const spreadPx = seriesCount > 1 && !numeric ? Math.min(10, 36 / seriesCount) : 0;
  // A sweep has few distinct values: label exactly those (1, 4, 16, 64) rather than round numbers.
  const distinctX = numeric ? [...new Set(allPoints.map((point) => point.x as number))].sort((a, b) => a - b) : [];
  const exactTicks = distinctX.length > 0 && distinctX.length <= 12 ? { customValues: distinctX } : {};
  const xAxis = numeric
    ? {
        type: options.xLog === true ? ('log' as const) : ('value' as const),
        ...axisStyle(options.xName, 'x'),
        scale: true,
        axisLabel: { ...axisStyle(undefined, 'x').axisLabel, ...exactTicks, formatter: (value: number) => formatCompact(value) },
        axisTick: { ...axisStyle(undefined, 'x').axisTick, ...exactTicks },
        // Grid lines at round numbers between the labelled sweep values would only distract.
        ...(distinctX.length <= 12 ? { splitLine: { show: false } } : {}),
      }
    : { type: 'category' as const, data: categories, ...axisStyle(options.xName, 'x'), splitLine: { show: false } };

  const renderErrorBar = (seriesIndex: number, color: string): CustomSeriesRenderItem => (_params, api) => {
    const x = api.value(0) as number;
    const top = api.coord([x, api.value(2) as number]);
    const bottom = api.coord([x, api.value(1) as number]);
    const px = top[0]! + (seriesIndex - (seriesCount - 1) / 2) * spreadPx;
    const cap = 5;
    const style = { stroke: color, lineWidth: 1.5, fill: 'none' };
    return {
      type: 'group',
      children: [
        { type: 'line', shape: { x1: px, y1: top[1]!, x2: px, y2: bottom[1]! }, style },
        { type: 'line', shape: { x1: px - cap, y1: top[1]!, x2: px + cap, y2: top[1]! }, style },
        { type: 'line', shape: { x1: px - cap, y1: bottom[1]!, x2: px + cap, y2: bottom[1]! }, style },
      ],
    };
  };

  const option: EChartsOption = {
    ...baseOption(options.title, options.series.map((entry) => entry.name), options.subtitle),
    xAxis,
    yAxis: {
      type: 'value',
      scale: true,
      ...(options.nonNegative === true ? { min: (extent: { min: number }) => Math.max(0, extent.min) } : {}),
      ...axisStyle(options.yName, 'y'),
      axisLabel: { ...axisStyle(undefined, 'y').axisLabel, formatter: (value: number) => formatCompact(value) },
    },
    series: options.series.flatMap((entry, index): (CustomSeriesOption | LineSeriesOption)[] => {
      const color = seriesColor(index);
      const sorted = [...entry.points].sort((a, b) => xOf(a) - xOf(b));
      const offset = (index - (seriesCount - 1) / 2) * spreadPx;
      return [
        {
          type: 'line' as const,
          name: entry.name,
          symbol: 'circle',
          symbolSize: 7,
          symbolOffset: [offset, 0],
          emphasis: { disabled: true },
          lineStyle: { width: connect ? 1.6 : 0, color, opacity: connect ? 1 : 0 },
          itemStyle: { color },
          data: sorted.map((point) => [xOf(point), point.mean]),
          z: 3,
        },
        {
          type: 'custom' as const,
          name: entry.name,
          renderItem: renderErrorBar(index, color),
          encode: { x: 0, y: [1, 2] },
          silent: true,
          itemStyle: { color },
          data: sorted
            .filter((point) => Number.isFinite(point.low) && Number.isFinite(point.high))
            .map((point) => [xOf(point), options.nonNegative === true ? Math.max(0, point.low) : point.low, point.high]),
          z: 2,
        },
      ];
    }),
  };
  return renderChartSvg(option, options.title, options);
}

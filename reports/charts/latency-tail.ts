import type { EChartsOption } from 'echarts';
import { renderChartSvg, type ChartCommonOptions } from './render.js';
import { axisStyle, baseOption, formatLatencyUs, stepCurveSeries } from './theme.js';

/** One curve of a tail plot: CDF points [latencyUs, fraction of I/Os <= it], ascending. */
export interface LatencyTailSeries {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
}

/** Options of latencyTailChart. */
export interface LatencyTailOptions extends ChartCommonOptions {
  readonly title: string;
  readonly subtitle?: string;
  /** Smallest percentile drawn. Default 90. */
  readonly fromPercentile?: number;
  /** Largest percentile the axis reaches at least. Default 99.999. */
  readonly toPercentile?: number;
  /**
   * Logarithmic latency axis. Default 'auto': linear from 0 as HdrHistogram draws it, logarithmic
   * when the latencies drawn span more than LOG_AXIS_SPAN (a read curve in µs beside writes in
   * hundreds of ms would lie flat on 0).
   */
  readonly latencyLog?: boolean | 'auto';
}

/** Span (largest / smallest latency drawn) beyond which the 'auto' latency axis is logarithmic. */
export const LOG_AXIS_SPAN = 20;

/** A percentile's place on the tail axis: 1 / (1 - p), so 90 % is 10, 99 % is 100, 99.9 % is 1000. */
export function tailPosition(percentile: number): number {
  return 1 / (1 - percentile / 100);
}

/** The percentile at a place on the tail axis, as an axis label: 90%, 99%, 99.9%. */
export function tailLabel(position: number): string {
  const decimals = Math.max(0, Math.round(Math.log10(position)) - 2);
  return `${(100 - 100 / position).toFixed(decimals)}%`;
}

/**
 * Latency by percentile above `fromPercentile` in the HdrHistogram style: the percentile on a log
 * scale of 1 / (1 - p), latency on a linear axis from 0 or a log one, one step curve per series.
 * Each CDF point's latency holds from the previous point's fraction to its own; the largest holds
 * to the axis' end.
 */
export function latencyTailChart(series: readonly LatencyTailSeries[], options: LatencyTailOptions): string {
  const fromPosition = tailPosition(options.fromPercentile ?? 90);
  let endPosition = tailPosition(options.toPercentile ?? 99.999);
  const curves = series.map((entry) => ({ name: entry.name, points: tailPoints(entry.points, fromPosition) }));
  for (const curve of curves) for (const [position] of curve.points) if (position > endPosition) endPosition = 10 ** Math.ceil(Math.log10(position));
  let smallestUs = Infinity;
  let largestUs = 0;
  for (const curve of curves) {
    for (const [, latencyUs] of curve.points) {
      if (latencyUs > 0 && latencyUs < smallestUs) smallestUs = latencyUs;
      if (latencyUs > largestUs) largestUs = latencyUs;
    }
  }
  const log = options.latencyLog === true || ((options.latencyLog ?? 'auto') === 'auto' && largestUs > smallestUs * LOG_AXIS_SPAN);
  // Latencies <= 0 cannot sit on a log axis: drawn at the smallest positive latency of the chart.
  const floorUs = !log ? 0 : smallestUs === Infinity ? 1 : smallestUs;
  const latencyAxis = {
    ...axisStyle(log ? 'latency (log scale)' : 'latency', 'y'),
    nameGap: 56,
    axisLabel: { ...axisStyle(undefined, 'y').axisLabel, formatter: (value: number) => formatLatencyUs(value) },
  };
  const option: EChartsOption = {
    ...baseOption(options.title, curves.map((curve) => curve.name), options.subtitle),
    xAxis: {
      type: 'log',
      logBase: 10,
      min: fromPosition,
      max: endPosition,
      ...axisStyle('percentile (log scale of 1 / (1 − p))', 'x'),
      axisLabel: { ...axisStyle(undefined, 'x').axisLabel, formatter: (value: number) => tailLabel(value) },
    },
    yAxis: log
      ? {
          type: 'log',
          logBase: 10,
          ...latencyAxis,
          minorTick: { show: true, splitNumber: 9 },
          minorSplitLine: { show: true, lineStyle: { color: '#f3f4f6' } },
        }
      : { type: 'value', min: 0, ...latencyAxis },
    series: curves.map((curve, index) =>
      stepCurveSeries(curve.name, index, [...curve.points.map(([position, latencyUs]) => [position, Math.max(latencyUs, floorUs)]), ...closing(curve.points, endPosition, floorUs)]),
    ),
  };
  return renderChartSvg(option, options.title, options);
}

/**
 * [tail position, latencyUs] where each latency starts to hold: at the previous point's fraction
 * (the first at the start of the axis); points that end before `fromPosition` are left out.
 */
export function tailPoints(points: readonly (readonly [number, number])[], fromPosition: number): [number, number][] {
  const result: [number, number][] = [];
  let previousFraction = 0;
  for (const [latencyUs, fraction] of points) {
    const start = previousFraction >= 1 ? Infinity : 1 / (1 - previousFraction);
    const end = fraction >= 1 ? Infinity : 1 / (1 - fraction);
    previousFraction = fraction;
    if (end <= fromPosition || start === Infinity) continue;
    result.push([Math.max(start, fromPosition), latencyUs]);
  }
  return result;
}

function closing(points: readonly [number, number][], endPosition: number, floorUs: number): [number, number][] {
  const last = points[points.length - 1];
  return last === undefined || last[0] >= endPosition ? [] : [[endPosition, Math.max(last[1], floorUs)]];
}

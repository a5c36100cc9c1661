import type { EChartsOption } from 'echarts';
import { renderChartSvg, type ChartCommonOptions } from './render.js';
import { axisStyle, baseOption, formatLatencyUs, stepCurveSeries } from './theme.js';

/** One curve of a latency CDF: raw latencies, or points already computed as [latencyUs, fraction of I/Os <= it]. */
export type LatencyCdfSeries =
  | { readonly name: string; readonly valuesUs: readonly number[] }
  | { readonly name: string; readonly points: readonly (readonly [number, number])[] };

/** Options of latencyCdfChart. */
export interface LatencyCdfOptions extends ChartCommonOptions {
  readonly title: string;
  readonly subtitle?: string;
  /** Most points drawn per curve; raw latencies are reduced to this many, keeping the tail. Default 600. */
  readonly maxPoints?: number;
  /** Name of the latency axis (its labels carry the unit); default `latency (log scale)`. */
  readonly latencyName?: string;
  /** Name of the fraction axis; default `fraction of I/Os ≤ latency`. */
  readonly fractionName?: string;
}

/**
 * Latency CDF (fraction of I/Os at or below each latency) with a logarithmic latency axis, one curve per series.
 * Latencies <= 0 cannot sit on a log axis and are drawn at the smallest positive latency of the chart.
 */
export function latencyCdfChart(series: readonly LatencyCdfSeries[], options: LatencyCdfOptions): string {
  const maxPoints = options.maxPoints ?? 600;
  const curves = series.map((entry) => ({
    name: entry.name,
    points: 'valuesUs' in entry ? empiricalCdf(entry.valuesUs, maxPoints) : entry.points.map(([x, y]) => [x, y] as [number, number]),
  }));
  let floorUs = Infinity;
  for (const curve of curves) for (const [latencyUs] of curve.points) if (latencyUs > 0 && latencyUs < floorUs) floorUs = latencyUs;
  if (floorUs === Infinity) floorUs = 1;
  const option: EChartsOption = {
    ...baseOption(options.title, curves.map((curve) => curve.name), options.subtitle),
    xAxis: {
      type: 'log',
      logBase: 10,
      ...axisStyle(options.latencyName ?? 'latency (log scale)', 'x'),
      axisLabel: { ...axisStyle(undefined, 'x').axisLabel, formatter: (value: number) => formatLatencyUs(value) },
      minorTick: { show: true, splitNumber: 9 },
      minorSplitLine: { show: true, lineStyle: { color: '#f3f4f6' } },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: 1,
      interval: 0.1,
      ...axisStyle(options.fractionName ?? 'fraction of I/Os ≤ latency', 'y'),
      axisLabel: { ...axisStyle(undefined, 'y').axisLabel, formatter: (value: number) => `${Math.round(value * 100)}%` },
    },
    series: curves.map((curve, index) => stepCurveSeries(curve.name, index, curve.points.map(([latencyUs, fraction]) => [Math.max(latencyUs, floorUs), fraction]))),
  };
  return renderChartSvg(option, options.title, options);
}

/**
 * Empirical CDF of `valuesUs` as [latency, fraction <= latency] points, one per distinct latency, reduced to
 * about `maxPoints` by keeping evenly spaced ranks plus ranks spaced on a log scale of 1 - fraction (the tail).
 */
export function empiricalCdf(valuesUs: readonly number[], maxPoints = 600): [number, number][] {
  const sorted = valuesUs.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return [];
  // The last index of each distinct value: the CDF's value there counts every equal sample.
  const steps: number[] = [];
  for (let index = 0; index < n; index++) {
    if (index === n - 1 || sorted[index + 1] !== sorted[index]) steps.push(index);
  }
  let chosen = steps;
  if (steps.length > maxPoints) {
    const wanted = new Set<number>();
    const half = Math.max(2, Math.floor(maxPoints / 2));
    for (let k = 0; k < half; k++) wanted.add(Math.round((k * (n - 1)) / (half - 1)));
    // Ranks at fractions 1 - 10^-e for e from 0 to log10(n): resolution in the p99, p99.9, ... tail.
    const maxExponent = Math.log10(n);
    for (let k = 0; k < half; k++) {
      const fraction = 1 - 10 ** (-(k * maxExponent) / (half - 1));
      wanted.add(Math.min(n - 1, Math.round(fraction * (n - 1))));
    }
    // Map each wanted rank to the step (distinct value) containing it.
    const stepSet = new Set<number>();
    let cursor = 0;
    for (const rank of [...wanted].sort((a, b) => a - b)) {
      while (steps[cursor]! < rank) cursor++;
      stepSet.add(steps[cursor]!);
    }
    chosen = [...stepSet].sort((a, b) => a - b);
  }
  return chosen.map((index) => [sorted[index]!, (index + 1) / n]);
}

import type { CustomSeriesRenderItem, EChartsOption } from 'echarts';
import { renderChartSvg, type ChartCommonOptions } from './render.js';
import { axisStyle, baseOption, formatCompact, seriesColor } from './theme.js';

/** One distribution: raw values, or counts per bin when the chart's `edges` are given. */
export type HistogramSeries =
  | { readonly name: string; readonly values: readonly number[] }
  | { readonly name: string; readonly counts: readonly number[] };

/** Options of histogramChart. */
export interface HistogramChartOptions extends ChartCommonOptions {
  readonly title: string;
  readonly subtitle?: string;
  readonly series: readonly HistogramSeries[];
  /** Name of the value axis with its unit, e.g. `lock wait (µs)`. */
  readonly xName: string;
  /** Default `count`. */
  readonly yName?: string;
  /** Bin edges, ascending (n + 1 edges for n bins); needed for series given as counts. Default: computed from values. */
  readonly edges?: readonly number[];
  /** Bins when edges are computed; default 20. */
  readonly binCount?: number;
  /**
   * Bins equal in log scale on a logarithmic axis (for latencies spanning decades). Computed edges start above 0 and
   * values below the first edge (including values <= 0) count in the first bin; given edges must be > 0.
   */
  readonly logBins?: boolean;
  /** Formats the value axis labels, e.g. formatLatencyUs; default compact numbers (1.2k, 3M). */
  readonly formatEdge?: (edge: number) => string;
  /** Values that cannot be negative (a wait, a size): computed bins start at 0 at the lowest, even when every value is 0. */
  readonly nonNegative?: boolean;
}

/**
 * Histogram of one or more distributions over shared bins (e.g. lock wait time per lock policy).
 * A value falls into bin i when edges[i] <= value < edges[i + 1]; the last bin also takes values equal to its upper edge.
 */
export function histogramChart(options: HistogramChartOptions): string {
  const edges = options.edges === undefined ? computeEdges(options) : [...options.edges];
  if (edges.length < 2) throw new RangeError('histogramChart: needs at least two bin edges');
  for (let index = 1; index < edges.length; index++) {
    if (!(edges[index]! > edges[index - 1]!)) throw new RangeError('histogramChart: bin edges must increase');
  }
  const binCount = edges.length - 1;
  const countsPerSeries = options.series.map((entry) => {
    if ('counts' in entry) {
      if (entry.counts.length !== binCount) {
        throw new RangeError(`histogramChart: series ${entry.name} has ${entry.counts.length} counts for ${binCount} bins`);
      }
      return [...entry.counts];
    }
    // On a log axis nothing sits at or below 0: such values count in the first bin.
    const values = options.logBins === true ? entry.values.map((value) => Math.max(value, edges[0]!)) : entry.values;
    return binValues(values, edges);
  });
  const format = options.formatEdge ?? formatCompact;
  const logAxis = options.logBins === true;
  if (logAxis && !(edges[0]! > 0)) throw new RangeError('histogramChart: a logarithmic axis needs bin edges > 0');
  const seriesCount = options.series.length;
  // Bars of several series share a bin side by side, leaving a small gap between bins.
  const renderBin = (seriesIndex: number, color: string): CustomSeriesRenderItem => (_params, api) => {
    const lowCorner = api.coord([api.value(0) as number, 0]);
    const highCorner = api.coord([api.value(1) as number, api.value(2) as number]);
    const binWidth = highCorner[0]! - lowCorner[0]!;
    const gap = Math.min(2, binWidth * 0.1);
    const barWidth = (binWidth - gap) / seriesCount;
    return {
      type: 'rect',
      shape: {
        x: lowCorner[0]! + gap / 2 + seriesIndex * barWidth,
        y: highCorner[1]!,
        width: Math.max(barWidth, 0.5),
        height: lowCorner[1]! - highCorner[1]!,
      },
      style: { fill: color, opacity: 0.9 },
    };
  };
  const option: EChartsOption = {
    ...baseOption(options.title, seriesCount > 1 ? options.series.map((entry) => entry.name) : [], options.subtitle),
    xAxis: {
      type: logAxis ? 'log' : 'value',
      min: edges[0]!,
      max: edges[binCount]!,
      ...axisStyle(options.xName + (logAxis ? ' (log scale)' : ''), 'x'),
      axisLabel: { ...axisStyle(undefined, 'x').axisLabel, formatter: (value: number) => format(value) },
    },
    yAxis: {
      type: 'value',
      min: 0,
      ...axisStyle(options.yName ?? 'count', 'y'),
      axisLabel: { ...axisStyle(undefined, 'y').axisLabel, formatter: (value: number) => formatCompact(value) },
    },
    series: options.series.map((entry, index) => ({
      type: 'custom' as const,
      name: entry.name,
      renderItem: renderBin(index, seriesColor(index)),
      encode: { x: [0, 1], y: 2 },
      silent: true,
      itemStyle: { color: seriesColor(index) },
      data: countsPerSeries[index]!.map((count, bin) => [edges[bin]!, edges[bin + 1]!, count]),
    })),
  };
  return renderChartSvg(option, options.title, options);
}

/** Counts of `values` per bin of `edges` (see histogramChart); values outside the edges are not counted. */
export function binValues(values: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length - 1).fill(0);
  const last = edges.length - 1;
  for (const value of values) {
    if (!(value >= edges[0]! && value <= edges[last]!)) continue;
    // Binary search for the last edge <= value.
    let low = 0;
    let high = last;
    while (high - low > 1) {
      const middle = (low + high) >> 1;
      if (edges[middle]! <= value) low = middle;
      else high = middle;
    }
    counts[low]!++;
  }
  return counts;
}

function computeEdges(options: HistogramChartOptions): number[] {
  const binCount = options.binCount ?? 20;
  const values: number[] = [];
  for (const entry of options.series) {
    if (!('values' in entry)) throw new RangeError(`histogramChart: series ${entry.name} gives counts, so edges are required`);
    for (const value of entry.values) if (Number.isFinite(value)) values.push(value);
  }
  if (values.length === 0) return options.logBins === true ? [1, 10] : [0, 1];
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (options.logBins === true) {
    let low = Infinity;
    for (const value of values) if (value > 0 && value < low) low = value;
    if (low === Infinity) return [1, 10];
    const high = Math.max(max, low * 10);
    const logLow = Math.floor(Math.log10(low) * 4) / 4;
    const logHigh = Math.ceil(Math.log10(high) * 4) / 4;
    const edges = Array.from({ length: binCount + 1 }, (_, index) => 10 ** (logLow + ((logHigh - logLow) * index) / binCount));
    const rounded = edges.map((edge) => Number(edge.toPrecision(4)));
    rounded[binCount] = Math.max(rounded[binCount]!, max);
    return rounded;
  }
  // One value: a bin around it, which for a quantity that cannot be negative stops at 0.
  if (min === max) return [options.nonNegative === true ? Math.max(0, min - 0.5) : min - 0.5, max + 0.5];
  const width = niceStep((max - min) / binCount);
  const start = Math.floor(min / width) * width;
  const count = Math.max(1, Math.ceil((max - start) / width - 1e-9));
  return Array.from({ length: count + 1 }, (_, index) => Number((start + index * width).toPrecision(12)));
}

/** The 1, 2 or 5 times a power of ten nearest above `step`. */
function niceStep(step: number): number {
  const power = 10 ** Math.floor(Math.log10(step));
  const fraction = step / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

/**
 * One small chart of each kind and shape the reports draw. The build draws them before saving
 * ECharts' code cache (echarts-module.ts), so that the cache holds the code every report runs.
 */
import { barChart } from './bar.js';
import { errorBarChart } from './error-bar.js';
import { histogramChart } from './histogram.js';
import { latencyCdfChart } from './latency-cdf.js';
import { latencyTailChart } from './latency-tail.js';
import { stackedAreaChart } from './stacked-area.js';
import { formatLatencyUs } from './theme.js';
import { timeSeriesChart } from './time-series.js';

/** Draws the sample charts; returns their SVG. */
export function drawSampleCharts(): string[] {
  const times = Array.from({ length: 41 }, (_, index) => index * 0.25);
  const latenciesUs = Array.from({ length: 400 }, (_, index) => 50 + ((index * 7919) % 400) ** 1.5);
  const markers = [{ atSeconds: 2.5, label: 'preserve s1' }];
  return [
    latencyCdfChart(
      [
        { name: 'read', valuesUs: latenciesUs },
        { name: 'write', points: [[0, 0.1], [120, 0.5], [4000, 1]] },
      ],
      { title: 'Latency CDF', subtitle: 'sample' },
    ),
    latencyCdfChart([], { title: 'Latency CDF, no I/O' }),
    latencyTailChart([{ name: 'write', points: [[0, 0.5], [120, 0.95], [900, 0.9995], [4000, 1]] }], { title: 'Latency tail', subtitle: 'sample' }),
    barChart({ title: 'Log bars', categories: ['a', 'b'], series: [{ name: 's', values: [0, 3000] }], yName: 'latency (µs)', valueLog: true }),
    timeSeriesChart({ title: 'IOPS over time', yName: 'IOPS', series: [{ name: 'w', points: times.map((t) => [t, 1000 + 100 * Math.sin(t)]) }], markers, step: true }),
    timeSeriesChart({ title: 'p99 over time', yName: 'p99 (µs)', series: [{ name: 'w', points: times.map((t) => [t, 100 + t * t]) }], yLog: true }),
    timeSeriesChart({ title: 'one point', yName: 'requests', series: [{ name: 'd', points: [[0, 0]] }] }),
    barChart({ title: 'Bars', categories: ['a', 'b'], series: [{ name: 's', values: [1, null] }, { name: 't', values: [2, 3] }], yName: 'count', stacked: true }),
    barChart({ title: 'Horizontal bars', categories: ['a long category name', 'b'], series: [{ name: 's', values: [0.4, 0.9] }], yName: 'utilisation', horizontal: true }),
    histogramChart({ title: 'Histogram', xName: 'lock wait (µs)', series: [{ name: 'chunk', values: latenciesUs }], logBins: true, binCount: 12, formatEdge: formatLatencyUs }),
    errorBarChart({
      title: 'Error bars',
      xName: 'workloads.0.jobs',
      yName: 'p99 write latency (µs)',
      xLog: true,
      series: [{ name: 'chunk', points: [1, 4, 16].map((jobs) => ({ x: jobs, mean: 300 * jobs, low: 270 * jobs, high: 330 * jobs })) }],
    }),
    errorBarChart({ title: 'Categories', xName: 'engine.locks', yName: 'IOPS', series: [{ name: 'iops', points: ['global', 'chunk'].map((x, index) => ({ x, mean: 10 + index, low: NaN, high: NaN })) }] }),
    stackedAreaChart({ title: 'Store growth', yName: 'store chunks used', series: [{ name: 's1', points: times.map((t) => [t, Math.floor(t * 10)]) }], markers }),
  ];
}

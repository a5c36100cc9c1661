import { barChart, errorBarChart, histogramChart, latencyCdfChart, stackedAreaChart, timeSeriesChart } from '../../reports/charts/index.js';
import { chartFigure, chartGrid, htmlPage, htmlTable, keyValueTable, preBlock, verdictBanner } from '../../reports/html/index.js';
import { formatLatencyUs } from '../../reports/charts/index.js';

/** A small deterministic generator (LCG) so that sample charts are the same on every run. */
export function sampleRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 2 ** 32;
  };
}

/** Log-normal latencies in µs around `medianUs`, with a heavier tail for a fraction of I/Os. */
export function sampleLatencies(count: number, medianUs: number, seed: number): number[] {
  const random = sampleRandom(seed);
  return Array.from({ length: count }, () => {
    const normal = Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random());
    const tail = random() < 0.02 ? 8 : 1;
    return Math.round(medianUs * Math.exp(0.45 * normal) * tail * 10) / 10;
  });
}

/** One chart of every kind, as SVG strings keyed by kind. */
export function sampleCharts(): Record<string, string> {
  const times = Array.from({ length: 121 }, (_, index) => index * 0.25);
  const random = sampleRandom(7);
  const markers = [
    { atSeconds: 10, label: 'preserve s1' },
    { atSeconds: 20, label: 'preserve s2' },
  ];
  return {
    latencyCdf: latencyCdfChart(
      [
        { name: 'read', valuesUs: sampleLatencies(20_000, 180, 1) },
        { name: 'write', valuesUs: sampleLatencies(20_000, 420, 2) },
        { name: 'write during snapshot', valuesUs: sampleLatencies(5_000, 900, 3) },
      ],
      { title: 'Latency CDF per operation', subtitle: 'oltp on nvme, chunk locks' },
    ),
    timeSeries: timeSeriesChart({
      title: 'p99 write latency over time',
      yName: 'p99 write latency (µs)',
      series: [
        {
          name: 'p99 write',
          points: times.map((t) => [t, 400 + (t >= 10 ? 2500 * Math.exp(-(t - 10) / 2) : 0) + (t >= 20 ? 1800 * Math.exp(-(t - 20) / 2) : 0) + 60 * random()]),
        },
        { name: 'p99 read', points: times.map((t) => [t, 250 + 40 * random()]) },
      ],
      markers,
    }),
    bar: barChart({
      title: 'Device utilisation',
      categories: ['origin (nvme)', 'snapshot store (hdd)', 'journal (nvme)'],
      series: [{ name: 'utilisation', values: [0.41, 0.87, 0.12] }],
      yName: 'utilisation',
    }),
    histogram: histogramChart({
      title: 'Lock wait time per lock policy',
      xName: 'lock wait (µs)',
      series: [
        { name: 'global', values: sampleLatencies(4000, 120, 11) },
        { name: 'chunk', values: sampleLatencies(4000, 30, 12) },
      ],
      logBins: true,
      binCount: 16,
      formatEdge: formatLatencyUs,
    }),
    errorBar: errorBarChart({
      title: 'p99 write latency against jobs (95 % CI)',
      xName: 'workloads.0.jobs',
      yName: 'p99 write latency (µs)',
      xLog: true,
      series: [
        {
          name: 'global',
          points: [1, 4, 16, 64].map((jobs) => ({ x: jobs, mean: 300 * jobs ** 0.8, low: 300 * jobs ** 0.8 * 0.9, high: 300 * jobs ** 0.8 * 1.1 })),
        },
        {
          name: 'chunk',
          points: [1, 4, 16, 64].map((jobs) => ({ x: jobs, mean: 280 * jobs ** 0.45, low: 280 * jobs ** 0.45 * 0.93, high: 280 * jobs ** 0.45 * 1.07 })),
        },
      ],
    }),
    errorBarCategorical: errorBarChart({
      title: 'IOPS per lock policy (95 % CI)',
      xName: 'engine.locks',
      yName: 'IOPS',
      series: [
        {
          name: 'iops',
          points: [
            { x: 'global', mean: 21000, low: 20400, high: 21600 },
            { x: 'chunk', mean: 48000, low: 47000, high: 49000 },
            { x: 'striped', mean: 45500, low: NaN, high: NaN },
          ],
        },
      ],
    }),
    stackedArea: stackedAreaChart({
      title: 'Snapshot store growth',
      yName: 'store chunks used',
      series: [
        { name: 's1', points: times.filter((t) => t >= 10).map((t) => [t, Math.round(4000 * (1 - Math.exp(-(t - 10) / 6)))]) },
        { name: 's2', points: times.filter((t) => t >= 20).map((t) => [t, Math.round(2500 * (1 - Math.exp(-(t - 20) / 6)))]) },
      ],
      markers,
    }),
  };
}

/** A report page with every chart kind, a verdict, tables and an echoed scenario. */
export function sampleReportHtml(): string {
  const charts = sampleCharts();
  return htmlPage({
    title: 'cowsim report: oltp-snapshot',
    subtitle: 'seed 42 · 30 simulated seconds · nvme origin, hdd snapshot store',
    lead: verdictBanner('pass', 'correctness: 4096 blocks checked, 0 mismatches'),
    sections: [
      { heading: 'Latency', html: chartGrid([chartFigure(charts.latencyCdf!), chartFigure(charts.timeSeries!, 'Dashed lines: preserve commands.')]) },
      { heading: 'Snapshots and locks', html: chartGrid([chartFigure(charts.stackedArea!), chartFigure(charts.histogram!)]) },
      { heading: 'Devices', html: chartGrid([chartFigure(charts.bar!)]) },
      { heading: 'Sweep', html: chartGrid([chartFigure(charts.errorBar!), chartFigure(charts.errorBarCategorical!)]) },
      {
        heading: 'Summary',
        html:
          keyValueTable({ iops: 21034.5, throughputMBps: 82.166, 'latency.write.p99': 2950, 'correctness.mismatches': 0 }) +
          htmlTable(
            [
              { id: 's1', takenAtSeconds: 10, cowCopies: 4012, dualWrites: 7, valid: true },
              { id: 's2', takenAtSeconds: 20, cowCopies: 2455, dualWrites: 0, valid: true },
            ],
            ['id', 'takenAtSeconds', 'cowCopies', 'dualWrites', 'valid'],
            { caption: 'snapshots' },
          ),
      },
      { heading: 'Scenario', html: preBlock('name: oltp-snapshot\nseed: 42\nengine:\n  locks: chunk\n', 'scenario.yaml') },
    ],
    footer: 'Reproduce: npx cowsim run --scenario oltp-snapshot.yaml --seed 42',
  });
}

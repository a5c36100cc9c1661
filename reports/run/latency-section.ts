/**
 * The latency section of report.html: the CDF drawn from every histogram bucket, the tail above
 * p90 in the HdrHistogram style, percentiles per workload and operation on a log axis, the
 * timelines, and the table of the scenario's report.percentiles.
 */
import {
  barChart,
  latencyCdfChart,
  latencyTailChart,
  timeSeriesChart,
  type LatencyCdfSeries,
} from '../charts/index.js';
import { chartFigure, chartGrid, htmlTable, type CellValue } from '../html/index.js';
import { ioKinds, type IoKind, type RunResult } from '../../workloads/run-result.js';
import { STABLE_KEYS } from '../statistics/figure-name.js';
import { formatFigureUs, formatSeconds } from './format.js';
import type { LatencyFiguresUs, RunSummary } from './summary.js';
import { inUnit, stepPoints, timeMarkers } from './timeline-points.js';

/** The percentiles of the latency table when the scenario gives no report.percentiles: summary.json's stable keys. */
export const DEFAULT_REPORT_PERCENTILES: readonly number[] = [50, 90, 99, 99.9];

/** Percentiles of the chart when the scenario gives none: the middle and the tail. */
const DEFAULT_CHART_PERCENTILES: readonly number[] = [50, 99, 99.9];

export const operationNames: Record<IoKind, string> = { read: 'read', write: 'write', snapshotRead: 'snapshot read' };

/** The scenario's report.percentiles, undefined when it gives none. */
export function scenarioPercentiles(result: RunResult): readonly number[] | undefined {
  return result.scenario.parsed?.report?.percentiles;
}

/** A latency figure at a percentile: from the scenario's percentiles, else from the stable keys; undefined when neither has it or nothing was measured. */
export function percentileUs(latency: LatencyFiguresUs, percentile: number): number | undefined {
  const key = String(percentile);
  const listed = latency.percentiles?.[key];
  if (listed !== undefined) return listed ?? undefined;
  const stable = STABLE_KEYS.get(key);
  return stable === undefined ? undefined : (latency[stable] ?? undefined);
}

/** Renders the latency section of a run's report.html. */
export function latencySectionHtml(result: RunResult, summary: RunSummary): string {
  const configured = scenarioPercentiles(result);
  const tablePercentiles = configured ?? DEFAULT_REPORT_PERCENTILES;
  const chartPercentiles = configured ?? DEFAULT_CHART_PERCENTILES;
  const cdfSeries: LatencyCdfSeries[] = [];
  for (const workload of result.workloads) {
    for (const kind of ioKinds) {
      const points = workload.cdf[kind];
      if (points !== undefined && points.length > 0) cdfSeries.push({ name: `${workload.name} ${operationNames[kind]}`, points });
    }
  }
  const latencyRows = [
    ...ioKinds.map((kind) => ({ workload: 'all workloads', operation: operationNames[kind], ...summary.latency[kind] })),
    ...summary.workloads.flatMap((workload) =>
      ioKinds
        .filter((kind) => workload.latency[kind] !== undefined)
        .map((kind) => ({ workload: workload.name, operation: operationNames[kind], ...workload.latency[kind]! })),
    ),
  ];
  const perWorkload = latencyRows.filter((row) => row.workload !== 'all workloads' && row.count > 0);
  const barScale = latencyUnit(Math.max(0, ...perWorkload.flatMap((row) => chartPercentiles.map((percentile) => percentileUs(row, percentile) ?? 0))));
  const rows = result.timeline.rows;
  const markers = timeMarkers(result);
  const interval = formatSeconds(result.timeline.intervalSeconds);
  const timeScale = latencyUnit(Math.max(0, ...rows.map((row) => Math.max(row.readP99Us ?? 0, row.writeP99Us ?? 0))));
  const charts = [
    chartFigure(
      latencyCdfChart(cdfSeries, {
        title: 'Latency CDF per workload and operation',
        subtitle: 'after ramp-up; a curve further left is faster',
        idPrefix: 'run-latency-cdf',
      }),
      'Fraction of I/Os completed within a latency (logarithmic axis), drawn from every bucket of the latency histogram; the tail is where the curves approach 100 %.',
    ),
    chartFigure(
      latencyTailChart(cdfSeries.map((entry) => ({ name: entry.name, points: 'points' in entry ? entry.points : [] })), {
        title: 'Latency tail per workload and operation',
        subtitle: 'after ramp-up, from p90; a lower curve is faster',
        idPrefix: 'run-latency-tail',
      }),
      'Latency by percentile in the HdrHistogram style: each step right is ten times rarer. A curve ends where its histogram runs out of I/Os and holds the largest latency from there.',
    ),
    chartFigure(
      barChart({
        title: 'Latency percentiles per workload and operation',
        subtitle: 'after ramp-up; logarithmic axis',
        // Two-line category labels: long workload names fit under their bars.
        categories: perWorkload.map((row) => `${row.workload}\n${row.operation}`),
        series: chartPercentiles.map((percentile) => ({
          name: `p${percentile}`,
          values: perWorkload.map((row) => {
            const valueUs = percentileUs(row, percentile);
            return valueUs === undefined ? null : valueUs / barScale.divisor;
          }),
        })),
        yName: `latency (${barScale.unit}, log scale)`,
        valueLog: true,
        idPrefix: 'run-latency-percentiles',
      }),
    ),
    chartFigure(
      timeSeriesChart({
        title: 'IOPS over time',
        subtitle: `per ${interval} interval, all workloads`,
        yName: 'IOPS',
        series: [{ name: 'IOPS', points: stepPoints(result, (row) => row.iops) }],
        markers,
        step: true,
        nonNegative: true,
        idPrefix: 'run-iops',
      }),
      result.preserves.length === 0 ? 'No preserve command in this run.' : 'Dashed lines: preserve commands (sN creates snapshot N).',
    ),
    chartFigure(
      timeSeriesChart({
        title: 'p99 latency over time',
        subtitle: `per ${interval} interval, of the I/Os completed in it`,
        yName: `p99 latency (${timeScale.unit})`,
        series: [
          { name: 'read p99', points: stepPoints(result, (row) => inUnit(row.readP99Us, timeScale.divisor)) },
          { name: 'write p99', points: stepPoints(result, (row) => inUnit(row.writeP99Us, timeScale.divisor)) },
        ].filter((series, _index, all) => hasPoint(series.points) || !all.some((other) => hasPoint(other.points))),
        markers,
        step: true,
        nonNegative: true,
        idPrefix: 'run-p99',
      }),
      result.preserves.length === 0
        ? 'Gaps: no such I/O completed.'
        : 'Writes right after a preserve command pay for the copies; the spike shows how long that lasts. Gaps: no such I/O completed.',
    ),
  ];
  const latencyCell = (pick: (row: LatencyFiguresUs) => number | null | undefined) => (_value: CellValue, row: LatencyFiguresUs) =>
    formatFigureUs(row.count === 0 ? null : pick(row));
  const table = htmlTable(
    latencyRows,
    [
      'workload',
      'operation',
      { key: 'count', label: 'I/Os' },
      { key: 'mean', align: 'right' as const, format: latencyCell((row) => row.mean) },
      ...tablePercentiles.map((percentile) => ({
        key: `p${percentile}`,
        label: `p${percentile}`,
        align: 'right' as const,
        format: latencyCell((row) => percentileUs(row, percentile)),
      })),
      { key: 'max', align: 'right' as const, format: latencyCell((row) => row.max) },
    ],
    { caption: 'latency per workload and operation, after ramp-up' },
  );
  return chartGrid(charts) + table;
}

/** Whether a series has a point to draw: a run that did none of a kind has no curve of it. */
function hasPoint(points: readonly [number, number][]): boolean {
  return points.some(([, value]) => Number.isFinite(value));
}

/** The unit that keeps latency axis labels short: ms once latencies reach 10 ms. */
function latencyUnit(maxUs: number): { unit: string; divisor: number } {
  return maxUs >= 10_000 ? { unit: 'ms', divisor: 1000 } : { unit: 'µs', divisor: 1 };
}

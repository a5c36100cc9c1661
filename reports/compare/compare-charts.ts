/**
 * The comparison's charts, every arm on one chart: latency CDFs per operation, and throughput and
 * write p99 per timeline interval with the preserve commands marked. Each arm's curve comes from
 * its run of the first replication.
 */
import { formatLatencyUs, latencyCdfChart, timeSeriesChart, type TimeMarker, type TimeSeries } from '../charts/index.js';
import type { IoKind, RunResult } from '../../workloads/run-result.js';
import { inUnit, stepPoints } from '../run/timeline-points.js';
import type { Arm } from './arms.js';

/**
 * The CDF of one operation over all workloads of a run: each workload's CDF points weighted by its
 * I/O count (a mixture), evaluated at every latency any workload's points name.
 */
export function pooledCdf(result: RunResult, kind: IoKind): [number, number][] {
  const parts = result.workloads.flatMap((workload) => {
    const points = workload.cdf[kind];
    const count = workload.latency[kind]?.count ?? 0;
    return points === undefined || count === 0 ? [] : [{ points, count }];
  });
  if (parts.length === 0) return [];
  if (parts.length === 1) return parts[0]!.points.map(([latencyUs, fraction]) => [latencyUs, fraction]);
  const total = parts.reduce((sum, part) => sum + part.count, 0);
  const latencies = [...new Set(parts.flatMap((part) => part.points.map(([latencyUs]) => latencyUs)))].sort((a, b) => a - b);
  const cursors = parts.map(() => -1);
  return latencies.map((latencyUs) => {
    let below = 0;
    parts.forEach((part, index) => {
      while (cursors[index]! + 1 < part.points.length && part.points[cursors[index]! + 1]![0] <= latencyUs) cursors[index]!++;
      const at = cursors[index]!;
      if (at >= 0) below += part.count * part.points[at]![1];
    });
    return [latencyUs, below / total];
  });
}

/**
 * Overlaid CDFs of one operation, one curve per arm; undefined when no arm did it. An arm that did
 * not (the baseline has no snapshot reads) keeps its place with no curve, so each arm keeps its
 * colour on every chart.
 */
export function armsCdfChart(arms: readonly Arm[], runs: readonly RunResult[], kind: IoKind, title: string, idPrefix: string): string | undefined {
  const series = arms.map((arm, index) => ({ name: arm.name, points: pooledCdf(runs[index]!, kind) }));
  if (series.every((entry) => entry.points.length === 0)) return undefined;
  return latencyCdfChart(series, { title, subtitle: 'all workloads, after ramp-up; a curve further left is faster', idPrefix });
}

/** The preserve commands of the first arm that gave any (timed commands fall at the same times in every arm). */
export function commandMarkers(runs: readonly RunResult[]): TimeMarker[] {
  const run = runs.find((candidate) => candidate.preserves.length > 0);
  return (run?.preserves ?? []).map((event) => ({ atSeconds: event.atSeconds, label: `s${event.snapshotId}` })).sort((a, b) => a.atSeconds - b.atSeconds);
}

/** Throughput per interval, every arm on one chart. */
export function throughputTimeline(arms: readonly Arm[], runs: readonly RunResult[]): string {
  const series: TimeSeries[] = arms.map((arm, index) => ({ name: arm.name, points: stepPoints(runs[index]!, (row) => row.throughputMBps) }));
  const interval = runs[0]!.timeline.intervalSeconds;
  return timeSeriesChart({
    title: 'Throughput over time',
    subtitle: `MB/s per ${formatLatencyUs(interval * 1e6)} interval, all workloads`,
    yName: 'MB/s',
    series,
    markers: commandMarkers(runs),
    step: true,
    nonNegative: true,
    idPrefix: 'compare-throughput',
  });
}

/** Write p99 per interval, every arm on one chart; an interval with no write is a gap. */
export function writeP99Timeline(arms: readonly Arm[], runs: readonly RunResult[]): string {
  const largestUs = runs.reduce((largest, run) => run.timeline.rows.reduce((most, row) => Math.max(most, row.writeP99Us ?? 0), largest), 0);
  const scale = largestUs >= 10_000 ? { unit: 'ms', divisor: 1000 } : { unit: 'µs', divisor: 1 };
  const series: TimeSeries[] = arms.map((arm, index) => ({
    name: arm.name,
    points: stepPoints(runs[index]!, (row) => inUnit(row.writeP99Us, scale.divisor)),
  }));
  const interval = runs[0]!.timeline.intervalSeconds;
  return timeSeriesChart({
    title: 'Write p99 over time',
    subtitle: `of the writes completed in each ${formatLatencyUs(interval * 1e6)} interval`,
    yName: `write p99 (${scale.unit})`,
    series,
    markers: commandMarkers(runs),
    step: true,
    nonNegative: true,
    idPrefix: 'compare-write-p99',
  });
}

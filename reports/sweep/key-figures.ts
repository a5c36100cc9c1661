/**
 * The key figures of a run that a sweep aggregates: the flattened summary.json keys (the names
 * `cowsim gate` rules use) for throughput, latency, locks, CoW cost, correctness and device
 * utilisation, overall and per workload. Left out: wall time (it varies between identical runs),
 * per-snapshot and per-preserve figures (their number varies with the run), identifiers and
 * scenario constants.
 */
import type { RunSummary } from '../run/summary.js';
import { flattenNullableFigures, type NullableFigures } from '../statistics/flatten-figures.js';

const LATENCY = '(?:mean|p50|p90|p99|p999|max)';
const KEY_FIGURE = new RegExp(
  [
    '^ios\\.(?:total|reads|writes|snapshotReads)$',
    '^(?:iops|throughputMBps)$',
    `^latency\\.(?:read|write|snapshotRead)\\.${LATENCY}$`,
    '^locks\\.(?:acquisitions|contended|waitMean|waitP50|waitP99|waitMax|maxQueue|holdMean|holdP99|holdMax)$',
    '^cow\\.(?:copies|dualWrites|copyReads|imageWrites|metadataWrites|flushes|storeChunksUsed)$',
    '^correctness\\.(?:checkedBlocks|mismatches)$',
    '^devices\\.\\d+\\.(?:utilization|iops|meanQueueDepth)$',
    '^workloads\\.\\d+\\.(?:iops|throughputMBps)$',
    `^workloads\\.\\d+\\.latency\\.(?:read|write|snapshotRead)\\.(?:mean|p99)$`,
    '^schedule\\.(?:commands|taken|skipped)$',
    '^preserveCommands$',
    '^longestInFlightIoUs$',
  ].join('|'),
);

/** Whether a flattened summary key is a key figure. */
export function isKeyFigure(figure: string): boolean {
  return KEY_FIGURE.test(figure);
}

/**
 * The key figures of a summary, in summary.json order, plus the preserve commands taken and the
 * longest I/O in flight across any of them (longestInFlightIoUs; `pauseUs` in summaries written
 * before it was renamed). A figure that is null in the summary is null here.
 */
export function keyFigures(summary: RunSummary | Readonly<Record<string, unknown>>): NullableFigures {
  // Null figures (a latency of an operation with no I/Os) are kept, so sweep.csv has their column with n = 0.
  const all = flattenNullableFigures(summary);
  const figures: NullableFigures = {};
  for (const [figure, value] of Object.entries(all)) if (isKeyFigure(figure)) figures[figure] = measuredOrNull(all, figure, value);
  const preserves = (summary as { preserves?: { longestInFlightIoUs?: number | null; pauseUs?: number }[] }).preserves;
  if (Array.isArray(preserves)) {
    figures.preserveCommands = preserves.length;
    // Commands that found nothing in flight have no such I/O: the longest of none is null, not 0.
    const longest = preserves.map((event) => event.longestInFlightIoUs ?? event.pauseUs ?? null).filter((value): value is number => value !== null);
    figures.longestInFlightIoUs = longest.length === 0 ? null : Math.max(...longest);
  }
  return figures;
}

/**
 * A figure of a distribution that counted nothing as null, also in summaries written before such
 * figures were null (a sweep.json merged from older shards holds 0 there), so the mean skips it.
 */
function measuredOrNull(all: NullableFigures, figure: string, value: number | null): number | null {
  const latency = /^(.*\blatency\.[A-Za-z]+)\.(?!count$)[^.]+$/.exec(figure);
  if (latency !== null && all[`${latency[1]}.count`] === 0) return null;
  if (/^locks\.(?:wait|hold)/.test(figure) && all['locks.acquisitions'] === 0) return null;
  return value;
}

/** Snapshots a run took: schedule.taken, or its preserve commands in summaries written before schedule existed. */
export function snapshotsTaken(summary: Readonly<Record<string, unknown>>): number | undefined {
  const taken = (summary.schedule as { taken?: unknown } | undefined)?.taken;
  if (typeof taken === 'number') return taken;
  const preserves = summary.preserves;
  return Array.isArray(preserves) ? preserves.length : undefined;
}

/**
 * The figures a sweep report charts against the swept field, in this order, when a run has them.
 * Every key figure is in sweep.csv.
 */
export const CHARTED_FIGURES: readonly { figure: string; label: string }[] = [
  { figure: 'iops', label: 'IOPS' },
  { figure: 'throughputMBps', label: 'throughput (MB/s)' },
  { figure: 'latency.read.mean', label: 'mean read latency (µs)' },
  { figure: 'latency.read.p99', label: 'p99 read latency (µs)' },
  { figure: 'latency.write.mean', label: 'mean write latency (µs)' },
  { figure: 'latency.write.p99', label: 'p99 write latency (µs)' },
  { figure: 'latency.snapshotRead.p99', label: 'p99 snapshot read latency (µs)' },
  { figure: 'locks.waitP99', label: 'p99 lock wait (µs)' },
  { figure: 'locks.contended', label: 'contended lock acquisitions' },
  { figure: 'cow.copies', label: 'CoW copies' },
  { figure: 'cow.dualWrites', label: 'dual writes' },
  { figure: 'cow.storeChunksUsed', label: 'snapshot store chunks used' },
  { figure: 'longestInFlightIoUs', label: 'longest I/O in flight across a preserve command (µs)' },
  { figure: 'correctness.mismatches', label: 'correctness mismatches' },
];

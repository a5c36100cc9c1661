/**
 * `cowsim run --baseline`: the run against the same scenario and seed with snapshots off (the
 * baseline of design.md section 8, as `cowsim compare` runs it), so the summary says what the
 * snapshots cost. The figures are taken from the two runs' summaries as summary.json rounds them;
 * live throughput counts only the workloads on the live view, as compare does, since a snapshot
 * reader has nothing to read with snapshots off.
 */
import { summaryUnits } from './summary-units.js';
import { liveThroughputMBps } from '../compare/arms.js';
import { signedLatency } from '../compare/format.js';
import type { RunResult } from '../../workloads/run-result.js';
import { formatCount, percent } from './format.js';
import { fraction } from './round.js';
import { buildSummary, latencyDelta, type LatencyFiguresUs, type RunSummary } from './summary.js';

/** The percentiles the baseline is compared on. */
export const BASELINE_PERCENTILES = ['p50', 'p99', 'p999'] as const;
export type BaselinePercentile = (typeof BASELINE_PERCENTILES)[number];

/** Latency percentiles in µs, in the order of BASELINE_PERCENTILES; null when the run had no such I/O. */
export type PercentilesUs = Record<BaselinePercentile, number | null>;

/** The `baseline` key of summary.json; present only in runs with `--baseline`. */
export interface BaselineSummary {
  /** This run's throughputMBps (every workload) over the baseline's; null when the baseline moved no data. */
  throughputRatio: number | null;
  /** The same over the workloads on the live view alone: what the snapshots cost the applications. */
  liveThroughputRatio: number | null;
  /** This run's iops over the baseline's; null when the baseline completed no I/O. */
  iopsRatio: number | null;
  /** This run's percentile minus the baseline's, µs (positive: slower with snapshots); null when either run has no such I/O. */
  latencyDeltaUs: { read: Record<BaselinePercentile, number | null>; write: Record<BaselinePercentile, number | null> };
  /** The baseline run's own figures. */
  baseline: {
    iops: number;
    throughputMBps: number;
    liveThroughputMBps: number;
    latency: { read: PercentilesUs; write: PercentilesUs };
    /** The baseline's correctness check: it must pass too. `reproduce` reruns both runs. */
    correctness: { verdict: RunSummary['correctness']['verdict']; mismatches: number; reproduce: string };
  };
}

/** The `baseline` key for a run (`summary` built from `result`) and its run with snapshots off. */
export function baselineSummary(result: RunResult, summary: RunSummary, baseline: RunResult): BaselineSummary {
  const other = buildSummary(baseline);
  const ratio = (mine: number, theirs: number): number | null => (theirs > 0 ? fraction(mine / theirs) : null);
  const deltas = (kind: 'read' | 'write'): Record<BaselinePercentile, number | null> => {
    const mine = summary.latency[kind];
    const theirs = other.latency[kind];
    return percentiles((percentile) => latencyDelta(mine[percentile], theirs[percentile]));
  };
  const baselineLive = liveThroughputMBps(baseline);
  return {
    throughputRatio: ratio(summary.throughputMBps, other.throughputMBps),
    liveThroughputRatio: ratio(liveThroughputMBps(result), baselineLive),
    iopsRatio: ratio(summary.iops, other.iops),
    latencyDeltaUs: { read: deltas('read'), write: deltas('write') },
    baseline: {
      iops: other.iops,
      throughputMBps: other.throughputMBps,
      liveThroughputMBps: baselineLive,
      latency: { read: percentilesOf(other.latency.read), write: percentilesOf(other.latency.write) },
      correctness: {
        verdict: other.correctness.verdict,
        mismatches: other.correctness.mismatches,
        reproduce: baselineReproduce(result),
      },
    },
  };
}

/** The summary with its `baseline` key, last, so every other key keeps its place. */
export function withBaseline(summary: RunSummary, result: RunResult, baseline: RunResult): RunSummary {
  // The units map stays last and covers the baseline's figures too.
  const { units: _units, ...figures } = summary;
  const withIt = { ...figures, baseline: baselineSummary(result, summary, baseline) };
  return { ...withIt, units: summaryUnits(withIt) };
}

/** The command that reruns the run and its baseline. */
export function baselineReproduce(result: RunResult): string {
  return `${result.correctness.reproduce} --baseline`;
}

/**
 * What the snapshots cost, in one sentence that starts in lower case: "snapshots cost 31.9 % of
 * live throughput; write p99 +213 ms, read p99 +12 ms against the same run without snapshots".
 */
export function baselineSentence(figures: BaselineSummary): string {
  const against = 'against the same run without snapshots';
  const latency = (['write', 'read'] as const).flatMap((kind) => {
    const delta = figures.latencyDeltaUs[kind].p99;
    return delta === null ? [] : [`${kind} p99 ${signedLatency(delta)}`];
  });
  const ratio = figures.liveThroughputRatio;
  const throughput = ratio === null ? undefined : throughputClause(ratio - 1);
  if (throughput === undefined && latency.length === 0) return `no live I/O to compare ${against}`;
  if (throughput === undefined) return `${latency.join(', ')} ${against}`;
  if (latency.length === 0) return `${throughput} ${against}`;
  return `${throughput}; ${latency.join(', ')} ${against}`;
}

/** The sentence as a headline: capitalised, with a full stop. */
export function baselineHeadline(figures: BaselineSummary): string {
  const sentence = baselineSentence(figures);
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

/** The baseline's failed check in a line, or undefined when it did not fail. */
export function baselineFailure(figures: BaselineSummary): string | undefined {
  const { correctness } = figures.baseline;
  if (correctness.verdict !== 'fail') return undefined;
  return `FAIL: ${formatCount(correctness.mismatches)} mismatches in the same run without snapshots`;
}

/** A change of live throughput with its sign: a loss is a cost, a gain says so. */
function throughputClause(change: number): string {
  // Ratios carry 6 decimals: a change under half a hundredth of a percent shows as 0.00 %.
  if (Math.abs(change) < 0.00005) return 'snapshots leave live throughput as it was';
  return change < 0 ? `snapshots cost ${percent(-change)} of live throughput` : `snapshots gain ${percent(change)} of live throughput`;
}

function percentiles<T>(value: (percentile: BaselinePercentile) => T): Record<BaselinePercentile, T> {
  return { p50: value('p50'), p99: value('p99'), p999: value('p999') };
}

function percentilesOf(latency: LatencyFiguresUs): PercentilesUs {
  return percentiles((percentile) => latency[percentile]);
}

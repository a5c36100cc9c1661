/**
 * An arm against the baseline, replication by replication (each pair shares its seed): the
 * throughput ratio, the latency deltas at p50, p99 and p99.9, and the stall of each preserve
 * command; each figure the mean over replications with its 95 % Student-t confidence interval.
 */
import { confidenceInterval } from '../statistics/confidence-interval.js';
import { fraction, nsToSeconds, nsToUs, us } from '../run/round.js';
import type { ArmReplication } from './arms.js';
import { summariseStalls, type CommandStall } from './stall.js';

/** Confidence level of every interval of a comparison. */
export const COMPARE_CONFIDENCE = 0.95;

/** A mean over replications with its confidence interval; low and high are null with one replication. */
export interface IntervalFigure {
  readonly mean: number;
  readonly low: number | null;
  readonly high: number | null;
  /** Replications the figure is over. */
  readonly n: number;
}

/** Mean and interval of `values`, rounded by `round`; null when there are none. */
export function intervalFigure(values: readonly number[], round: (value: number) => number): IntervalFigure | null {
  if (values.length === 0) return null;
  const interval = confidenceInterval(values, COMPARE_CONFIDENCE);
  return {
    mean: round(interval.mean),
    low: interval.defined ? round(interval.low) : null,
    high: interval.defined ? round(interval.high) : null,
    n: interval.n,
  };
}

export const DELTA_PERCENTILES = ['p50', 'p99', 'p999'] as const;
export type DeltaPercentile = (typeof DELTA_PERCENTILES)[number];
export type LatencyDeltas = Record<'read' | 'write', Record<DeltaPercentile, IntervalFigure | null>>;

/** One preserve command's stall in one replication, as compare.json holds it (µs, seconds). */
export interface StallRow {
  readonly replication: number;
  readonly seed: number;
  readonly command: number;
  readonly snapshotId: number;
  readonly atSeconds: number;
  /** Length of the window the writes were received in. */
  readonly windowSeconds: number;
  /** Command to snapshot taken (quiesce holds new writes this long); null if never taken. */
  readonly takenAfterUs: number | null;
  readonly received: number;
  readonly matched: number;
  readonly unmatched: number;
  readonly meanExtraUs: number | null;
  readonly p99ExtraUs: number | null;
  readonly maxExtraUs: number | null;
  readonly sumExtraUs: number;
}

/** The whole run's stall: each figure over replications. */
export interface StallSummaryFigures {
  readonly worstMaxExtraUs: IntervalFigure | null;
  readonly meanMaxExtraUs: IntervalFigure | null;
  readonly meanExtraUs: IntervalFigure | null;
  readonly takenAfterMaxUs: IntervalFigure | null;
}

export interface VersusBaseline {
  /** Live-view throughput (liveThroughputMBps) of the arm over the baseline's. */
  readonly throughputRatio: IntervalFigure | null;
  readonly latencyDeltaUs: LatencyDeltas;
  readonly stall: { readonly summary: StallSummaryFigures; readonly commands: readonly StallRow[] };
}

const nullableUs = (ns: number | null): number | null => (ns === null ? null : nsToUs(ns));

/** A stall as a compare.json row. */
export function stallRow(replication: ArmReplication, stall: CommandStall): StallRow {
  return {
    replication: replication.replication + 1,
    seed: replication.seed,
    command: stall.command,
    snapshotId: stall.snapshotId,
    atSeconds: nsToSeconds(stall.atNs),
    windowSeconds: nsToSeconds(stall.windowEndNs - stall.atNs),
    takenAfterUs: nullableUs(stall.takenAfterNs),
    received: stall.received,
    matched: stall.matched,
    unmatched: stall.unmatched,
    meanExtraUs: nullableUs(stall.meanNs),
    p99ExtraUs: nullableUs(stall.p99Ns),
    maxExtraUs: nullableUs(stall.maxNs),
    sumExtraUs: nsToUs(stall.sumNs),
  };
}

/** The arm against the baseline; `arm[r]` and `baseline[r]` ran with the same seed. */
export function versusBaseline(arm: readonly ArmReplication[], baseline: readonly ArmReplication[]): VersusBaseline {
  const pairs = arm.map((replication, index) => [replication, baseline[index]!] as const);
  const ratios = pairs.flatMap(([mine, theirs]) => (theirs.liveThroughputMBps > 0 ? [mine.liveThroughputMBps / theirs.liveThroughputMBps] : []));
  const deltas = (kind: 'read' | 'write', percentile: DeltaPercentile): IntervalFigure | null =>
    intervalFigure(
      // A replication where either arm had no such I/O has no delta: it is left out, not counted as 0.
      pairs.flatMap(([mine, theirs]) => {
        const mineUs = mine.latency[kind].count === 0 ? null : mine.latency[kind][percentile];
        const theirsUs = theirs.latency[kind].count === 0 ? null : theirs.latency[kind][percentile];
        return mineUs === null || theirsUs === null ? [] : [mineUs - theirsUs];
      }),
      us,
    );
  const latencyDeltaUs = Object.fromEntries(
    (['read', 'write'] as const).map((kind) => [kind, Object.fromEntries(DELTA_PERCENTILES.map((percentile) => [percentile, deltas(kind, percentile)]))]),
  ) as LatencyDeltas;
  const summaries = arm.flatMap((replication) => {
    const summary = summariseStalls(replication.stalls);
    return summary === null ? [] : [summary];
  });
  const stallFigure = (pick: (summary: (typeof summaries)[number]) => number | null): IntervalFigure | null =>
    intervalFigure(
      summaries.flatMap((summary) => {
        const value = pick(summary);
        return value === null ? [] : [value / 1000];
      }),
      us,
    );
  return {
    throughputRatio: intervalFigure(ratios, fraction),
    latencyDeltaUs,
    stall: {
      summary: {
        worstMaxExtraUs: stallFigure((summary) => summary.worstMaxNs),
        meanMaxExtraUs: stallFigure((summary) => summary.meanMaxNs),
        meanExtraUs: stallFigure((summary) => summary.meanNs),
        takenAfterMaxUs: stallFigure((summary) => summary.takenAfterMaxNs),
      },
      commands: arm.flatMap((replication) => replication.stalls.map((stall) => stallRow(replication, stall))),
    },
  };
}

/**
 * The stall of a preserve command: how much longer the writes received just after it took than
 * the same writes took with snapshots off. Writes are paired across the two runs by workload and
 * writer sequence (common random numbers make the k-th write of a workload the same write in every
 * arm); a write whose twin did not settle in the other run is left out. All times are nanoseconds.
 */
import type { WriteRecords } from './write-records.js';

/** Latency of every write of the baseline run, looked up by workload and writer sequence. */
export class BaselineWrites {
  private readonly latencyNs: Float64Array[] = [];

  constructor(records: WriteRecords) {
    const longest: number[] = [];
    for (let index = 0; index < records.count; index++) {
      const workload = records.workload[index]!;
      longest[workload] = Math.max(longest[workload] ?? 0, records.sequence[index]!);
    }
    for (let workload = 0; workload < longest.length; workload++) this.latencyNs.push(new Float64Array(longest[workload] ?? 0).fill(Number.NaN));
    for (let index = 0; index < records.count; index++) {
      this.latencyNs[records.workload[index]!]![records.sequence[index]! - 1] = records.settledNs[index]! - records.receivedNs[index]!;
    }
  }

  /** The baseline latency of that write; NaN when the baseline never received it or it did not settle. */
  latency(workload: number, sequence: number): number {
    return this.latencyNs[workload]?.[sequence - 1] ?? Number.NaN;
  }
}

/** The extra latency of the writes of one window against their twins (ns); null figures when none matched. */
export interface ExtraLatency {
  /** Writes the arm received in the window. */
  readonly received: number;
  /** Of those, writes settled in both runs: the ones measured. */
  readonly matched: number;
  /** received - matched: left out. */
  readonly unmatched: number;
  readonly meanNs: number | null;
  /** Nearest-rank 99th percentile. */
  readonly p99Ns: number | null;
  readonly maxNs: number | null;
  readonly sumNs: number;
}

/** One preserve command's stall. */
export interface CommandStall extends ExtraLatency {
  /** 1-based, in the order the commands were given (skipped commands are not counted). */
  readonly command: number;
  readonly snapshotId: number;
  readonly atNs: number;
  /** The window's end: the stall window after the command, or the next command if sooner. */
  readonly windowEndNs: number;
  /** Command to snapshot taken; null when it was never taken. */
  readonly takenAfterNs: number | null;
}

/** Extra latencies of the arm's writes with index in [from, to) against the baseline. */
export function extraLatency(arm: WriteRecords, baseline: BaselineWrites, from: number, to: number): ExtraLatency {
  const extras: number[] = [];
  let sumNs = 0;
  for (let index = from; index < to; index++) {
    const armNs = arm.settledNs[index]! - arm.receivedNs[index]!;
    const baselineNs = baseline.latency(arm.workload[index]!, arm.sequence[index]!);
    if (Number.isNaN(armNs) || Number.isNaN(baselineNs)) continue;
    const extraNs = armNs - baselineNs;
    extras.push(extraNs);
    sumNs += extraNs;
  }
  const received = Math.max(0, to - from);
  if (extras.length === 0) return { received, matched: 0, unmatched: received, meanNs: null, p99Ns: null, maxNs: null, sumNs: 0 };
  extras.sort((a, b) => a - b);
  return {
    received,
    matched: extras.length,
    unmatched: received - extras.length,
    meanNs: sumNs / extras.length,
    p99Ns: nearestRank(extras, 0.99),
    maxNs: extras[extras.length - 1]!,
    sumNs,
  };
}

/** The value at rank ceil(q n) of sorted values (1-based): a value that occurred, never an interpolation. */
export function nearestRank(sorted: readonly number[], quantile: number): number {
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(quantile * sorted.length))) - 1]!;
}

/**
 * Each preserve command's stall: the writes received after it, before `windowNs` has passed or the
 * next command came, against the same writes in the baseline.
 */
export function commandStalls(arm: WriteRecords, baseline: BaselineWrites, windowNs: number): CommandStall[] {
  return arm.commands.map((command, index) => {
    const next = arm.commands[index + 1];
    const windowEndNs = Math.min(command.atNs + windowNs, next?.atNs ?? Number.POSITIVE_INFINITY);
    let to = command.firstWrite;
    while (to < arm.count && arm.receivedNs[to]! < windowEndNs) to++;
    // A next command at the same instant: its writes are its own.
    if (next !== undefined) to = Math.min(to, next.firstWrite);
    return {
      command: index + 1,
      snapshotId: command.snapshotId,
      atNs: command.atNs,
      windowEndNs,
      takenAfterNs: command.takenNs === undefined ? null : command.takenNs - command.atNs,
      ...extraLatency(arm, baseline, command.firstWrite, to),
    };
  });
}

/** A run's stall in a few figures (ns): null when no command had a matched write. */
export interface StallSummary {
  /** Commands with at least one matched write. */
  readonly commands: number;
  /** The largest extra latency after any command. */
  readonly worstMaxNs: number;
  /** Mean over commands of each command's largest extra latency. */
  readonly meanMaxNs: number;
  /** Mean over commands of each command's mean extra latency. */
  readonly meanNs: number;
  /** The longest time from a command to its snapshot taken; null when none was. */
  readonly takenAfterMaxNs: number | null;
}

/** The whole-run summary of the commands' stalls. */
export function summariseStalls(stalls: readonly CommandStall[]): StallSummary | null {
  const measured = stalls.filter((stall) => stall.matched > 0);
  if (measured.length === 0) return null;
  const taken = stalls.flatMap((stall) => (stall.takenAfterNs === null ? [] : [stall.takenAfterNs]));
  return {
    commands: measured.length,
    worstMaxNs: measured.reduce((worst, stall) => Math.max(worst, stall.maxNs!), Number.NEGATIVE_INFINITY),
    meanMaxNs: measured.reduce((sum, stall) => sum + stall.maxNs!, 0) / measured.length,
    meanNs: measured.reduce((sum, stall) => sum + stall.meanNs!, 0) / measured.length,
    takenAfterMaxNs: taken.length === 0 ? null : taken.reduce((longest, ns) => Math.max(longest, ns)),
  };
}

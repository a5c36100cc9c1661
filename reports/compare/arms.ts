/**
 * The arms of a paired comparison (design.md section 8): the scenario with snapshots off (the
 * baseline), then the scenario with each strategy. Replication r runs every arm with the same seed,
 * so the arms see the same arrivals, addresses and sizes and differ only in the strategy. Arms run
 * in-process one after the other; each run is reduced to what the comparison keeps as soon as it
 * ends, so a long comparison holds one replication's write records at a time.
 */
import type { StrategyName } from '../../engine/snapshot-strategy.js';
import { runScenario } from '../../workloads/run.js';
import type { RunResult } from '../../workloads/run-result.js';
import type { Scenario } from '../../workloads/scenario/resolve.js';
import { withoutSnapshots, withStrategy } from '../../workloads/scenario/snapshots-off.js';
import { rate } from '../run/round.js';
import { buildSummary, type LatencyFiguresUs } from '../run/summary.js';
import { BaselineWrites, commandStalls, type CommandStall } from './stall.js';
import { WriteRecorder, type WriteRecords } from './write-records.js';

/** The baseline arm's name. */
export const BASELINE_ARM = 'no snapshots';

export interface Arm {
  /** `no snapshots`, or the strategy's name. */
  readonly name: string;
  /** null for the baseline. */
  readonly strategy: StrategyName | null;
  readonly scenario: Scenario;
}

/** The baseline first, then one arm per strategy in the order given. */
export function compareArms(scenario: Scenario, strategies: readonly StrategyName[]): Arm[] {
  return [
    { name: BASELINE_ARM, strategy: null, scenario: withoutSnapshots(scenario) },
    ...strategies.map((strategy) => ({ name: strategy, strategy, scenario: withStrategy(scenario, strategy) })),
  ];
}

/** What one replication of one arm keeps. */
export interface ArmReplication {
  readonly replication: number;
  readonly seed: number;
  readonly verdict: 'pass' | 'fail' | 'skipped';
  readonly mismatches: number;
  readonly iops: number;
  readonly throughputMBps: number;
  /** Throughput of the workloads on the live view alone: what the baseline can be compared on. */
  readonly liveThroughputMBps: number;
  readonly latency: { readonly read: LatencyFiguresUs; readonly write: LatencyFiguresUs };
  /** Application writes completed by the end of the run (the device figures are taken then too). */
  readonly writesCompleted: number;
  /** Each preserve command's stall against the baseline of this replication; empty for the baseline. */
  readonly stalls: readonly CommandStall[];
}

export interface ComparisonRuns {
  readonly arms: readonly Arm[];
  readonly seeds: readonly number[];
  readonly stallWindowNs: number;
  /** Each arm's run of the first replication, whole (figures, charts). */
  readonly firstRuns: readonly RunResult[];
  /** [arm][replication]. */
  readonly replications: readonly (readonly ArmReplication[])[];
}

export interface ComparisonOptions {
  readonly arms: readonly Arm[];
  readonly seeds: readonly number[];
  readonly stallWindowNs: number;
  /** Called as runs start and advance: runs finished, runs in all, the running arm and seed, the fraction of it done. */
  readonly onProgress?: (done: number, total: number, arm: string, seed: number, fraction: number) => void;
}

/** Runs every arm for every seed, baseline first within each replication. */
export async function runComparison(options: ComparisonOptions): Promise<ComparisonRuns> {
  const { arms, seeds, stallWindowNs } = options;
  const total = arms.length * seeds.length;
  const firstRuns: RunResult[] = [];
  const replications: ArmReplication[][] = arms.map(() => []);
  let done = 0;
  for (const [replication, seed] of seeds.entries()) {
    let baseline: BaselineWrites | undefined;
    for (const [index, arm] of arms.entries()) {
      const recorder = new WriteRecorder();
      const progress = (fraction: number): void => options.onProgress?.(done, total, arm.name, seed, fraction);
      progress(0);
      const result = await runScenario(arm.scenario, { seed, observer: recorder, onProgress: progress });
      const records = recorder.records();
      if (arm.strategy === null) baseline = new BaselineWrites(records);
      if (replication === 0) firstRuns.push(result);
      const summary = buildSummary(result);
      replications[index]!.push({
        replication,
        seed,
        verdict: result.correctness.verdict,
        mismatches: result.correctness.mismatches,
        iops: summary.iops,
        throughputMBps: summary.throughputMBps,
        liveThroughputMBps: liveThroughputMBps(result),
        latency: { read: summary.latency.read, write: summary.latency.write },
        writesCompleted: settledBy(records, result.simulatedNs),
        stalls: arm.strategy === null ? [] : commandStalls(records, baseline!, stallWindowNs),
      });
      options.onProgress?.(++done, total, arm.name, seed, 1);
    }
  }
  return { arms, seeds, stallWindowNs, firstRuns, replications };
}

/** Writes that settled by `endNs`. */
function settledBy(records: WriteRecords, endNs: number): number {
  let count = 0;
  for (let index = 0; index < records.count; index++) if (records.settledNs[index]! <= endNs) count++;
  return count;
}

/**
 * MB/s of the workloads that read and write the live view (after ramp-up). A workload that reads
 * snapshot views (a backup) has nothing to read with snapshots off, so it has no baseline.
 */
export function liveThroughputMBps(result: RunResult): number {
  const bytes = result.workloads.reduce((sum, workload) => sum + (workload.target === 'live' ? workload.bytes : 0), 0);
  return rate(result.measuredNs > 0 ? bytes / 1e6 / (result.measuredNs / 1e9) : 0);
}

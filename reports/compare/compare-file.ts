/**
 * compare.json: the comparison as one object in a fixed key order, rounded as summary.json is, so
 * that the same scenario, strategies, seeds and window give byte-identical files apart from
 * `wallSeconds`.
 */
import type { StrategyName } from '../../engine/snapshot-strategy.js';
import { nsToSeconds, roundTo } from '../run/round.js';
import { armDescription, armFigures, type ArmFigures } from './arm-figures.js';
import type { ArmReplication, ComparisonRuns } from './arms.js';
import { COMPARE_CONFIDENCE, versusBaseline, type VersusBaseline } from './versus-baseline.js';

export const COMPARE_JSON = 'compare.json';
export const COMPARE_CSV = 'compare.csv';
export const COMPARE_REPORT_HTML = 'report.html';

export type Verdict = 'pass' | 'fail' | 'skipped';

/** One replication of one arm, in a line. */
export interface ReplicationOutcome {
  readonly replication: number;
  readonly seed: number;
  readonly verdict: Verdict;
  readonly mismatches: number;
  readonly iops: number;
  readonly throughputMBps: number;
  readonly liveThroughputMBps: number;
}

export interface CompareArm extends ArmFigures {
  readonly name: string;
  /** null for the baseline. */
  readonly strategy: StrategyName | null;
  readonly description: string;
  /** fail when any replication failed; skipped when the scenario turned verification off. */
  readonly verdict: Verdict;
  readonly replications: readonly ReplicationOutcome[];
  /** Absent for the baseline. */
  readonly versusBaseline?: VersusBaseline;
}

export interface CompareFile {
  readonly scenario: string;
  /** The scenario file, or the embedded default's description. */
  readonly source: string;
  readonly seed: number;
  readonly replications: number;
  readonly seeds: readonly number[];
  readonly stallWindowSeconds: number;
  readonly confidenceLevel: number;
  /** How the intervals were made, or why there are none. */
  readonly intervals: string;
  /** Which run an arm's own figures (latency, amplification, space) come from. */
  readonly armFiguresFrom: string;
  /** Wall-clock time of the whole comparison: the only figure that differs between equal comparisons. */
  readonly wallSeconds: number;
  readonly arms: readonly CompareArm[];
}

/** The overall verdict of replications. */
export function overallVerdict(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes('fail')) return 'fail';
  return verdicts.length > 0 && verdicts.every((verdict) => verdict === 'skipped') ? 'skipped' : 'pass';
}

function outcome(replication: ArmReplication): ReplicationOutcome {
  return {
    replication: replication.replication + 1,
    seed: replication.seed,
    verdict: replication.verdict,
    mismatches: replication.mismatches,
    iops: replication.iops,
    throughputMBps: replication.throughputMBps,
    liveThroughputMBps: replication.liveThroughputMBps,
  };
}

/** The compare.json object of finished runs. */
export function buildCompareFile(runs: ComparisonRuns, context: { source: string; seed: number; wallSeconds: number }): CompareFile {
  const baseline = runs.replications[0]!;
  const count = runs.seeds.length;
  return {
    scenario: runs.arms[0]!.scenario.name,
    source: context.source,
    seed: context.seed,
    replications: count,
    seeds: [...runs.seeds],
    stallWindowSeconds: nsToSeconds(runs.stallWindowNs),
    confidenceLevel: COMPARE_CONFIDENCE,
    intervals:
      count > 1
        ? `${COMPARE_CONFIDENCE * 100} % Student-t confidence intervals of the mean over ${count} replications`
        : 'none: one replication gives no confidence interval (low and high are null); use --replications 2 or more',
    armFiguresFrom: `the first replication (seed ${runs.seeds[0]})`,
    wallSeconds: roundTo(context.wallSeconds, 3),
    arms: runs.arms.map((arm, index) => {
      const replications = runs.replications[index]!;
      return {
        name: arm.name,
        strategy: arm.strategy,
        description: armDescription(arm.strategy),
        verdict: overallVerdict(replications.map((replication) => replication.verdict)),
        replications: replications.map(outcome),
        ...armFigures(runs.firstRuns[index]!, replications[0]!.writesCompleted),
        ...(arm.strategy === null ? {} : { versusBaseline: versusBaseline(replications, baseline) }),
      };
    }),
  };
}

/** compare.json text: two-space indented JSON with a final newline. */
export function compareJson(file: CompareFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

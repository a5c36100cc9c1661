/**
 * The comparison in one sentence: what the snapshots cost with each strategy, against the same
 * workload with snapshots off (means over the replications).
 */
import { formatLatencyUs } from '../charts/index.js';
import type { CompareArm, CompareFile } from './compare-file.js';

/** "the method" reads as a noun in a sentence; the other strategies are named as they are. */
export function armLabel(arm: Pick<CompareArm, 'name' | 'strategy'>): string {
  return arm.strategy === 'method' ? 'the method' : arm.name;
}

function percentText(value: number): string {
  return `${Number((Math.abs(value) * 100).toPrecision(value !== 0 && Math.abs(value) < 0.1 ? 2 : 3))} %`;
}

/** One strategy's clause, or undefined when it has no figures to compare. */
function clause(arm: CompareArm): string | undefined {
  const versus = arm.versusBaseline;
  if (versus === undefined) return undefined;
  const parts: string[] = [];
  const ratio = versus.throughputRatio?.mean;
  if (ratio !== undefined) {
    const change = ratio - 1;
    parts.push(Math.abs(change) < 0.0005 ? 'leaves throughput as it was' : `${change < 0 ? 'costs' : 'gains'} ${percentText(change)} of throughput`);
  }
  const delta = versus.latencyDeltaUs.write.p99?.mean;
  if (delta !== undefined) {
    parts.push(delta === 0 ? 'leaves write p99 as it was' : delta > 0 ? `adds ${formatLatencyUs(delta)} to write p99` : `takes ${formatLatencyUs(-delta)} off write p99`);
  }
  const taken = versus.stall.summary.takenAfterMaxUs?.mean;
  if (taken !== undefined) parts.push(taken < 1 ? 'takes its snapshots at once' : `takes its snapshots within ${formatLatencyUs(taken)} of their commands`);
  const worst = versus.stall.summary.worstMaxExtraUs?.mean;
  if (worst !== undefined) parts.push(worst > 0 ? `delays a write after a command by up to ${formatLatencyUs(worst)}` : 'delays no write after a command');
  if (parts.length === 0) return undefined;
  const last = parts.pop()!;
  return `${armLabel(arm)} ${parts.length === 0 ? last : `${parts.join(', ')} and ${last}`}`;
}

/** The headline sentence, e.g. "The method costs 3.1 % of throughput and adds 12 ms to write p99; quiesce ...". */
export function compareHeadline(file: CompareFile): string {
  const clauses = file.arms.flatMap((arm) => clause(arm) ?? []);
  if (clauses.length === 0) return 'No strategy could be compared with the baseline: no figures were measured.';
  const sentence = `${clauses.join('; ')}.`;
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}`;
}

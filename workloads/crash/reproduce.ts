/**
 * The command line that replays a crash failure: the campaign's scenario, engine and flush
 * interval, one seed, and where it matters the cut and the crash state. Plain data, so a worker
 * thread builds the same line the main thread would.
 */
import type { EngineMutant } from '../../engine/mutants.js';

export interface ReproduceSpec {
  /** The scenario file as the user named it; absent for the embedded crash scenario. */
  readonly scenarioFile?: string;
  readonly mutant?: EngineMutant;
  /** The --flush-interval the user gave, as typed; absent for the default. */
  readonly flushInterval?: string;
  /** The --points the user gave; a whole seed's cuts depend on it. */
  readonly points?: number;
}

/** `npx cowsim crash --scenario s.yaml --seed 8 --cut 120 --state 2`, or `... --seed 8 --seeds 1` for a whole seed. */
export function reproduceLine(spec: ReproduceSpec, seed: number, cut?: number, state?: number): string {
  const parts = ['npx cowsim crash'];
  if (spec.scenarioFile !== undefined) parts.push(`--scenario ${shellWord(spec.scenarioFile)}`);
  if (spec.mutant !== undefined && spec.mutant !== 'none') parts.push(`--mutant ${spec.mutant}`);
  if (spec.flushInterval !== undefined) parts.push(`--flush-interval ${shellWord(spec.flushInterval)}`);
  parts.push(`--seed ${seed}`);
  // A cut replays one seed by itself; a whole seed needs --seeds 1, or 50 would run from it.
  if (cut === undefined) parts.push('--seeds 1', ...(spec.points === undefined ? [] : [`--points ${spec.points}`]));
  else parts.push(`--cut ${cut}`);
  if (state !== undefined) parts.push(`--state ${state}`);
  return parts.join(' ');
}

/** Quotes a word for a POSIX shell when it needs it. */
export function shellWord(word: string): string {
  return /^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

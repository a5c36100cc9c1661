/** One seed of a crash campaign as plain data, so it crosses a thread boundary, and its messages. */
import { exploreSeed, type ExploreOptions, type SeedExploration } from '../../workloads/crash/crash-explorer.js';
import { scenarioFromObject } from '../../workloads/scenario/scenario-object.js';
import type { SerializedFailure } from '../worker-failure.js';

export interface CrashTask {
  readonly index: number;
  readonly raw: Readonly<Record<string, unknown>>;
  readonly source: string;
  readonly seed: number;
  readonly options: ExploreOptions;
}

/** Messages from a worker to the pool. */
export type CrashWorkerReply =
  | { readonly kind: 'done'; readonly index: number; readonly exploration: SeedExploration }
  | { readonly kind: 'failed'; readonly index: number; readonly failure: SerializedFailure };

/** Explores one task's seed (in a worker or in-process). */
export function exploreTask(task: CrashTask): Promise<SeedExploration> {
  return exploreSeed(scenarioFromObject(task.raw, task.source), task.seed, task.options);
}

/**
 * Runs a crash campaign's seeds across cores with worker threads, or in-process when one job is
 * asked for or the compiled worker entry is absent (vitest runs the TypeScript sources). The
 * explorations are summed in seed order whichever worker finished first, so crash.json depends
 * on the inputs only.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CampaignTally, type CampaignLimits, type CampaignResult } from '../../workloads/crash/crash-campaign.js';
import type { ExploreOptions, SeedExploration } from '../../workloads/crash/crash-explorer.js';
import { runInWorkers } from '../worker-pool.js';
import { type CrashTask, type CrashWorkerReply, exploreTask } from './crash-task.js';

const WORKER_ENTRY = new URL('./crash-worker.js', import.meta.url);

/** Whether the compiled worker entry exists (false when running from TypeScript sources). */
export function crashWorkersAvailable(): boolean {
  return WORKER_ENTRY.protocol === 'file:' && existsSync(fileURLToPath(WORKER_ENTRY));
}

export interface CrashPoolOptions {
  raw: Readonly<Record<string, unknown>>;
  source: string;
  seeds: readonly number[];
  options: ExploreOptions;
  limits: CampaignLimits;
  jobs: number;
  /** Called as each seed finishes, with the number done. */
  onSeed?: (exploration: SeedExploration, done: number) => void;
}

/** Explores every seed; rejects with the first failure. */
export async function runCrashPool(pool: CrashPoolOptions): Promise<{ result: CampaignResult; workers: number }> {
  const tasks: CrashTask[] = pool.seeds.map((seed, index) => ({ index, raw: pool.raw, source: pool.source, seed, options: pool.options }));
  const jobs = Math.max(1, Math.min(pool.jobs, tasks.length));
  const tally = new CampaignTally(pool.options, pool.limits);
  if (jobs === 1 || !crashWorkersAvailable()) {
    let done = 0;
    for (const task of tasks) {
      const exploration = await exploreTask(task);
      tally.add(exploration);
      pool.onSeed?.(exploration, ++done);
    }
    return { result: tally.result(), workers: 0 };
  }
  const explorations = await runInWorkers<CrashTask, CrashWorkerReply, SeedExploration>({
    entry: WORKER_ENTRY,
    tasks,
    jobs,
    what: 'crash',
    keyOf: (task) => task.index,
    request: (task) => task,
    outcome: (reply) => (reply.kind === 'failed' ? { key: reply.index, failure: reply.failure } : { key: reply.index, result: reply.exploration }),
    describe: (task) => `crash exploration of seed ${task.seed}`,
    ...(pool.onSeed ? { onDone: (_task: CrashTask, exploration: SeedExploration, done: number) => pool.onSeed!(exploration, done) } : {}),
  });
  for (const exploration of explorations) tally.add(exploration);
  return { result: tally.result(), workers: jobs };
}

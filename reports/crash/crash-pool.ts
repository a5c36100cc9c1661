/**
 * Runs a crash campaign's seeds across cores with worker threads, or in-process when one job is
 * asked for or the compiled worker entry is absent (vitest runs the TypeScript sources). The
 * explorations are summed in seed order whichever worker finished first, so crash.json depends
 * on the inputs only.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CampaignTally, type CampaignLimits, type CampaignResult } from '../../workloads/crash/crash-campaign.js';
import type { ExploreOptions, SeedExploration } from '../../workloads/crash/crash-explorer.js';
import { deserializeFailure } from '../sweep/replication.js';
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
  const explorations = await runInWorkers(tasks, jobs, pool.onSeed);
  for (const exploration of explorations) tally.add(exploration);
  return { result: tally.result(), workers: jobs };
}

function runInWorkers(tasks: readonly CrashTask[], jobs: number, onSeed: CrashPoolOptions['onSeed']): Promise<SeedExploration[]> {
  return new Promise((resolve, reject) => {
    const explorations: SeedExploration[] = [];
    const workers: Worker[] = [];
    let next = 0;
    let finished = 0;
    let settled = false;
    const stopAll = (): void => {
      for (const worker of workers) void worker.terminate();
    };
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      stopAll();
      reject(error);
    };
    const feed = (worker: Worker): void => {
      const task = tasks[next++];
      if (task !== undefined) worker.postMessage(task);
    };
    for (let index = 0; index < jobs; index++) {
      const worker = new Worker(WORKER_ENTRY);
      workers.push(worker);
      worker.on('message', (reply: CrashWorkerReply) => {
        if (settled) return;
        if (reply.kind === 'failed') {
          fail(deserializeFailure(reply.failure, `crash exploration of seed ${tasks[reply.index]!.seed}`));
          return;
        }
        explorations[reply.index] = reply.exploration;
        onSeed?.(reply.exploration, ++finished);
        if (finished === tasks.length) {
          settled = true;
          stopAll();
          resolve(explorations);
        } else feed(worker);
      });
      worker.on('error', (error) => fail(error));
      worker.on('exit', (code) => {
        if (!settled && code !== 0) fail(new Error(`a crash worker thread exited with code ${code}`));
      });
      feed(worker);
    }
  });
}

/**
 * Runs a sweep's replications across cores with worker threads, or in-process when one job is
 * asked for or the compiled worker entry is absent (vitest runs the TypeScript sources, where
 * dist/reports/sweep/sweep-worker.js does not exist next to this file). Outcomes are kept by task
 * index, so the result never depends on which worker finished first.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { deserializeFailure, runReplication, type ReplicationOutcome, type ReplicationTask } from './replication.js';
import type { WorkerReply, WorkerRequest } from './sweep-worker.js';

export interface PoolOptions {
  /** Replications run at once; default os.availableParallelism(). */
  readonly jobs?: number;
  /** Called as each replication finishes, in finishing order. */
  readonly onDone?: (task: ReplicationTask, outcome: ReplicationOutcome) => void;
}

export interface PoolResult {
  /** Outcomes by task index. */
  readonly outcomes: ReplicationOutcome[];
  readonly mode: 'workers' | 'in-process';
  readonly workers: number;
}

const WORKER_ENTRY = new URL('./sweep-worker.js', import.meta.url);

/** Whether the compiled worker entry exists (false when running from TypeScript sources). */
export function workerEntryAvailable(): boolean {
  return WORKER_ENTRY.protocol === 'file:' && existsSync(fileURLToPath(WORKER_ENTRY));
}

/** The default number of jobs: the cores this process may use. */
export function defaultJobs(): number {
  return availableParallelism();
}

/** Runs every task; rejects with the first failure (the other workers are stopped). */
export async function runReplications(tasks: readonly ReplicationTask[], options: PoolOptions = {}): Promise<PoolResult> {
  const jobs = Math.max(1, Math.min(options.jobs ?? defaultJobs(), tasks.length));
  if (jobs === 1 || !workerEntryAvailable()) {
    const outcomes: ReplicationOutcome[] = [];
    for (const task of tasks) {
      const outcome = await runReplication(task);
      outcomes[task.taskIndex] = outcome;
      options.onDone?.(task, outcome);
    }
    return { outcomes, mode: 'in-process', workers: 0 };
  }
  return { outcomes: await runInWorkers(tasks, jobs, options.onDone), mode: 'workers', workers: jobs };
}

function runInWorkers(tasks: readonly ReplicationTask[], jobs: number, onDone: PoolOptions['onDone']): Promise<ReplicationOutcome[]> {
  return new Promise((resolve, reject) => {
    const outcomes: ReplicationOutcome[] = [];
    const byIndex = new Map(tasks.map((task) => [task.taskIndex, task]));
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
      if (task !== undefined) worker.postMessage({ kind: 'run', task } satisfies WorkerRequest);
    };
    for (let index = 0; index < jobs; index++) {
      const worker = new Worker(WORKER_ENTRY);
      workers.push(worker);
      worker.on('message', (reply: WorkerReply) => {
        if (settled) return;
        const task = byIndex.get(reply.taskIndex)!;
        if (reply.kind === 'failed') {
          fail(deserializeFailure(reply.failure, `replication with seed ${task.seed}`));
          return;
        }
        outcomes[reply.taskIndex] = reply.outcome;
        onDone?.(task, reply.outcome);
        if (++finished === tasks.length) {
          settled = true;
          stopAll();
          resolve(outcomes);
        } else feed(worker);
      });
      worker.on('error', (error) => fail(error));
      worker.on('exit', (code) => {
        if (!settled && code !== 0) fail(new Error(`a sweep worker thread exited with code ${code}`));
      });
      feed(worker);
    }
  });
}

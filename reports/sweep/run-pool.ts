/**
 * Runs a sweep's replications across cores with worker threads, or in-process when one job is
 * asked for or the compiled worker entry is absent (vitest runs the TypeScript sources, where
 * dist/reports/sweep/sweep-worker.js does not exist next to this file). Outcomes are kept by task
 * index, so the result never depends on which worker finished first.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runReplication, type ReplicationOutcome, type ReplicationTask } from './replication.js';
import type { WorkerReply, WorkerRequest } from './sweep-worker.js';
import { runInWorkers } from '../worker-pool.js';

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
  const outcomes = await runInWorkers<ReplicationTask, WorkerReply, ReplicationOutcome>({
    entry: WORKER_ENTRY,
    tasks,
    jobs,
    what: 'sweep',
    keyOf: (task) => task.taskIndex,
    request: (task) => ({ kind: 'run', task }) satisfies WorkerRequest,
    outcome: (reply) => (reply.kind === 'failed' ? { key: reply.taskIndex, failure: reply.failure } : { key: reply.taskIndex, result: reply.outcome }),
    describe: (task) => `replication with seed ${task.seed}`,
    ...(options.onDone ? { onDone: (task: ReplicationTask, outcome: ReplicationOutcome) => options.onDone!(task, outcome) } : {}),
  });
  return { outcomes, mode: 'workers', workers: jobs };
}

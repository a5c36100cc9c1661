/**
 * Runs tasks on worker threads, one task per worker at a time, feeding each worker the next task
 * as it replies. Results are kept by each task's key, so they never depend on which worker
 * finished first; the first failure stops every worker and rejects. Sweeps and crash campaigns
 * both run through here.
 */
import { Worker } from 'node:worker_threads';
import { deserializeFailure, type SerializedFailure } from './worker-failure.js';

/** What a worker sends back for one task. */
export type WorkerOutcome<R> = { readonly key: number; readonly result: R } | { readonly key: number; readonly failure: SerializedFailure };

export interface WorkerPoolSpec<T, Reply, R> {
  /** The compiled worker module. */
  entry: URL;
  tasks: readonly T[];
  jobs: number;
  /** Names the workers in an exit error: "a <what> worker thread exited ...". */
  what: string;
  /** The key a task's result is stored under. */
  keyOf(task: T): number;
  /** The message that asks a worker to run the task. */
  request(task: T): unknown;
  /** Reads a worker's reply. */
  outcome(reply: Reply): WorkerOutcome<R>;
  /** Says which task failed, for the error. */
  describe(task: T): string;
  /** Called as each task finishes, with the number done. */
  onDone?(task: T, result: R, finished: number): void;
}

/** Runs every task; resolves with the results by key. */
export function runInWorkers<T, Reply, R>(spec: WorkerPoolSpec<T, Reply, R>): Promise<R[]> {
  const byKey = new Map(spec.tasks.map((task) => [spec.keyOf(task), task]));
  return new Promise((resolve, reject) => {
    const results: R[] = [];
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
      const task = spec.tasks[next++];
      if (task !== undefined) worker.postMessage(spec.request(task));
    };
    for (let index = 0; index < spec.jobs; index++) {
      const worker = new Worker(spec.entry);
      workers.push(worker);
      worker.on('message', (reply: Reply) => {
        if (settled) return;
        const outcome = spec.outcome(reply);
        const task = byKey.get(outcome.key)!;
        if ('failure' in outcome) {
          fail(deserializeFailure(outcome.failure, spec.describe(task)));
          return;
        }
        results[outcome.key] = outcome.result;
        spec.onDone?.(task, outcome.result, ++finished);
        if (finished === spec.tasks.length) {
          settled = true;
          stopAll();
          resolve(results);
        } else feed(worker);
      });
      worker.on('error', (error) => fail(error));
      worker.on('exit', (code) => {
        if (!settled && code !== 0) fail(new Error(`a ${spec.what} worker thread exited with code ${code}`));
      });
      feed(worker);
    }
  });
}

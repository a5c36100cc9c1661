/**
 * Worker-thread entry of a sweep (compiled to dist/reports/sweep/sweep-worker.js): runs the
 * replications the pool sends, one at a time, and posts each outcome back.
 */
import { parentPort } from 'node:worker_threads';
import { runReplication, type ReplicationTask } from './replication.js';
import { serializeFailure } from '../worker-failure.js';

/** Messages from the pool to a worker. */
export type WorkerRequest = { readonly kind: 'run'; readonly task: ReplicationTask };

/** Messages from a worker to the pool. */
export type WorkerReply =
  | { readonly kind: 'done'; readonly taskIndex: number; readonly outcome: Awaited<ReturnType<typeof runReplication>> }
  | { readonly kind: 'failed'; readonly taskIndex: number; readonly failure: ReturnType<typeof serializeFailure> };

if (parentPort === null) throw new Error('sweep-worker.js runs as a worker thread of `cowsim sweep`');
const port = parentPort;
port.on('message', (request: WorkerRequest) => {
  runReplication(request.task).then(
    (outcome) => port.postMessage({ kind: 'done', taskIndex: request.task.taskIndex, outcome } satisfies WorkerReply),
    (error: unknown) => port.postMessage({ kind: 'failed', taskIndex: request.task.taskIndex, failure: serializeFailure(error) } satisfies WorkerReply),
  );
});

/**
 * Worker-thread entry of a crash campaign (compiled to dist/reports/crash/crash-worker.js):
 * explores the seeds the pool sends, one at a time, and posts each exploration back.
 */
import { parentPort } from 'node:worker_threads';
import { serializeFailure } from '../worker-failure.js';
import { type CrashTask, type CrashWorkerReply, exploreTask } from './crash-task.js';

if (parentPort === null) throw new Error('crash-worker.js runs as a worker thread of `cowsim crash`');
const port = parentPort;
port.on('message', (task: CrashTask) => {
  exploreTask(task).then(
    (exploration) => port.postMessage({ kind: 'done', index: task.index, exploration } satisfies CrashWorkerReply),
    (error: unknown) => port.postMessage({ kind: 'failed', index: task.index, failure: serializeFailure(error) } satisfies CrashWorkerReply),
  );
});

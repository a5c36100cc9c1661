/**
 * One replication of one sweep point: validate and resolve the point's scenario, run it with the
 * replication's seed, and keep its summary.json object. The same function runs in a worker thread
 * (sweep-worker.ts) and in-process.
 */
import { CowsimError } from '../../engine/errors.js';
import { ProcessFailedError } from '../../sim/kernel.js';
import { scenarioFromObject } from '../../workloads/scenario/load.js';
import { timedRun } from '../commands/run-command.js';
import { buildSummary, type RunSummary } from '../run/summary.js';

/** What a worker needs to run one replication: plain data, so it crosses a thread boundary. */
export interface ReplicationTask {
  /** Position of the task in the sweep's task list. */
  readonly taskIndex: number;
  /** The point's raw scenario object (swept fields set), already validated once. */
  readonly raw: Readonly<Record<string, unknown>>;
  readonly source: string;
  readonly seed: number;
}

/** What one replication measured. */
export interface ReplicationOutcome {
  readonly summary: RunSummary;
  readonly wallSeconds: number;
}

/** A failure as it crosses a thread boundary. */
export interface SerializedFailure {
  readonly message: string;
  readonly stack?: string;
  /** A user's mistake (exit code 2) rather than a bug. */
  readonly userError: boolean;
}

/** Runs one replication. */
export async function runReplication(task: ReplicationTask): Promise<ReplicationOutcome> {
  const scenario = scenarioFromObject(task.raw, task.source);
  const result = await timedRun(scenario, { seed: task.seed, progress: false });
  return { summary: buildSummary(result), wallSeconds: result.wallSeconds };
}

/** A failure as plain data. */
export function serializeFailure(error: unknown): SerializedFailure {
  const cause = error instanceof ProcessFailedError ? (error.cause ?? error) : error;
  if (cause instanceof CowsimError) return { message: cause.message, userError: true };
  if (cause instanceof Error) return { message: cause.message, ...(cause.stack === undefined ? {} : { stack: cause.stack }), userError: false };
  return { message: String(cause), userError: false };
}

/** The error a serialized failure stands for: a CowsimError (exit 2) for a user's mistake, else an Error with the worker's stack. */
export function deserializeFailure(failure: SerializedFailure, where: string): Error {
  if (failure.userError) return new CowsimError(failure.message);
  const error = new Error(`${where}: ${failure.message}`);
  if (failure.stack !== undefined) error.stack = `${where}: ${failure.stack}`;
  return error;
}

/**
 * A failure in a worker thread (a sweep replication, a crash seed) as plain data, so that it crosses
 * the thread boundary, and back: a user's mistake stays a CowsimError (exit 2), a bug keeps the
 * worker's stack.
 */
import { CowsimError } from '../engine/errors.js';
import { ProcessFailedError } from '../sim/kernel.js';

/** A failure as it crosses a thread boundary. */
export interface SerializedFailure {
  readonly message: string;
  readonly stack?: string;
  /** A user's mistake (exit code 2) rather than a bug. */
  readonly userError: boolean;
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

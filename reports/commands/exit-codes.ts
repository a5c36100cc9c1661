/** Exit codes of every cowsim command (design.md section 4). */
import { CowsimError, InputError } from '../../engine/errors.js';
import { ProcessFailedError } from '../../sim/kernel.js';

export const EXIT_OK = 0;
/** The run finished but correctness failed, or a gate failed. */
export const EXIT_FAILED = 1;
/** Bad input: scenario, trace, flags; nothing was written. */
export const EXIT_BAD_INPUT = 2;
/** A bug in cowsim itself. */
export const EXIT_INTERNAL = 3;

/** The exit code and message for an error that ended a command. */
export function describeFailure(error: unknown): { exitCode: number; message: string } {
  // A bad trace line is found inside a kernel process: report the input error, not the wrapper.
  const cause = error instanceof ProcessFailedError ? (error.cause ?? error) : error;
  if (cause instanceof InputError || cause instanceof CowsimError) return { exitCode: EXIT_BAD_INPUT, message: `cowsim: ${cause.message}` };
  const text = cause instanceof Error ? (cause.stack ?? cause.message) : String(cause);
  return { exitCode: EXIT_INTERNAL, message: `cowsim: internal error (a bug in cowsim; please report it with the command that produced it):\n${text}` };
}

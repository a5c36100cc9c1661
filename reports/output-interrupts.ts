/**
 * Ctrl-C (SIGINT) and SIGTERM while an output folder is being written. The signal is noted, the
 * writer sees it at its next step and undoes what it began (the earlier output stays in place),
 * and then the process ends by that same signal, so a shell sees 130 or 143 and a script's loop
 * stops as it should. Outside a write nothing is caught: the default applies and the process ends
 * at once, which loses nothing, because nothing of the new output exists on disk before the write.
 */
import { constants } from 'node:os';
import { CowsimError } from '../engine/errors.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** A write stopped by a signal; only seen when the process outlives the signal (tests). */
export class OutputInterrupted extends CowsimError {
  constructor(
    readonly signal: NodeJS.Signals,
    outDir: string,
    kept: 'earlier' | 'new',
  ) {
    super(`interrupted by ${signal} while writing ${outDir}; ${kept === 'earlier' ? 'the earlier output (if any) is kept' : 'the new output is in place'}`);
  }
}

/** A signal noted during a write. */
export interface InterruptLatch {
  /** The first signal that arrived, if any. */
  readonly signal: NodeJS.Signals | undefined;
  /** Settles when a signal arrives (a paused step stops waiting). */
  readonly arrived: Promise<NodeJS.Signals>;
  /** Stops catching the signals; returns the one that arrived, if any. */
  release(): NodeJS.Signals | undefined;
}

/** Starts noting SIGINT and SIGTERM instead of dying at once; call release() when the write is over. */
export function catchInterrupts(): InterruptLatch {
  let received: NodeJS.Signals | undefined;
  let wake: (signal: NodeJS.Signals) => void = () => undefined;
  const arrived = new Promise<NodeJS.Signals>((resolve) => (wake = resolve));
  const listener = (signal: NodeJS.Signals): void => {
    received ??= signal;
    wake(signal);
  };
  for (const signal of SIGNALS) process.on(signal, listener);
  return {
    get signal() {
      return received;
    },
    arrived,
    release() {
      for (const signal of SIGNALS) process.removeListener(signal, listener);
      return received;
    },
  };
}

/** Ends the process by `signal` with its default action; exits 128 + its number if something else still catches it. */
export function endBySignal(signal: NodeJS.Signals): void {
  process.kill(process.pid, signal);
  process.exit(128 + (constants.signals[signal] ?? 0));
}

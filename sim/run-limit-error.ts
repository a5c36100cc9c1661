/**
 * A run that reached one of its bounds (a scenario's `limits:`, or the 2^53 ns simulated time
 * can hold exactly). It is the scenario that asked for too much, not a bug in cowsim, so it is a
 * CowsimError: the command line reports it with exit code 2 and writes nothing.
 */
import { CowsimError } from '../engine/errors.js';

export type RunLimit = 'maxEvents' | 'maxSimulatedTime' | 'exactTime';

/** The run stopped at a bound; the message names it and how to raise it or avoid it. */
export class RunLimitError extends CowsimError {
  constructor(
    readonly limit: RunLimit,
    message: string,
  ) {
    super(message);
  }
}

const seconds = (ns: number): string => `${Number((ns / 1e9).toPrecision(6))} s`;

/** The run took limits.maxEvents kernel events without ending. */
export function eventLimitError(maxEvents: number, nowNs: number): RunLimitError {
  return new RunLimitError(
    'maxEvents',
    `run stopped: it took limits.maxEvents (${maxEvents.toLocaleString('en-US')} kernel events) and had not ended, at ${seconds(nowNs)} of simulated time; ` +
      'raise limits.maxEvents in the scenario (limits: { maxEvents: N }) or make the run smaller (duration, ios, snapshots.every, report.timelineInterval)',
  );
}

/** A run stopping on its I/O count reached limits.maxSimulatedTime first. */
export function simulatedTimeLimitError(maxNs: number): RunLimitError {
  return new RunLimitError(
    'maxSimulatedTime',
    `run stopped: it reached limits.maxSimulatedTime (${seconds(maxNs)} of simulated time) before its ios count; ` +
      'the workloads may stop before reaching it (stopAt, loops, their own ios, the end of a trace): lower ios, give a duration, or raise limits.maxSimulatedTime',
  );
}

/** A time past 2^53 ns, where integers of nanoseconds stop being exact. */
export function exactTimeError(what: string, ns: number): RunLimitError {
  return new RunLimitError(
    'exactTime',
    `run stopped: ${what} ${ns} ns is past 2^53 ns (about 104 days), the simulated time cowsim keeps exactly; a time, a rate or a device parameter of the scenario is too large`,
  );
}

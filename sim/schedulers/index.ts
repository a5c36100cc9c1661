/**
 * The host scheduler registry: every scheduler a scenario may name, checked at start-up.
 */
import { deadlineScheduler } from './deadline.js';
import { elevatorScheduler } from './elevator.js';
import { fifoScheduler } from './fifo.js';
import type { HostScheduler, SchedulableRequest, SchedulerPlugin } from './scheduler.js';

export type { HostScheduler, SchedulableRequest, SchedulerPlugin } from './scheduler.js';
export { FifoScheduler } from './fifo.js';
export { ElevatorScheduler } from './elevator.js';
export { DeadlineScheduler } from './deadline.js';

export const schedulers: readonly SchedulerPlugin[] = [fifoScheduler, elevatorScheduler, deadlineScheduler];

/** The plug-in of that name, or undefined; callers turn undefined into an InputError with the field. */
export function findScheduler(name: string): SchedulerPlugin | undefined {
  return schedulers.find((plugin) => plugin.name === name);
}

/**
 * Builds a scheduler by name from raw parameters (validated by its schema, defaults filled).
 * Throws a RangeError listing the known names; scenario loaders check names first.
 */
export function createScheduler<R extends SchedulableRequest>(name: string, params: unknown = {}): HostScheduler<R> {
  const plugin = findScheduler(name);
  if (plugin === undefined) {
    throw new RangeError(`unknown scheduler "${name}"; known: ${schedulers.map((known) => known.name).join(', ')}`);
  }
  return plugin.create<R>(plugin.paramsSchema.parse(params));
}

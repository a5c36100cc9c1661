/**
 * The host I/O scheduler contract: the queue in front of a disk model, in the role of Linux's
 * block-layer elevators. SimDevice pushes every request here and pops the next one whenever the
 * drive has a free slot, so a scheduler only matters when the host queue is non-empty.
 */
import type { ZodType } from 'zod';
import type { DiskOperation } from '../disk-model.js';

/** What a scheduler may look at to choose; SimDevice's requests carry more. */
export interface SchedulableRequest {
  readonly id: number;
  readonly operation: DiskOperation;
  readonly offsetBytes: number;
  readonly queuedAtNs: number;
}

export interface HostScheduler<R extends SchedulableRequest = SchedulableRequest> {
  readonly name: string;
  push(request: R): void;
  /**
   * Removes and returns the request to dispatch next. headOffsetBytes is where the last
   * dispatched request ended (the head position an elevator sweeps from); nowNs lets deadlines
   * expire.
   */
  pop(headOffsetBytes: number, nowNs: number): R | undefined;
  size(): number;
}

/** A scheduler plug-in, fio style: name, parameter schema (defaults filled, unknown keys refused), factory. */
export interface SchedulerPlugin<P = any> {
  readonly name: string;
  /** One line for `cowsim presets`. */
  readonly description: string;
  readonly paramsSchema: ZodType<P>;
  create<R extends SchedulableRequest>(params: P): HostScheduler<R>;
}

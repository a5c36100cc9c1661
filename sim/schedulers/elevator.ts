/**
 * elevator: C-LOOK by offset. The head sweeps upward serving the nearest request at or after it,
 * then jumps back to the lowest queued offset; cuts seeks on rotating disks, can starve far
 * requests under a steady stream of near ones (which is what deadline fixes). No parameters.
 */
import { z } from 'zod';
import type { HostScheduler, SchedulableRequest, SchedulerPlugin } from './scheduler.js';
import { SortedRequests } from './sorted-requests.js';

export class ElevatorScheduler<R extends SchedulableRequest> implements HostScheduler<R> {
  readonly name = 'elevator';
  private readonly sorted = new SortedRequests<R>();
  push(request: R): void {
    this.sorted.insert(request);
  }
  pop(headOffsetBytes: number): R | undefined {
    return this.sorted.takeFrom(headOffsetBytes);
  }
  size(): number {
    return this.sorted.length;
  }
}

export const elevatorSchedulerParamsSchema = z.object({}).strict();

export const elevatorScheduler: SchedulerPlugin<z.infer<typeof elevatorSchedulerParamsSchema>> = {
  name: 'elevator',
  description: 'C-LOOK: ascending offsets from the head, then wrap to the lowest',
  paramsSchema: elevatorSchedulerParamsSchema,
  create: <R extends SchedulableRequest>() => new ElevatorScheduler<R>(),
};

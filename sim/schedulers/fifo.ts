/**
 * fifo: dispatch in arrival order (Linux's `none`, what NVMe hosts use). No parameters.
 */
import { z } from 'zod';
import { RingQueue } from '../ring-queue.js';
import type { HostScheduler, SchedulableRequest, SchedulerPlugin } from './scheduler.js';

export class FifoScheduler<R extends SchedulableRequest> implements HostScheduler<R> {
  readonly name = 'fifo';
  private readonly queue = new RingQueue<R>();
  push(request: R): void {
    this.queue.push(request);
  }
  pop(): R | undefined {
    return this.queue.shift();
  }
  size(): number {
    return this.queue.length;
  }
}

export const fifoSchedulerParamsSchema = z.object({}).strict();

export const fifoScheduler: SchedulerPlugin<z.infer<typeof fifoSchedulerParamsSchema>> = {
  name: 'fifo',
  description: 'arrival order, no reordering (Linux none)',
  paramsSchema: fifoSchedulerParamsSchema,
  create: <R extends SchedulableRequest>() => new FifoScheduler<R>(),
};

/**
 * deadline: Linux mq-deadline in miniature. Reads and writes are each kept sorted by offset (served
 * C-LOOK in batches of fifoBatch) and in arrival order with an expiry time. A request whose
 * deadline has passed is served first, expired reads before expired writes; otherwise reads are
 * preferred, but writes get a batch after writesStarved read batches while they wait.
 *
 * Parameters: readExpireMs (default 500), writeExpireMs (5000), fifoBatch (16), writesStarved (2),
 * the Linux defaults.
 */
import { z } from 'zod';
import { RingQueue } from '../ring-queue.js';
import type { HostScheduler, SchedulableRequest, SchedulerPlugin } from './scheduler.js';
import { SortedRequests } from './sorted-requests.js';

export const deadlineSchedulerParamsSchema = z
  .object({
    readExpireMs: z.number().positive().default(500),
    writeExpireMs: z.number().positive().default(5000),
    fifoBatch: z.number().int().min(1).default(16),
    writesStarved: z.number().int().min(0).default(2),
  })
  .strict();

export type DeadlineSchedulerParams = z.infer<typeof deadlineSchedulerParamsSchema>;

class Entry<R extends SchedulableRequest> {
  taken = false;
  readonly offsetBytes: number;
  readonly id: number;
  constructor(
    readonly request: R,
    readonly deadlineNs: number,
  ) {
    this.offsetBytes = request.offsetBytes;
    this.id = request.id;
  }
}

/** One direction's queues: sorted for sweeping, arrival order for expiry (taken entries skipped lazily). */
class Direction<R extends SchedulableRequest> {
  readonly sorted = new SortedRequests<Entry<R>>();
  readonly arrival = new RingQueue<Entry<R>>();

  constructor(readonly expireNs: number) {}

  push(request: R): void {
    const entry = new Entry(request, request.queuedAtNs + this.expireNs);
    this.sorted.insert(entry);
    this.arrival.push(entry);
  }

  /** The oldest waiting entry if its deadline has passed. */
  expired(nowNs: number): Entry<R> | undefined {
    let oldest = this.arrival.peek();
    while (oldest !== undefined && oldest.taken) {
      this.arrival.shift();
      oldest = this.arrival.peek();
    }
    return oldest !== undefined && oldest.deadlineNs <= nowNs ? oldest : undefined;
  }

  take(entry: Entry<R>): R {
    this.sorted.remove(entry);
    entry.taken = true;
    return entry.request;
  }

  takeFrom(headOffsetBytes: number): R | undefined {
    const entry = this.sorted.takeFrom(headOffsetBytes);
    if (entry === undefined) return undefined;
    entry.taken = true;
    return entry.request;
  }
}

export class DeadlineScheduler<R extends SchedulableRequest> implements HostScheduler<R> {
  readonly name = 'deadline';
  private readonly reads: Direction<R>;
  private readonly writes: Direction<R>;
  private batchDirection: Direction<R>;
  private batchLeft = 0;
  private starved = 0;
  private count = 0;

  constructor(private readonly params: DeadlineSchedulerParams) {
    this.reads = new Direction<R>(Math.round(params.readExpireMs * 1e6));
    this.writes = new Direction<R>(Math.round(params.writeExpireMs * 1e6));
    this.batchDirection = this.reads;
  }

  push(request: R): void {
    (request.operation === 'read' ? this.reads : this.writes).push(request);
    this.count++;
  }

  pop(headOffsetBytes: number, nowNs: number): R | undefined {
    if (this.count === 0) return undefined;
    this.count--;
    const expiredRead = this.reads.expired(nowNs);
    const expired = expiredRead ?? this.writes.expired(nowNs);
    if (expired !== undefined) {
      this.startBatch(expiredRead !== undefined ? this.reads : this.writes);
      return this.batchDirection.take(expired);
    }
    if (this.batchLeft > 0 && this.batchDirection.sorted.length > 0) {
      this.batchLeft--;
      return this.batchDirection.takeFrom(headOffsetBytes)!;
    }
    const readsWaiting = this.reads.sorted.length > 0;
    const writesWaiting = this.writes.sorted.length > 0;
    if (readsWaiting && (!writesWaiting || this.starved < this.params.writesStarved)) {
      if (writesWaiting) this.starved++;
      this.startBatch(this.reads);
    } else {
      this.starved = 0;
      this.startBatch(this.writes);
    }
    return this.batchDirection.takeFrom(headOffsetBytes)!;
  }

  size(): number {
    return this.count;
  }

  private startBatch(direction: Direction<R>): void {
    this.batchDirection = direction;
    this.batchLeft = this.params.fifoBatch - 1;
  }
}

export const deadlineScheduler: SchedulerPlugin<DeadlineSchedulerParams> = {
  name: 'deadline',
  description: 'sorted by offset in read/write batches; expired requests first (Linux mq-deadline)',
  paramsSchema: deadlineSchedulerParamsSchema,
  create: <R extends SchedulableRequest>(params: DeadlineSchedulerParams) => new DeadlineScheduler<R>(params),
};

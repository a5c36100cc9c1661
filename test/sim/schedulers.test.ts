import { describe, expect, it } from 'vitest';
import type { DiskOperation } from '../../sim/disk-model.js';
import { createScheduler, findScheduler, schedulers, type SchedulableRequest } from '../../sim/schedulers/index.js';

let nextId = 0;
const request = (offsetBytes: number, operation: DiskOperation = 'read', queuedAtNs = 0): SchedulableRequest => ({
  id: nextId++,
  operation,
  offsetBytes,
  queuedAtNs,
});

/** Pops everything, passing each dispatched offset back as the head position. */
function drain(name: string, requests: SchedulableRequest[], params: unknown = {}, nowNs = 0, headOffsetBytes = 0): number[] {
  const scheduler = createScheduler(name, params);
  for (const queued of requests) scheduler.push(queued);
  expect(scheduler.size()).toBe(requests.length);
  const order: number[] = [];
  let head = headOffsetBytes;
  for (let popped = scheduler.pop(head, nowNs); popped !== undefined; popped = scheduler.pop(head, nowNs)) {
    order.push(popped.offsetBytes);
    head = popped.offsetBytes;
  }
  expect(scheduler.size()).toBe(0);
  return order;
}

describe('host schedulers', () => {
  it('registry lists fifo, elevator and deadline, validates parameters, refuses unknown names', () => {
    expect(schedulers.map((plugin) => plugin.name)).toEqual(['fifo', 'elevator', 'deadline']);
    expect(findScheduler('deadline')!.paramsSchema.parse({})).toEqual({ readExpireMs: 500, writeExpireMs: 5000, fifoBatch: 16, writesStarved: 2 });
    expect(() => createScheduler('deadline', { readExpiry: 1 })).toThrow();
    expect(() => createScheduler('cfq')).toThrow(/unknown scheduler "cfq"; known: fifo, elevator, deadline/);
  });

  it('fifo keeps arrival order', () => {
    expect(drain('fifo', [50, 10, 30, 70, 20].map((offset) => request(offset)))).toEqual([50, 10, 30, 70, 20]);
  });

  it('elevator sweeps upward from the head, then wraps to the lowest offset (C-LOOK)', () => {
    expect(drain('elevator', [50, 10, 30, 70, 20].map((offset) => request(offset)), {}, 0, 25)).toEqual([30, 50, 70, 10, 20]);
  });

  it('elevator serves equal offsets in arrival order', () => {
    const scheduler = createScheduler('elevator');
    const first = request(40);
    const second = request(40);
    scheduler.push(second);
    scheduler.push(first);
    expect(scheduler.pop(0, 0)).toBe(first);
    expect(scheduler.pop(0, 0)).toBe(second);
  });

  it('deadline prefers reads, sorted by offset, but gives writes a batch after writesStarved read batches', () => {
    const reads = [5, 1, 3, 7, 9, 11].map((offset) => request(offset * 100, 'read'));
    const writes = [4, 2].map((offset) => request(offset * 100, 'write'));
    const order = drain('deadline', [...writes, ...reads], { fifoBatch: 2, writesStarved: 2 });
    // Two read batches of two (C-LOOK from the head), then a write batch, then the remaining reads.
    expect(order).toEqual([100, 300, 500, 700, 200, 400, 900, 1100]);
  });

  it('deadline serves an expired request first, reads before writes', () => {
    const scheduler = createScheduler('deadline', { readExpireMs: 1, writeExpireMs: 2 });
    const oldWrite = request(9000, 'write', 0);
    const oldRead = request(8000, 'read', 500_000);
    const nearRead = request(100, 'read', 1_500_000);
    for (const queued of [oldWrite, oldRead, nearRead]) scheduler.push(queued);
    // At 1.6 ms the old read has expired (queued at 0.5 ms + 1 ms): it goes first despite its offset.
    expect(scheduler.pop(0, 1_600_000)).toBe(oldRead);
    // At 2 ms the write has expired too, and no read has: the write goes before the near read.
    expect(scheduler.pop(0, 2_000_000)).toBe(oldWrite);
    expect(scheduler.pop(0, 2_000_000)).toBe(nearRead);
    expect(scheduler.pop(0, 2_000_000)).toBeUndefined();
  });
});

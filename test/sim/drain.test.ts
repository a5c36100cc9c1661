/**
 * The rule that keeps the simulation honest (design.md section 3): the clock advances only once
 * every continuation triggered at the current instant has run, however long its chain of awaits.
 */
import { Mutex, Semaphore } from 'async-mutex';
import { describe, expect, it } from 'vitest';
import { Kernel } from '../../sim/kernel.js';
import { FixedModel } from '../../sim/models/fixed.js';
import { SimDevice } from '../../sim/sim-device.js';

describe('drain rule', () => {
  it('(Node) a tick queued from a tick runs before pending microtasks; one queued from a microtask runs after them all', async () => {
    const seen: string[] = [];
    await new Promise<void>((done) => {
      process.nextTick(() => {
        void Promise.resolve()
          .then(() => seen.push('microtask 1'))
          .then(() => seen.push('microtask 2'));
        process.nextTick(() => seen.push('tick from tick'));
        queueMicrotask(() => process.nextTick(() => {
          seen.push('tick from microtask');
          done();
        }));
      });
    });
    expect(seen).toEqual(['tick from tick', 'microtask 1', 'microtask 2', 'tick from microtask']);
  });

  it('runs long async-mutex chains woken at one instant before the clock moves', async () => {
    const kernel = new Kernel();
    const mutex = new Mutex();
    const semaphore = new Semaphore(3);
    const processes = 50;
    const rounds = 40;
    let completed = 0;
    const timesSeen = new Set<number>();
    for (let index = 0; index < processes; index++) {
      kernel.spawn(`contender-${index}`, async () => {
        await kernel.sleep(100); // every process wakes at the same instant
        for (let round = 0; round < rounds; round++) {
          await mutex.runExclusive(async () => {
            await semaphore.runExclusive(async () => {
              for (let hop = 0; hop < 5; hop++) await Promise.resolve();
            });
          });
          timesSeen.add(kernel.nowNs());
          completed++;
        }
      });
    }
    let completedWhenTimeMoved = -1;
    kernel.schedule(101, () => (completedWhenTimeMoved = completed));
    await kernel.run();
    expect(completedWhenTimeMoved).toBe(processes * rounds);
    expect([...timesSeen]).toEqual([100]);
  });

  it('finishes the continuation of a woken process before the next event of the same instant', async () => {
    const kernel = new Kernel();
    const seen: string[] = [];
    kernel.spawn('sleeper', async () => {
      await kernel.sleep(50);
      for (let hop = 0; hop < 100; hop++) await Promise.resolve();
      seen.push('sleeper continuation');
    });
    // Scheduled after the sleeper started (so after its wake-up) for the same instant.
    kernel.schedule(0, () => kernel.schedule(50, () => seen.push('event scheduled later for the same instant')));
    await kernel.run();
    expect(seen).toEqual(['sleeper continuation', 'event scheduled later for the same instant']);
  });

  it('runs the await chains of device completions before the clock moves', async () => {
    const kernel = new Kernel();
    const device = new SimDevice({
      name: 'disk',
      kernel,
      model: new FixedModel({ servers: 4, meanServiceTimeUs: 1, distribution: 'deterministic', capacityBytes: 2 ** 40 }, () => 0.5),
      blockSize: 16,
      blockCount: 64,
    });
    const mutex = new Mutex();
    const finishedAt: number[] = [];
    for (let index = 0; index < 8; index++) {
      kernel.spawn(`reader-${index}`, async () => {
        await device.read(index, 1);
        await mutex.runExclusive(async () => {
          for (let hop = 0; hop < 20; hop++) await Promise.resolve();
        });
        finishedAt.push(kernel.nowNs());
      });
    }
    await kernel.run();
    // Four servers, 1 us each: two waves, each finishing entirely at its completion instant.
    expect(finishedAt).toEqual([1000, 1000, 1000, 1000, 2000, 2000, 2000, 2000]);
  });
});

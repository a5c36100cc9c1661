import { describe, expect, it } from 'vitest';
import type { ReceivedWrite } from '../../engine/intake.js';
import { Kernel } from '../../sim/kernel.js';
import { ModelledIntake, type ModelledIntakeParams } from '../../sim/modelled-intake.js';
import { RandomStreams } from '../../sim/random.js';

/** Receives `count` writes, one every gapNs, and records the order in which they leave. */
async function pass(params: Partial<ModelledIntakeParams>, count: number, gapNs: number, seed = 1) {
  const kernel = new Kernel();
  const intake = new ModelledIntake(kernel, params, new RandomStreams(seed).get('intake'));
  const left: number[] = [];
  for (let sequence = 0; sequence < count; sequence++) {
    kernel.schedule(sequence * gapNs, () => {
      const write: ReceivedWrite = { sequence, block: sequence, blockCount: 1 };
      void intake.admit(write).then(() => left.push(sequence));
    });
  }
  await kernel.run();
  return { left, stats: intake.stats(), nowNs: kernel.nowNs() };
}

describe('ModelledIntake', () => {
  it('passes writes in receive order with one server or a fixed service time', async () => {
    for (const params of [
      { servers: 1, distribution: 'exponential' as const },
      { servers: 4, distribution: 'fixed' as const },
    ]) {
      const { left, stats } = await pass({ ...params, meanServiceTimeUs: 10 }, 500, 2000);
      expect(left).toEqual([...left].sort((a, b) => a - b));
      expect(left).toHaveLength(500);
      expect(stats.admitted).toBe(500);
      expect(stats.reordered).toBe(0);
    }
  });

  it('lets a later write overtake an earlier one with several servers and varying service times', async () => {
    for (const distribution of ['exponential', 'lognormal'] as const) {
      const { left, stats } = await pass({ servers: 4, distribution, meanServiceTimeUs: 10 }, 2000, 3000);
      expect(stats.admitted).toBe(2000);
      expect(stats.reordered).toBeGreaterThan(50);
      // reordered counts the writes that left while an earlier one was still inside.
      let reordered = 0;
      const inside = new Set(Array.from({ length: 2000 }, (_, sequence) => sequence));
      for (const sequence of left) {
        inside.delete(sequence);
        if ([...inside].some((other) => other < sequence)) reordered++;
      }
      expect(stats.reordered).toBe(reordered);
    }
  });

  it('queues beyond its servers in arrival order and times it', async () => {
    // Ten writes at once, two servers of 10 us: five waves.
    const { left, stats, nowNs } = await pass({ servers: 2, distribution: 'fixed', meanServiceTimeUs: 10 }, 10, 0);
    expect(left).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(nowNs).toBe(50_000);
    expect(stats.maxQueueLength).toBe(8);
    expect(stats.queueTimeUs).toMatchObject({ count: 10, mean: 20, min: 0, max: 40 });
    expect(stats.intakeTimeUs).toMatchObject({ count: 10, mean: 30, max: 50 });
  });

  it('draws its mean service time and is deterministic by seed', async () => {
    const first = await pass({ servers: 8, distribution: 'exponential', meanServiceTimeUs: 40 }, 20_000, 10_000, 3);
    const again = await pass({ servers: 8, distribution: 'exponential', meanServiceTimeUs: 40 }, 20_000, 10_000, 3);
    const other = await pass({ servers: 8, distribution: 'exponential', meanServiceTimeUs: 40 }, 20_000, 10_000, 4);
    // Servers are rarely all busy at this load, so intake time is close to the service time.
    expect(first.stats.intakeTimeUs.mean / 40).toBeCloseTo(1, 1);
    expect(again.left).toEqual(first.left);
    expect(other.left).not.toEqual(first.left);
  });

  it('refuses bad parameters', () => {
    const kernel = new Kernel();
    const random = new RandomStreams(1).get('intake');
    expect(() => new ModelledIntake(kernel, { servers: 0 }, random)).toThrow();
    expect(() => new ModelledIntake(kernel, { servers: 2, extra: 1 } as never, random)).toThrow();
  });

  it('counts a write as reordered exactly when one received before it is still inside as it leaves', async () => {
    // Leaving order 2, 0, 3, 1: 2 passes 0 and 1; 0 passes nothing; 3 passes 1; 1 passes nothing.
    const kernel = new Kernel();
    const services = [40, 100, 10, 50];
    let next = 0;
    const intake = new ModelledIntake(kernel, { servers: 4, distribution: 'fixed', meanServiceTimeUs: 0 }, new RandomStreams(1).get('intake'));
    (intake as unknown as { drawServiceNs: () => number }).drawServiceNs = () => services[next++]!;
    const left: number[] = [];
    for (let sequence = 0; sequence < 4; sequence++) void intake.admit({ sequence, block: sequence, blockCount: 1 }).then(() => left.push(sequence));
    await kernel.run();
    expect(left).toEqual([2, 0, 3, 1]);
    expect(intake.stats().reordered).toBe(2);
  });

  it('refuses a write received out of receive order (a caller bug)', async () => {
    const intake = new ModelledIntake(new Kernel(), {}, new RandomStreams(1).get('intake'));
    void intake.admit({ sequence: 5, block: 0, blockCount: 1 });
    await expect(intake.admit({ sequence: 4, block: 1, blockCount: 1 })).rejects.toThrow(/received after write 5/);
  });
});

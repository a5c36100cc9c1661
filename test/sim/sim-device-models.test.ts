/**
 * SimDevice runs every registered disk model and preset: requests complete at the model's times,
 * in order the model decides, with the data intact and the statistics consistent.
 */
import { describe, expect, it } from 'vitest';
import { findDiskModel, diskModels } from '../../sim/disk-models.js';
import { diskPresets } from '../../sim/presets.js';
import { Kernel } from '../../sim/kernel.js';
import { RandomStreams } from '../../sim/random.js';
import { SimDevice } from '../../sim/sim-device.js';

async function exercise(modelName: string, params: unknown, scheduler: string): Promise<void> {
  const plugin = findDiskModel(modelName)!;
  const streams = new RandomStreams(77);
  const kernel = new Kernel();
  const device = new SimDevice({
    name: `${modelName}-disk`,
    kernel,
    model: plugin.create(plugin.paramsSchema.parse(params), streams.get(`disk.${modelName}`).next),
    scheduler,
    blockSize: 16,
    nominalBlockSizeBytes: 4096,
    blockCount: 1 << 16,
  });
  const random = streams.get('workload');
  const latest = new Map<number, number>();
  const workers = 8;
  for (let worker = 0; worker < workers; worker++) {
    kernel.spawn(`worker-${worker}`, async () => {
      for (let index = 0; index < 150; index++) {
        // Each worker owns the blocks congruent to its number: no two writes to a block overlap.
        const block = random.integer(0, (1 << 16) / workers - 1) * workers + worker;
        const roll = random.next();
        if (roll < 0.45) {
          const value = (index * workers + worker) % 251;
          await device.write(block, new Uint8Array(16).fill(value));
          latest.set(block, value);
        } else if (roll < 0.98) {
          const data = await device.read(block, 1);
          expect(data[0]).toBe(latest.get(block) ?? 0);
        } else {
          await device.flush();
        }
      }
    });
  }
  await kernel.run();
  const stats = device.stats();
  expect(stats.requests).toBe(workers * 150);
  if (modelName === 'null') {
    expect(kernel.nowNs()).toBe(0); // no hardware time at all
    return;
  }
  expect(kernel.nowNs()).toBeGreaterThan(0);
  expect(stats.utilization).toBeGreaterThan(0);
  expect(stats.utilization).toBeLessThanOrEqual(1);
  expect(stats.queueDepth.meanInDevice).toBeCloseTo((stats.iops * stats.responseTimeUs.mean) / 1e6, 6);
  for (const value of Object.values(stats.figures)) expect(Number.isFinite(value)).toBe(true);
}

describe('SimDevice with every registered model', () => {
  for (const plugin of diskModels) {
    it(`runs the ${plugin.name} model with default parameters`, async () => {
      await exercise(plugin.name, {}, 'fifo');
    });
  }
  for (const preset of diskPresets) {
    it(`runs preset ${preset.name} behind the deadline scheduler`, async () => {
      await exercise(preset.model, preset.params, 'deadline');
    });
  }
});

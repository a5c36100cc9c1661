/**
 * Determinism (design.md section 3, issue 3): one seed per run, every random choice from streams
 * derived from it. The same seed twice gives identical figures, bit for bit; another seed gives
 * different ones. Checked for every disk model, each behind a host scheduler, and for the
 * modelled intake, under a mixed random workload with a flush now and then.
 */
import { describe, expect, it } from 'vitest';
import { findDiskModel } from '../../sim/disk-models.js';
import { Kernel } from '../../sim/kernel.js';
import { ModelledIntake } from '../../sim/modelled-intake.js';
import { findPreset } from '../../sim/presets.js';
import { RandomStreams, type Seed } from '../../sim/random.js';
import { SimDevice } from '../../sim/sim-device.js';

const NOMINAL_BLOCK_BYTES = 4096;
const BLOCK_COUNT = 1 << 16; // 256 MiB at 4 KiB
const WORKERS = 8;
const REQUESTS_PER_WORKER = 150;

interface Setup {
  readonly model: string;
  readonly params: Record<string, unknown>;
  readonly scheduler: string;
}

const setups: Record<string, Setup> = {
  'fixed, exponential service': { model: 'fixed', params: { servers: 2, meanServiceTimeUs: 100, distribution: 'exponential' }, scheduler: 'fifo' },
  'hdd-7200-sata': { model: 'hdd', params: findPreset('hdd-7200-sata')!.params, scheduler: 'elevator' },
  'hdd-15k-sas, NCQ off': { model: 'hdd', params: { ...findPreset('hdd-15k-sas')!.params, queueDepth: 1 }, scheduler: 'deadline' },
  'ssd-sata, 1 GiB': { model: 'ssd', params: { ...findPreset('ssd-sata')!.params, capacityBytes: 2 ** 30 }, scheduler: 'fifo' },
  'nvme-pcie4, 1 GiB': { model: 'nvme', params: { ...findPreset('nvme-pcie4')!.params, capacityBytes: 2 ** 30 }, scheduler: 'fifo' },
};

/** Closed-loop workers: random reads and writes of random length, an occasional flush, random think time. */
async function figures(setup: Setup, seed: Seed) {
  const kernel = new Kernel();
  const streams = new RandomStreams(seed);
  const plugin = findDiskModel(setup.model)!;
  const device = new SimDevice({
    name: 'device',
    kernel,
    model: plugin.create(plugin.paramsSchema.parse(setup.params), streams.get('disk').next),
    scheduler: setup.scheduler,
    blockSize: 16,
    nominalBlockSizeBytes: NOMINAL_BLOCK_BYTES,
    blockCount: BLOCK_COUNT,
  });
  let checksum = 0;
  for (let worker = 0; worker < WORKERS; worker++) {
    const random = streams.get(`worker.${worker}`);
    kernel.spawn(`worker-${worker}`, async () => {
      // Worker w owns the blocks congruent to w, so no two writes to one block overlap.
      const slots = BLOCK_COUNT / WORKERS;
      for (let request = 0; request < REQUESTS_PER_WORKER; request++) {
        const block = random.integer(0, slots - 1) * WORKERS + worker;
        const draw = random.next();
        if (draw < 0.05) await device.flush();
        else if (draw < 0.5) {
          const bytes = await device.read(block, 1);
          checksum = (checksum * 31 + bytes[0]! + kernel.nowNs()) % 2 ** 40;
        } else await device.write(block, new Uint8Array(16).fill((request + worker) & 0xff));
        await kernel.sleep(Math.round(random.exponential(50_000)));
      }
    });
  }
  await kernel.run();
  return { stats: device.stats(), nowNs: kernel.nowNs(), events: kernel.eventsRun, checksum };
}

describe('same seed, same figures; another seed, other figures', () => {
  for (const [name, setup] of Object.entries(setups)) {
    it(name, async () => {
      const first = await figures(setup, 42);
      const again = await figures(setup, 42);
      const other = await figures(setup, 43);
      expect(first.stats.requests).toBe(WORKERS * REQUESTS_PER_WORKER);
      expect(again).toEqual(first);
      expect(other.nowNs).not.toBe(first.nowNs);
      expect(other.stats.responseTimeUs).not.toEqual(first.stats.responseTimeUs);
    });
  }

  it('the modelled intake', async () => {
    const pass = async (seed: Seed) => {
      const kernel = new Kernel();
      const intake = new ModelledIntake(kernel, { servers: 4, distribution: 'lognormal', meanServiceTimeUs: 30, coefficientOfVariation: 2 }, new RandomStreams(seed).get('intake'));
      const order: number[] = [];
      for (let sequence = 0; sequence < 2000; sequence++) {
        kernel.schedule(sequence * 10_000, () => void intake.admit({ sequence, block: sequence, blockCount: 1 }).then(() => order.push(sequence)));
      }
      await kernel.run();
      return { order, stats: intake.stats(), nowNs: kernel.nowNs() };
    };
    const first = await pass('seed-a');
    expect(await pass('seed-a')).toEqual(first);
    const other = await pass('seed-b');
    expect(other.order).not.toEqual(first.order);
    expect(other.stats.intakeTimeUs).not.toEqual(first.stats.intakeTimeUs);
  });
});

/**
 * Host I/O schedulers in front of a disk that does not reorder (issue 3 validation): a 7200 rpm
 * SATA disk with NCQ off serves commands in the order the host hands them over, so at host queue
 * depth 32 the elevator (C-LOOK), which hands over the nearest offset ahead of the head, shortens
 * seeks and gives markedly more IOPS than fifo.
 */
import { describe, expect, it } from 'vitest';
import { hddPlugin } from '../../sim/models/hdd.js';
import { Kernel } from '../../sim/kernel.js';
import { findPreset } from '../../sim/presets.js';
import { RandomStreams } from '../../sim/random.js';
import { SimDevice, type SimDeviceStats } from '../../sim/sim-device.js';

const NOMINAL_BLOCK_BYTES = 4096;
const HOST_QUEUE_DEPTH = 32;
const RUN_NS = 30e9;

/** Closed loop: 32 processes, each with one random 4 KiB read over the whole disk in flight. */
async function randomReads(scheduler: string, seed = 1): Promise<SimDeviceStats> {
  const preset = findPreset('hdd-7200-sata')!;
  const params = hddPlugin.paramsSchema.parse({ ...preset.params, queueDepth: 1 });
  const kernel = new Kernel();
  const streams = new RandomStreams(seed);
  const blockCount = Math.floor(params.capacityBytes / NOMINAL_BLOCK_BYTES);
  const device = new SimDevice({
    name: 'hdd',
    kernel,
    model: hddPlugin.create(params, streams.get('disk').next),
    scheduler,
    blockSize: 16,
    nominalBlockSizeBytes: NOMINAL_BLOCK_BYTES,
    blockCount,
  });
  for (let process = 0; process < HOST_QUEUE_DEPTH; process++) {
    const random = streams.get(`reader.${process}`);
    kernel.spawn(`reader-${process}`, async () => {
      while (kernel.nowNs() < RUN_NS) await device.read(random.integer(0, blockCount - 1), 1);
    });
  }
  await kernel.run();
  return device.stats();
}

describe('host schedulers on hdd-7200-sata with NCQ off, host queue depth 32, random 4 KiB reads', () => {
  it('elevator gives markedly more IOPS than fifo', async () => {
    const fifo = await randomReads('fifo');
    const elevator = await randomReads('elevator');
    const deadline = await randomReads('deadline');
    const line = (stats: SimDeviceStats) =>
      `${stats.scheduler} ${stats.iops.toFixed(1)} IOPS (p50 ${(stats.responseTimeUs.p50 / 1000).toFixed(1)} ms, p99 ${(stats.responseTimeUs.p99 / 1000).toFixed(1)} ms)`;
    console.info(`hdd-7200-sata NCQ 1, host QD32 random 4 KiB reads: ${line(fifo)}; ${line(elevator)}; ${line(deadline)}; elevator/fifo ${(elevator.iops / fifo.iops).toFixed(2)}x`);
    // FIFO serves random reads at about the QD1 rate; the sweep cuts the mean seek sharply.
    expect(fifo.iops).toBeGreaterThan(70);
    expect(fifo.iops).toBeLessThan(120);
    expect(elevator.iops).toBeGreaterThan(1.5 * fifo.iops);
    // deadline sorts like the elevator while no request is near its expiry (500 ms for reads).
    expect(deadline.iops).toBeGreaterThan(1.3 * fifo.iops);
    // The disk is busy all the time either way: the gain is shorter service, not more overlap.
    expect(fifo.utilization).toBeGreaterThan(0.99);
    expect(elevator.serviceTimeUs.mean).toBeLessThan(fifo.serviceTimeUs.mean / 1.5);
  });
});

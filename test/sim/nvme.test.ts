import { describe, expect, it } from 'vitest';
import type { DiskModel, DiskModelPlugin } from '../../sim/disk-model.js';
import { nvmePlugin } from '../../sim/models/nvme.js';
import { ssdPlugin, type SsdParams } from '../../sim/models/ssd.js';
import { findPreset } from '../../sim/presets.js';
import { DriveHarness, randomAligned, seededRandom, sequential } from './drive-harness.js';

const GIB = 1024 * 1024 * 1024;

/** A preset at 1 GiB, written sequentially end to end so reads hit flash. */
function filledDrive(presetName: string, plugin: DiskModelPlugin<SsdParams>): { model: DiskModel; harness: DriveHarness } {
  const preset = findPreset(presetName)!;
  const model = plugin.create(plugin.paramsSchema.parse({ ...preset.params, capacityBytes: GIB }), () => 0.5);
  const harness = new DriveHarness(model);
  harness.run({ hostQueueDepth: 32, count: GIB / 131072, next: sequential('write', 131072, GIB) });
  harness.flush();
  return { model, harness };
}

function randomReads(harness: DriveHarness, depth: number, seed: number) {
  return harness.run({ hostQueueDepth: depth, count: 20_000, next: randomAligned(seededRandom(seed), 'read', 4096, GIB) });
}

describe('nvme model, nvme-pcie4 preset (1 GiB)', () => {
  it('gives more random-read IOPS than ssd-sata at QD32', () => {
    const nvme = randomReads(filledDrive('nvme-pcie4', nvmePlugin).harness, 32, 31);
    const sata = randomReads(filledDrive('ssd-sata', ssdPlugin).harness, 32, 31);
    console.info(
      `random 4 KiB read QD32: nvme-pcie4 ${nvme.iops.toFixed(0)} IOPS p99 ${nvme.percentileUs(99).toFixed(0)} us, ` +
        `ssd-sata ${sata.iops.toFixed(0)} IOPS p99 ${sata.percentileUs(99).toFixed(0)} us`,
    );
    expect(nvme.iops).toBeGreaterThan(3 * sata.iops);
    expect(nvme.percentileUs(99)).toBeLessThan(sata.percentileUs(99));
  });

  it('holds far more than 32 commands and keeps scaling past QD32', () => {
    const { model, harness } = filledDrive('nvme-pcie4', nvmePlugin);
    expect(model.model).toBe('nvme');
    expect(model.queueDepth).toBe(1024);
    const qd1 = randomReads(harness, 1, 32);
    const qd32 = randomReads(harness, 32, 33);
    const qd256 = randomReads(harness, 256, 34);
    console.info(
      `nvme-pcie4 random 4 KiB read: QD1 ${qd1.iops.toFixed(0)}, QD32 ${qd32.iops.toFixed(0)}, QD256 ${qd256.iops.toFixed(0)} IOPS`,
    );
    // About 20 K IOPS at QD1 (the preset's calibration), up to the ~1 M class at deep queues.
    expect(qd1.iops).toBeGreaterThan(17_000);
    expect(qd1.iops).toBeLessThan(24_000);
    expect(qd256.iops).toBeGreaterThan(1.5 * qd32.iops);
    expect(qd256.iops).toBeGreaterThan(800_000);
  });

  it('streams sequential reads at the PCIe 4.0 x4 link rate', () => {
    const { harness } = filledDrive('nvme-pcie4', nvmePlugin);
    const r = harness.run({ hostQueueDepth: 32, count: 4_000, next: sequential('read', 131072, GIB) });
    console.info(`nvme-pcie4 sequential 128 KiB read QD32: ${r.throughputMBps.toFixed(0)} MB/s`);
    expect(r.throughputMBps).toBeGreaterThan(6_500);
    expect(r.throughputMBps).toBeLessThanOrEqual(7_000);
  });

  it('has the ssd parameters with NVMe defaults', () => {
    const defaults = nvmePlugin.paramsSchema.parse({});
    const sata = ssdPlugin.paramsSchema.parse({});
    expect(defaults.queueDepth).toBeGreaterThan(sata.queueDepth);
    expect(defaults.commandOverheadUs).toBeLessThan(sata.commandOverheadUs);
    expect(defaults.interfaceRateMBps).toBeGreaterThan(sata.interfaceRateMBps);
    expect(Object.keys(defaults).sort()).toEqual(Object.keys(sata).sort());
  });
});

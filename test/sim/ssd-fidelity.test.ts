/**
 * Issue 11, ssd and nvme: latency spread (page types, read retries), the controller cost of
 * unmapped reads, the NVMe command rate and host time against the 980 PRO's published figures,
 * preconditioning, and the over-provisioning share of a shrunk drive against the analytic write
 * amplification of greedy collection (Xiang and Kurkoski 2011).
 */
import { describe, expect, it } from 'vitest';
import type { DiskModelPlugin } from '../../sim/disk-model.js';
import { PageMappingFtl, blocksPerDieFor } from '../../sim/models/ftl.js';
import { preconditionFtl } from '../../sim/models/ftl-precondition.js';
import { nvmePlugin } from '../../sim/models/nvme.js';
import { SolidStateDrive, ssdPlugin, type SsdParams } from '../../sim/models/ssd.js';
import { NandTiming } from '../../sim/models/ssd-nand-timing.js';
import { findPreset } from '../../sim/presets.js';
import { DriveHarness, randomAligned, seededRandom, sequential } from './drive-harness.js';

const GIB = 1024 * 1024 * 1024;

function presetDrive(name: string, plugin: DiskModelPlugin<SsdParams>, overrides: Partial<SsdParams> = {}, seed = 41): SolidStateDrive {
  const preset = findPreset(name)!;
  return plugin.create(plugin.paramsSchema.parse({ ...preset.params, capacityBytes: GIB, ...overrides }), seededRandom(seed)) as SolidStateDrive;
}

/** Xiang and Kurkoski 2011: A = (1 + r) / (1 + r + W0(-(1 + r) e^-(1 + r))), r = spare / user pages. */
function xiangKurkoski(overProvisioning: number): number {
  const x = 1 + overProvisioning / (1 - overProvisioning);
  const z = -x * Math.exp(-x);
  let w = -0.5; // W0 of z in (-1/e, 0) lies in (-1, 0): Newton from inside.
  for (let i = 0; i < 100; i++) w -= (w * Math.exp(w) - z) / (Math.exp(w) * (w + 1));
  return x / (x + w);
}

/** Steady-state write amplification of the ssd-sata geometry at this capacity and spare share. */
function steadyAmplification(capacityBytes: number): number {
  const model = presetDrive('ssd-sata', ssdPlugin, { capacityBytes, precondition: 'random-steady-state' });
  expect(model.figures().preconditionSteady).toBe(1);
  const { ftl } = model;
  const random = seededRandom(43);
  const pages = ftl.geometry.logicalPages;
  for (let i = 0; i < pages; i++) ftl.write(Math.floor(random() * pages));
  return ftl.counts.programmedPages / ftl.counts.hostPagesWritten;
}

describe('latency spread', () => {
  for (const [name, plugin] of [['ssd-sata', ssdPlugin], ['nvme-pcie4', nvmePlugin]] as const) {
    it(`SSD QD1 read p99 above p50, max above p99 (${name}, sequentially preconditioned)`, () => {
      const model = presetDrive(name, plugin, { precondition: 'sequential' });
      const r = new DriveHarness(model).run({ hostQueueDepth: 1, count: 20_000, next: randomAligned(seededRandom(44), 'read', 4096, GIB) });
      console.info(`${name} QD1 4 KiB random read: p50 ${r.percentileUs(50).toFixed(1)} us, p99 ${r.percentileUs(99).toFixed(1)} us, max ${r.percentileUs(100).toFixed(1)} us`);
      expect(r.percentileUs(50)).toBeGreaterThan(r.percentileUs(0));
      expect(r.percentileUs(99)).toBeGreaterThan(r.percentileUs(50));
      expect(r.percentileUs(100)).toBeGreaterThan(r.percentileUs(99));
      expect(model.figures().readRetries).toBeGreaterThan(0);
      expect(model.figures().unmappedReads).toBe(0);
    });
  }

  it('gives each page type of a block its own read and program time, in rotation', () => {
    const params = { readLatencyUs: 100, programLatencyUs: 1000, pageTypeReadScale: [0.5, 1, 1.5], pageTypeProgramScale: [0.2, 0.8, 2], readRetryProbability: 0, flashPagesPerBlock: 4 };
    const nand = new NandTiming(params, () => 0);
    expect([0, 1, 2, 3, 4, 5].map((page) => nand.read(page) / 1000)).toEqual([50, 100, 150, 50, 50, 100]);
    expect([0, 1, 2, 3].map((page) => nand.program(page) / 1000)).toEqual([200, 800, 2000, 200]);
    expect(nand.meanReadNs).toBe(100_000);
  });

  it('retries reads with the given probability, drawn from the seeded stream', () => {
    const params = { readLatencyUs: 50, programLatencyUs: 500, pageTypeReadScale: [1], pageTypeProgramScale: [1], readRetryProbability: 0.05, flashPagesPerBlock: 64 };
    const draw = (seed: number) => {
      const nand = new NandTiming(params, seededRandom(seed));
      const times = Array.from({ length: 20_000 }, (_, i) => nand.read(i));
      return { times, retries: nand.retries };
    };
    const a = draw(45);
    expect(a).toEqual(draw(45));
    const retried = a.times.filter((t) => t > 50_000).length / a.times.length;
    expect(retried).toBeGreaterThan(0.04);
    expect(retried).toBeLessThan(0.06);
    expect(a.times.every((t) => t % 50_000 === 0)).toBe(true);
  });
});

describe('unmapped reads', () => {
  it('cost the controller unmappedReadUs on top of command overhead and link', () => {
    const model = presetDrive('ssd-sata', ssdPlugin);
    const preset = ssdPlugin.paramsSchema.parse(findPreset('ssd-sata')!.params);
    const r = new DriveHarness(model).run({ hostQueueDepth: 1, count: 10, next: randomAligned(seededRandom(46), 'read', 4096, GIB) });
    const expectedUs = preset.commandOverheadUs + preset.unmappedReadUs + preset.interfaceCommandUs + 4096 / preset.interfaceRateMBps;
    expect(preset.unmappedReadUs).toBeGreaterThan(0);
    expect(r.percentileUs(0)).toBeCloseTo(expectedUs, 2);
    expect(r.percentileUs(100)).toBeCloseTo(expectedUs, 2);
    expect(model.figures().unmappedReads).toBe(10);
  });
});

describe('nvme-pcie4 against the Samsung 980 PRO 1 TB published figures', () => {
  const jobs = 16 * 32;
  it('nvme-pcie4 4 KiB random read at QD32 x 16 jobs within 10 % of 1.0 M', () => {
    const model = presetDrive('nvme-pcie4', nvmePlugin, { precondition: 'sequential' });
    const r = new DriveHarness(model).run({ hostQueueDepth: jobs, count: 100_000, next: randomAligned(seededRandom(47), 'read', 4096, GIB) });
    console.info(`nvme-pcie4 4 KiB random read QD32 x 16: ${r.iops.toFixed(0)} IOPS`);
    expect(Math.abs(r.iops / 1e6 - 1)).toBeLessThan(0.1);
  });

  it('4 KiB random write at QD32 x 16 jobs within 10 % of 1.0 M, sequential write within 10 % of 5 000 MB/s', () => {
    const w = new DriveHarness(presetDrive('nvme-pcie4', nvmePlugin)).run({ hostQueueDepth: jobs, count: 100_000, next: randomAligned(seededRandom(48), 'write', 4096, GIB) });
    const capacity = 4 * GIB;
    const s = new DriveHarness(presetDrive('nvme-pcie4', nvmePlugin, { capacityBytes: capacity })).run({
      hostQueueDepth: 32,
      count: capacity / 131072,
      next: sequential('write', 131072, capacity),
    });
    console.info(`nvme-pcie4 4 KiB random write QD32 x 16: ${w.iops.toFixed(0)} IOPS; 128 KiB sequential write QD32: ${s.throughputMBps.toFixed(0)} MB/s`);
    expect(Math.abs(w.iops / 1e6 - 1)).toBeLessThan(0.1);
    expect(Math.abs(s.throughputMBps / 5000 - 1)).toBeLessThan(0.1);
  });

  it('QD1: about 22 K random-read IOPS, and 4 KiB writes acknowledged after host, controller and buffer time', () => {
    const model = presetDrive('nvme-pcie4', nvmePlugin, { precondition: 'sequential' });
    const params = nvmePlugin.paramsSchema.parse(findPreset('nvme-pcie4')!.params);
    const harness = new DriveHarness(model);
    const read = harness.run({ hostQueueDepth: 1, count: 20_000, next: randomAligned(seededRandom(49), 'read', 4096, GIB) });
    const write = harness.run({ hostQueueDepth: 1, count: 2_000, next: randomAligned(seededRandom(50), 'write', 4096, GIB) });
    console.info(`nvme-pcie4 QD1 4 KiB: random read ${read.iops.toFixed(0)} IOPS, random write ${write.meanUs().toFixed(1)} us (${write.iops.toFixed(0)} IOPS)`);
    expect(Math.abs(read.iops / 22_000 - 1)).toBeLessThan(0.1);
    const floorUs = params.hostCommandUs + params.commandOverheadUs + params.writeBufferUs;
    expect(write.percentileUs(50)).toBeGreaterThan(floorUs);
    expect(write.percentileUs(50)).toBeLessThan(floorUs + 2);
  });
});

describe('preconditioning', () => {
  it('sequential: the state writing every page once in order leaves, without writing', () => {
    const geometry = { logicalPages: 4096 + 3, dies: 4, blocksPerDie: 40, flashPagesPerBlock: 8, logicalPagesPerFlashPage: 4, gcThresholdBlocks: 2 };
    const written = new PageMappingFtl(geometry);
    for (let page = 0; page < geometry.logicalPages; page++) written.write(page);
    written.padFrontierPage();
    const computed = new PageMappingFtl(geometry);
    computed.preconditionSequential();
    computed.verify();
    for (let page = 0; page < geometry.logicalPages; page++) expect(computed.lookup(page)).toBe(written.lookup(page));
    for (let die = 0; die < 4; die++) expect(computed.freeBlocks(die)).toBe(written.freeBlocks(die));
    expect(computed.frontierDie).toBe(written.frontierDie);
    // From here on both behave alike, garbage collection included.
    const random = seededRandom(51);
    for (let i = 0; i < 30_000; i++) {
      const page = Math.floor(random() * geometry.logicalPages);
      const a = { ...written.write(page) };
      const b = { ...computed.write(page) };
      expect(b).toEqual(a);
    }
    computed.verify();
  });

  it('random-steady-state: a used drive whose figures describe the run alone', () => {
    const model = presetDrive('ssd-sata', ssdPlugin, { flashPagesPerBlock: 16, precondition: 'random-steady-state' });
    const f = model.figures();
    expect(f.preconditionSteady).toBe(1);
    expect(f.preconditionWrites).toBeGreaterThanOrEqual(GIB / 4096);
    expect(f.hostPagesWritten).toBe(0);
    model.ftl.verify();
    // The first writes already collect at the steady state's amplification (no fresh-drive phase).
    const harness = new DriveHarness(model);
    harness.run({ hostQueueDepth: 32, count: 20_000, next: randomAligned(seededRandom(52), 'write', 4096, GIB) });
    expect(model.figures().writeAmplification).toBeGreaterThan(3);
    // Reads of a preconditioned drive hit flash, never the unmapped path.
    harness.run({ hostQueueDepth: 4, count: 1000, next: randomAligned(seededRandom(53), 'read', 4096, GIB) });
    expect(model.figures().unmappedReads).toBe(0);
  });

  it('is deterministic and cheap for a full-size 1 TB drive (sequential)', () => {
    const started = performance.now();
    const model = ssdPlugin.create(ssdPlugin.paramsSchema.parse({ ...findPreset('ssd-sata')!.params, precondition: 'sequential' }), seededRandom(54));
    const elapsedMs = performance.now() - started;
    expect(elapsedMs).toBeLessThan(10_000); // writing its 244 M pages one by one would take minutes
    expect(model.figures().mappingTableBytes).toBe(0);
    const r = new DriveHarness(model).run({ hostQueueDepth: 32, count: 2_000, next: randomAligned(seededRandom(55), 'read', 4096, 1e12) });
    expect(model.figures().unmappedReads).toBe(0);
    expect(r.percentileUs(50)).toBeGreaterThan(58);
  });

  it('bounds the random phase: a drive too large for it says it stopped short', () => {
    const geometry = { logicalPages: 1 << 16, dies: 4, blocksPerDie: blocksPerDieFor(1 << 16, 4, 64, 0.07, 2), flashPagesPerBlock: 32, logicalPagesPerFlashPage: 2, gcThresholdBlocks: 2 };
    const result = preconditionFtl(new PageMappingFtl(geometry), 'random-steady-state', seededRandom(56), 1 << 15);
    expect(result.steady).toBe(0);
    expect(result.randomWrites).toBe(1 << 15);
  });
});

describe('over-provisioning share', () => {
  it('greedy-GC write amplification within 2 % of Xiang and Kurkoski 2011 at 7, 15 and 25 % over-provisioning', () => {
    // The ssd-sata block (256 flash pages of 8 KiB) on 4 dies of 1 GiB: about 140 to 170 blocks per die.
    const pages = GIB / 4096;
    for (const op of [0.07, 0.15, 0.25]) {
      const ftl = new PageMappingFtl({
        logicalPages: pages,
        dies: 4,
        blocksPerDie: blocksPerDieFor(pages, 4, 512, op, 2),
        flashPagesPerBlock: 256,
        logicalPagesPerFlashPage: 2,
        gcThresholdBlocks: 2,
      });
      expect(preconditionFtl(ftl, 'random-steady-state', seededRandom(57)).steady).toBe(1);
      ftl.resetCounts();
      const random = seededRandom(58);
      for (let i = 0; i < pages; i++) ftl.write(Math.floor(random() * pages));
      const measured = ftl.counts.programmedPages / ftl.counts.hostPagesWritten;
      const expected = xiangKurkoski(op);
      console.info(`over-provisioning ${op}: write amplification ${measured.toFixed(3)}, Xiang and Kurkoski ${expected.toFixed(3)}`);
      expect(Math.abs(measured / expected - 1)).toBeLessThan(0.02);
    }
  });

  it('a drive shrunk with capacityBytes keeps its share: ssd-sata at 8 GiB near 7.3 like at 1 TB', () => {
    const measured = steadyAmplification(8 * GIB);
    console.info(`ssd-sata at 8 GiB: steady write amplification ${measured.toFixed(2)} (Xiang and Kurkoski ${xiangKurkoski(0.07).toFixed(2)})`);
    expect(Math.abs(measured / xiangKurkoski(0.07) - 1)).toBeLessThan(0.02);
  });
});

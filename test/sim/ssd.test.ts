import { describe, expect, it } from 'vitest';
import { PageMappingFtl } from '../../sim/models/ftl.js';
import { ResourceCalendar } from '../../sim/models/ssd-calendar.js';
import { SolidStateDrive, ssdPlugin, type SsdParams } from '../../sim/models/ssd.js';
import { findPreset } from '../../sim/presets.js';
import { DriveHarness, randomAligned, seededRandom, sequential } from './drive-harness.js';

const GIB = 1024 * 1024 * 1024;

/**
 * The ssd-sata preset at 1 GiB instead of 1 TB, for speed. A 1 TB die holds ~15 000 blocks of
 * 256 pages; at 1 GiB that geometry would leave 8 blocks per die and distort garbage collection,
 * so the test drive also has 16 pages per block: 276 blocks per die, the preset's 7 % spare.
 */
function sataParams(overrides: Partial<SsdParams> = {}): SsdParams {
  const preset = findPreset('ssd-sata')!;
  return ssdPlugin.paramsSchema.parse({ ...preset.params, capacityBytes: GIB, flashPagesPerBlock: 16, ...overrides });
}

function sataDrive(overrides: Partial<SsdParams> = {}): SolidStateDrive {
  return ssdPlugin.create(sataParams(overrides), () => 0.5) as SolidStateDrive;
}

/** Writes the whole drive sequentially (128 KiB at QD32) and waits for the flash programs. */
function fill(harness: DriveHarness, capacityBytes: number): void {
  harness.run({ hostQueueDepth: 32, count: capacityBytes / 131072, next: sequential('write', 131072, capacityBytes) });
  harness.flush();
}

describe('ssd model, ssd-sata preset (1 GiB)', () => {
  it('amplifies writes above 1.5 and spikes p99 latency once a full drive is randomly overwritten', () => {
    const fresh = new DriveHarness(sataDrive()).run({
      hostQueueDepth: 32,
      count: 50_000,
      next: randomAligned(seededRandom(21), 'write', 4096, GIB),
    });

    const model = sataDrive();
    const harness = new DriveHarness(model);
    fill(harness, GIB);
    expect(model.figures().writeAmplification).toBe(1);
    // Overwrite more than the whole capacity at random, to reach the steady state.
    harness.run({ hostQueueDepth: 32, count: Math.round((1.2 * GIB) / 4096), next: randomAligned(seededRandom(22), 'write', 4096, GIB) });
    const before = model.figures();
    const steady = harness.run({ hostQueueDepth: 32, count: 50_000, next: randomAligned(seededRandom(23), 'write', 4096, GIB) });
    const after = model.figures();
    const windowAmplification =
      (after.programmedPages! - before.programmedPages!) / (after.hostPagesWritten! - before.hostPagesWritten!);
    console.info(
      `ssd-sata random 4 KiB write QD32: fresh ${fresh.iops.toFixed(0)} IOPS p99 ${fresh.percentileUs(99).toFixed(0)} us; ` +
        `full ${steady.iops.toFixed(0)} IOPS p99 ${steady.percentileUs(99).toFixed(0)} us max ${(steady.percentileUs(100) / 1000).toFixed(1)} ms; ` +
        `write amplification ${windowAmplification.toFixed(2)} (cumulative ${after.writeAmplification!.toFixed(2)}), ` +
        `${after.gcCollections} collections, ${after.gcPagesMoved} pages moved, ${after.erases} erases`,
    );
    expect(windowAmplification).toBeGreaterThan(1.5);
    expect(after.writeAmplification).toBeGreaterThan(1.5);
    expect(steady.percentileUs(99)).toBeGreaterThan(fresh.percentileUs(99));
    expect(steady.percentileUs(100)).toBeGreaterThan(10 * fresh.percentileUs(99));
    expect(steady.iops).toBeLessThan(fresh.iops / 2);
    expect(after.gcCollections).toBeGreaterThan(0);
    expect(after.erases).toBe(after.gcCollections);
    expect(after.gcPagesMoved).toBe(after.programmedPages! - after.hostPagesWritten! - after.paddedPages!);
    model.ftl.verify();
  });

  it('scales random reads with queue depth up to channels x dies, then flattens', () => {
    const model = sataDrive();
    const harness = new DriveHarness(model);
    fill(harness, GIB);
    const params = sataParams();
    const parallelism = params.channels * params.diesPerChannel;
    const iops = new Map<number, number>();
    for (const depth of [1, 4, 8, parallelism, 2 * parallelism, 4 * parallelism]) {
      const r = harness.run({ hostQueueDepth: depth, count: 20_000, next: randomAligned(seededRandom(24 + depth), 'read', 4096, GIB) });
      iops.set(depth, r.iops);
    }
    console.info(`ssd-sata random 4 KiB read IOPS by queue depth: ${[...iops].map(([d, v]) => `QD${d} ${v.toFixed(0)}`).join(', ')}`);
    const at = (depth: number) => iops.get(depth)!;
    expect(at(parallelism)).toBeGreaterThan(5 * at(1));
    expect(at(4)).toBeGreaterThan(3 * at(1));
    expect(at(4 * parallelism)).toBeLessThan(1.1 * at(parallelism));
    expect(at(2 * parallelism)).toBeLessThan(1.1 * at(parallelism));
    // Calibration targets from the preset's source: ~10 K IOPS at QD1, ~98 K at QD32.
    expect(at(1)).toBeGreaterThan(8_500);
    expect(at(1)).toBeLessThan(11_500);
    expect(at(32)).toBeGreaterThan(85_000);
    expect(at(32)).toBeLessThan(110_000);
    expect(model.figures().flashReads).toBeGreaterThan(0);
  });

  it('reads never-written pages at the cost of command overhead, the unmapped-read controller time and link transfer only', () => {
    const params = sataParams();
    const r = new DriveHarness(sataDrive()).run({ hostQueueDepth: 1, count: 10, next: randomAligned(seededRandom(25), 'read', 4096, GIB) });
    const expectedUs = params.commandOverheadUs + params.unmappedReadUs + params.interfaceCommandUs + (4096 / params.interfaceRateMBps);
    expect(r.percentileUs(100)).toBeCloseTo(expectedUs, 2);
    expect(r.percentileUs(0)).toBeCloseTo(expectedUs, 2);
  });

  it('serves a read of a page still in the write buffer from the buffer', () => {
    const model = sataDrive();
    const harness = new DriveHarness(model);
    harness.run({ hostQueueDepth: 1, count: 1, next: () => ({ operation: 'write', offsetBytes: 8192, sizeBytes: 4096 }) });
    const read = harness.run({ hostQueueDepth: 1, count: 1, next: () => ({ operation: 'read', offsetBytes: 8192, sizeBytes: 4096 }) });
    expect(model.figures().bufferHits).toBe(1);
    expect(model.figures().flashReads).toBe(0);
    expect(read.percentileUs(100)).toBeLessThan(sataParams().readLatencyUs);
  });

  it('acknowledges a buffered write before the flash program, and a flush after it', () => {
    const params = sataParams();
    const harness = new DriveHarness(sataDrive());
    const write = harness.run({ hostQueueDepth: 1, count: 1, next: () => ({ operation: 'write', offsetBytes: 0, sizeBytes: 4096 }) });
    expect(write.percentileUs(100)).toBeLessThan(params.programLatencyUs);
    const flushStart = harness.nowNs;
    const flushEnd = harness.flush();
    // The first flash page of a block is an LSB page: its program time is the LSB share of the mean.
    expect((flushEnd - flushStart) / 1000).toBeGreaterThan(params.programLatencyUs * params.pageTypeProgramScale[0]!);
  });

  it('stalls writes once the write buffer is full and the dies fall behind', () => {
    const model = sataDrive({ writeBufferBytes: 4 * 1024 * 1024 });
    // 8 000 x 128 KiB stays inside the 1 GiB drive, so no garbage collection interferes.
    const r = new DriveHarness(model).run({ hostQueueDepth: 32, count: 8_000, next: sequential('write', 131072, GIB) });
    // 32 dies program 8 KiB per 561 us: about 467 MB/s of flash against a 600 MB/s link.
    expect(r.throughputMBps).toBeLessThan(500);
    expect(r.throughputMBps).toBeGreaterThan(400);
    expect(model.figures().bufferStalls).toBeGreaterThan(0);
  });

  it('is deterministic: the same requests give the same completion times', () => {
    const latencies = () =>
      new DriveHarness(sataDrive()).run({
        hostQueueDepth: 16,
        count: 5_000,
        next: (i) => ({ ...randomAligned(seededRandom(26 + (i % 3)), i % 3 === 0 ? 'read' : 'write', 4096, GIB)(i) }),
      }).latenciesNs;
    expect(Array.from(latencies())).toEqual(Array.from(latencies()));
  });

  it('keeps mapping memory proportional to what is written, so a full-size 1 TB model is cheap', () => {
    const preset = findPreset('ssd-sata')!;
    const model = ssdPlugin.create(ssdPlugin.paramsSchema.parse(preset.params), () => 0.5);
    expect(model.capacityBytes).toBe(1e12);
    expect(model.figures().mappingTableBytes).toBe(0);
    new DriveHarness(model).run({ hostQueueDepth: 32, count: 2_000, next: randomAligned(seededRandom(27), 'write', 4096, 1e12) });
    // 2 000 scattered logical pages touch at most 2 000 chunks of 256 KiB in the logical table.
    expect(model.figures().mappingTableBytes).toBeLessThan(2_100 * 256 * 1024);
  });

  it('refuses parameters that cannot work', () => {
    expect(ssdPlugin.paramsSchema.safeParse({ flashPageBytes: 5000 }).success).toBe(false);
    expect(ssdPlugin.paramsSchema.safeParse({ writeBufferBytes: 4096 }).success).toBe(false);
    expect(ssdPlugin.paramsSchema.safeParse({ capacityBytes: 4097 }).success).toBe(false);
    expect(ssdPlugin.paramsSchema.safeParse({ channel: 8 }).success).toBe(false);
  });
});

describe('page-mapping FTL', () => {
  it('keeps its tables consistent and collects greedily under random overwrites', () => {
    const ftl = new PageMappingFtl({
      logicalPages: 4096,
      dies: 4,
      blocksPerDie: 80,
      flashPagesPerBlock: 8,
      logicalPagesPerFlashPage: 2,
      gcThresholdBlocks: 2,
    });
    const random = seededRandom(28);
    for (let page = 0; page < 4096; page++) ftl.write(page);
    for (let i = 0; i < 40_000; i++) ftl.write(Math.floor(random() * 4096));
    ftl.verify();
    for (let page = 0; page < 4096; page++) expect(ftl.lookup(page)).not.toBe(0xffffffff);
    expect(ftl.counts.gcCollections).toBeGreaterThan(0);
    expect(ftl.counts.programmedPages / ftl.counts.hostPagesWritten).toBeGreaterThan(1.5);
    for (let die = 0; die < 4; die++) expect(ftl.freeBlocks(die)).toBeGreaterThanOrEqual(2);
  });

  it('stripes consecutive flash pages over the dies', () => {
    const ftl = new PageMappingFtl({
      logicalPages: 1024,
      dies: 4,
      blocksPerDie: 16,
      flashPagesPerBlock: 8,
      logicalPagesPerFlashPage: 2,
      gcThresholdBlocks: 2,
    });
    const dies = [0, 1, 2, 3, 4, 5, 6, 7].map((page) => ftl.write(page).die);
    expect(dies).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });
});

describe('resource calendar', () => {
  it('takes the earliest gap that fits and merges touching intervals', () => {
    const calendar = new ResourceCalendar();
    expect(calendar.reserve(0, 100, 50)).toBe(100);
    expect(calendar.reserve(0, 0, 30)).toBe(0);
    expect(calendar.reserve(0, 0, 80)).toBe(150);
    expect(calendar.reserve(0, 20, 70)).toBe(30);
    expect(calendar.reserve(0, 0, 1)).toBe(230);
    expect(calendar.lastEndNs()).toBe(231);
  });
});

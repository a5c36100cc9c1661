/**
 * The hdd model's write-back cache, write settle, aged SPTF and queued read-ahead (issue 11):
 * sequential writes at media rate with the cache on, the old write-through behaviour with it off,
 * flushes that pay for the destage, reads served from the cache, a bounded SPTF wait, and queued
 * sequential reads at media rate.
 */
import { describe, expect, it } from 'vitest';
import type { DiskModel } from '../../sim/disk-model.js';
import { hddPlugin, type HddParams } from '../../sim/models/hdd.js';
import { findPreset } from '../../sim/presets.js';
import { DriveHarness, randomAligned, seededRandom, sequential } from './drive-harness.js';

const MIB = 1024 * 1024;

function drive(name: string, overrides: Partial<HddParams> = {}): { model: DiskModel; params: HddParams } {
  const params = hddPlugin.paramsSchema.parse({ ...findPreset(name)!.params, ...overrides });
  return { model: hddPlugin.create(params, () => 0.5), params };
}

describe('hdd write cache, hdd-7200-sata', () => {
  it('takes 1 MiB sequential writes at QD1 within 10 % of the media rate with the write cache on', () => {
    const { model, params } = drive('hdd-7200-sata');
    expect(params.writeCacheBytes).toBeGreaterThan(0);
    const harness = new DriveHarness(model);
    const stream = sequential('write', MIB, params.capacityBytes);
    // Fill the cache first: past it the host runs at the rate the drive destages.
    harness.run({ hostQueueDepth: 1, count: 512, next: (i) => stream(i) });
    const steady = harness.run({ hostQueueDepth: 1, count: 1024, next: (i) => stream(512 + i) });
    const flushStartNs = harness.nowNs;
    const flushEndNs = harness.flush();
    const withFlushMBps = (1536 * MIB) / 1e6 / ((flushEndNs - 0) / 1e9);
    console.info(
      `hdd-7200-sata sequential 1 MiB write QD1, write cache on: ${steady.throughputMBps.toFixed(1)} MB/s steady, ` +
        `${withFlushMBps.toFixed(1)} MB/s including the final flush (${((flushEndNs - flushStartNs) / 1e6).toFixed(1)} ms); media ${params.outerRateMBps}`,
    );
    expect(steady.throughputMBps).toBeGreaterThan(params.outerRateMBps * 0.9);
    expect(steady.throughputMBps).toBeLessThan(params.outerRateMBps * 1.1);
    expect(withFlushMBps).toBeGreaterThan(params.outerRateMBps * 0.9);
    expect(withFlushMBps).toBeLessThanOrEqual(params.outerRateMBps * 1.0001);
    expect(model.figures().dirtyBytes).toBe(0);
  });

  it('with the write cache off and no write settle, writes cost what reads cost and a flush only the command overhead', () => {
    const latencies = (operation: 'read' | 'write') => {
      const { model, params } = drive('hdd-7200-sata', { writeCacheBytes: 0, writeSettleMs: 0, readAheadBytes: 0 });
      const harness = new DriveHarness(model);
      const result = harness.run({ hostQueueDepth: 8, count: 400, next: randomAligned(seededRandom(21), operation, 8192, params.capacityBytes) });
      const before = harness.nowNs;
      const flushNs = harness.flush() - before;
      return { result, flushNs, figures: model.figures() };
    };
    const reads = latencies('read');
    const writes = latencies('write');
    expect(Array.from(writes.result.latenciesNs)).toEqual(Array.from(reads.result.latenciesNs));
    expect(writes.flushNs).toBe(100_000);
    expect(writes.figures.cachedWrites).toBe(0);
    expect(writes.figures.destages).toBe(0);
  });

  it('adds the write settle to the seeks of uncached writes (HC310: 8.2 ms write, 7.4 ms read)', () => {
    const meanSeek = (operation: 'read' | 'write') => {
      const { model, params } = drive('hdd-7200-sata', { writeCacheBytes: 0, queueDepth: 1 });
      new DriveHarness(model).run({ hostQueueDepth: 1, count: 1500, next: randomAligned(seededRandom(22), operation, 4096, params.capacityBytes) });
      return model.figures().meanSeekMs!;
    };
    const read = meanSeek('read');
    const write = meanSeek('write');
    console.info(`hdd-7200-sata random 4 KiB QD1, cache off: mean read seek ${read.toFixed(2)} ms, write seek ${write.toFixed(2)} ms`);
    expect(write - read).toBeCloseTo(0.8, 6);
    expect(write).toBeGreaterThan(7.7);
    expect(write).toBeLessThan(8.7);
  });

  it('acknowledges cached writes fast and makes a flush pay for destaging them', () => {
    const writes = 64;
    const { model, params } = drive('hdd-7200-sata');
    const harness = new DriveHarness(model);
    // An empty cache: the flush costs the command overhead.
    expect(harness.flush()).toBe(100_000);
    // Sixty-four random writes handed over at once, then a flush right after the last completes.
    const result = harness.run({ hostQueueDepth: writes, count: writes, next: randomAligned(seededRandom(23), 'write', 4096, params.capacityBytes) });
    const acknowledgedNs = result.endNs - result.startNs;
    const flushStartNs = harness.nowNs;
    const flushNs = harness.flush() - flushStartNs;
    const figures = model.figures();
    console.info(
      `hdd-7200-sata: ${writes} random 4 KiB writes acknowledged in ${(acknowledgedNs / 1e6).toFixed(2)} ms, ` +
        `the flush after them ${(flushNs / 1e6).toFixed(1)} ms (${figures.destages} destages)`,
    );
    // The host link takes them in overhead + 4 KiB at 600 MB/s each.
    expect(acknowledgedNs).toBeLessThan(writes * 0.11e6);
    // The flush writes all of them: more than a short positioning each, less than a random access each.
    expect(figures.destages).toBe(writes);
    expect(figures.destagedBytes).toBe(writes * 4096);
    expect(figures.dirtyBytes).toBe(0);
    expect(flushNs).toBeGreaterThan(writes * 1e6);
    expect(flushNs).toBeLessThan(writes * 12.5e6);
  });

  it('serves a read of data still in the write cache from the cache', () => {
    const { model } = drive('hdd-7200-sata');
    const offsetBytes = 3e12;
    model.submit({ id: 1, operation: 'write', offsetBytes, sizeBytes: 4096, queuedAtNs: 0 }, 0);
    const writtenNs = model.nextCompletionNs()!;
    expect(model.complete(writtenNs).id).toBe(1);
    model.submit({ id: 2, operation: 'read', offsetBytes, sizeBytes: 4096, queuedAtNs: writtenNs }, writtenNs);
    const readNs = model.nextCompletionNs()!;
    expect(model.complete(readNs).id).toBe(2);
    // Overhead + 4 KiB over the link: no seek, no rotation, though the destage has the head.
    expect(readNs - writtenNs).toBe(Math.round(100_000 + 4096 / 0.6));
    expect(model.figures().cacheReadHits).toBe(1);
  });
});

describe('hdd queueing, hdd-7200-sata', () => {
  it('aged SPTF bounds the wait of random 4 KiB reads at QD32 and keeps most of the throughput', () => {
    const run = (overrides: Partial<HddParams>) => {
      const { model, params } = drive('hdd-7200-sata', overrides);
      return new DriveHarness(model).run({ hostQueueDepth: 32, count: 20_000, next: randomAligned(seededRandom(12), 'read', 4096, params.capacityBytes) });
    };
    const pure = run({ maxWaitMs: 0, agingWeight: 0 });
    const aged = run({});
    const fifo = run({ queueDepth: 1 });
    const line = (r: typeof pure) => `${r.iops.toFixed(1)} IOPS, p99 ${(r.percentileUs(99) / 1000).toFixed(0)} ms, max ${(r.percentileUs(100) / 1000).toFixed(0)} ms`;
    console.info(`hdd-7200-sata random 4 KiB read QD32: pure SPTF ${line(pure)}; aged SPTF ${line(aged)}; NCQ off ${line(fifo)}`);
    expect(pure.percentileUs(100)).toBeGreaterThan(1e6);
    // The bound (500 ms) holds, give or take the commands served while one waits for the head.
    expect(aged.percentileUs(100)).toBeLessThan(600e3);
    expect(aged.percentileUs(99)).toBeLessThan(0.75 * pure.percentileUs(99));
    // Most of SPTF's gain over serving in arrival order stays.
    expect(aged.iops - fifo.iops).toBeGreaterThan(0.85 * (pure.iops - fifo.iops));
  });

  it('reads sequentially in 128 KiB requests at QD32 within 10 % of the media rate', () => {
    const { model, params } = drive('hdd-7200-sata');
    const result = new DriveHarness(model).run({ hostQueueDepth: 32, count: 4000, next: sequential('read', 128 * 1024, params.capacityBytes) });
    console.info(`hdd-7200-sata sequential 128 KiB read QD32: ${result.throughputMBps.toFixed(1)} MB/s (media ${params.outerRateMBps})`);
    expect(result.throughputMBps).toBeGreaterThan(params.outerRateMBps * 0.9);
    expect(result.throughputMBps).toBeLessThanOrEqual(params.outerRateMBps * 1.0001);
  });
});

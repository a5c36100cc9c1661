import { describe, expect, it } from 'vitest';
import type { DiskModel } from '../../sim/disk-model.js';
import { HddGeometry } from '../../sim/models/hdd-geometry.js';
import { fitSeekCurve } from '../../sim/models/hdd-seek.js';
import { hddPlugin, type HddParams } from '../../sim/models/hdd.js';
import { findPreset } from '../../sim/presets.js';
import { DriveHarness, randomAligned, seededRandom, sequential } from './drive-harness.js';

function presetParams(name: string, overrides: Partial<HddParams> = {}): HddParams {
  const preset = findPreset(name);
  if (preset === undefined) throw new Error(`no preset ${name}`);
  return hddPlugin.paramsSchema.parse({ ...preset.params, ...overrides });
}

function drive(name: string, overrides: Partial<HddParams> = {}): { model: DiskModel; params: HddParams } {
  const params = presetParams(name, overrides);
  return { model: hddPlugin.create(params, () => 0.5), params };
}

describe('hdd seek curve (Ruemmler & Wilkes, fitted to the datasheet)', () => {
  const cylinders = 363_637;
  const curve = fitSeekCurve(0.23, 7.4, 15, cylinders);

  it('matches track-to-track, full stroke and the datasheet-weighted average', () => {
    expect(curve.seekNs(0)).toBe(0);
    expect(curve.seekNs(1) / 1e6).toBeCloseTo(0.23, 9);
    expect(curve.seekNs(cylinders - 1) / 1e6).toBeCloseTo(15, 9);
    let weighted = 0;
    let weights = 0;
    for (let d = 1; d < cylinders; d += 7) {
      weighted += (cylinders - d) * curve.seekNs(d);
      weights += cylinders - d;
    }
    expect(weighted / weights / 1e6).toBeCloseTo(7.4, 1);
    expect(curve.seekNs(Math.round(cylinders / 3)) / 1e6).toBeGreaterThan(7);
    expect(curve.seekNs(Math.round(cylinders / 3)) / 1e6).toBeLessThan(8.5);
  });

  it('is square-root below the boundary, linear above it, continuous and increasing', () => {
    const b = curve.boundaryCylinders;
    expect(b).toBeGreaterThan(1);
    expect(b).toBeLessThan(cylinders);
    expect(Math.abs(curve.seekNs(b - 1e-6) - curve.seekNs(b + 1e-6))).toBeLessThan(1);
    let previous = 0;
    for (let d = 1; d < cylinders; d = Math.ceil(d * 1.3)) {
      expect(curve.seekNs(d)).toBeGreaterThan(previous);
      previous = curve.seekNs(d);
    }
    const [x1, x2, x3] = [b * 0.25, b * 0.5, b * 0.75];
    // Concave below the boundary (square root), straight above it.
    expect(curve.seekNs(x2) - curve.seekNs(x1)).toBeGreaterThan(curve.seekNs(x3) - curve.seekNs(x2));
    const step = (cylinders - b) / 4;
    const l1 = curve.seekNs(b + step) - curve.seekNs(b);
    const l2 = curve.seekNs(b + 2 * step) - curve.seekNs(b + step);
    expect(l2).toBeCloseTo(l1, 0);
  });

  it('refuses an average no curve of the family can reach', () => {
    expect(() => fitSeekCurve(0.2, 2, 15, cylinders)).toThrow(RangeError);
    expect(hddPlugin.paramsSchema.safeParse({ averageSeekMs: 14 }).success).toBe(false);
    expect(hddPlugin.paramsSchema.safeParse({ trackToTrackSeekMs: 9 }).success).toBe(false);
  });
});

describe('hdd geometry', () => {
  const geometry = new HddGeometry({
    capacityBytes: 4e12,
    surfaces: 8,
    rpm: 7200,
    outerRateMBps: 220,
    innerRateMBps: 110,
  });

  it('runs from the outer rate at LBA 0 to the inner rate at the end', () => {
    expect(geometry.locate(0).cylinder).toBe(0);
    expect(geometry.locate(0).bytesPerNs * 1000).toBeCloseTo(220, 0);
    const last = geometry.locate(4e12 - 1);
    expect(last.cylinder).toBe(geometry.cylinderCount - 1);
    expect(last.bytesPerNs * 1000).toBeCloseTo(110, 0);
    // Outer cylinders hold more: the first half of the LBAs takes well under half the cylinders.
    expect(geometry.locate(2e12).cylinder / geometry.cylinderCount).toBeLessThan(0.45);
  });

  it('puts consecutive offsets at increasing angles along a track', () => {
    const a = geometry.locate(1_000_000).angle;
    const b = geometry.locate(1_100_000).angle;
    const trackBytes = 220 * (60e3 / 7200) * 1000; // outer rate x one revolution
    expect(b - a).toBeCloseTo(100_000 / trackBytes, 3);
  });
});

describe('hdd model, hdd-7200-sata preset', () => {
  it('serves random 4 KiB reads at queue depth 1 at 75-120 IOPS', () => {
    const { model, params } = drive('hdd-7200-sata', { queueDepth: 1 });
    const result = new DriveHarness(model).run({
      hostQueueDepth: 1,
      count: 2000,
      next: randomAligned(seededRandom(11), 'read', 4096, params.capacityBytes),
    });
    const figures = model.figures();
    console.info(
      `hdd-7200-sata random 4 KiB read QD1: ${result.iops.toFixed(1)} IOPS, mean seek ${figures.meanSeekMs!.toFixed(2)} ms, ` +
        `mean rotation ${figures.meanRotationalLatencyMs!.toFixed(2)} ms`,
    );
    expect(result.iops).toBeGreaterThanOrEqual(75);
    expect(result.iops).toBeLessThanOrEqual(120);
    // The components land where the datasheet puts them.
    expect(figures.meanSeekMs).toBeGreaterThan(6.9);
    expect(figures.meanSeekMs).toBeLessThan(7.9);
    expect(figures.meanRotationalLatencyMs).toBeGreaterThan(3.8);
    expect(figures.meanRotationalLatencyMs).toBeLessThan(4.6);
  });

  it('reads sequentially in 1 MiB requests within 10 % of the outer-zone media rate', () => {
    const { model, params } = drive('hdd-7200-sata');
    const result = new DriveHarness(model).run({
      hostQueueDepth: 1,
      count: 300,
      next: sequential('read', 1024 * 1024, params.capacityBytes),
    });
    console.info(`hdd-7200-sata sequential 1 MiB read QD1: ${result.throughputMBps.toFixed(1)} MB/s (outer ${params.outerRateMBps})`);
    expect(result.throughputMBps).toBeGreaterThan(params.outerRateMBps * 0.9);
    expect(result.throughputMBps).toBeLessThanOrEqual(params.outerRateMBps * 1.0001);
    expect(model.figures().readAheadHits).toBeGreaterThanOrEqual(299);
  });

  it('gives markedly more IOPS at host QD32 with NCQ 32 (SPTF) than with NCQ 1 (FIFO)', () => {
    const run = (queueDepth: number) => {
      const { model, params } = drive('hdd-7200-sata', { queueDepth });
      return new DriveHarness(model).run({
        hostQueueDepth: 32,
        count: 3000,
        next: randomAligned(seededRandom(12), 'read', 4096, params.capacityBytes),
      });
    };
    const fifo = run(1);
    const ncq = run(32);
    console.info(`hdd-7200-sata random 4 KiB read host QD32: NCQ 1 ${fifo.iops.toFixed(1)} IOPS, NCQ 32 ${ncq.iops.toFixed(1)} IOPS`);
    expect(ncq.iops).toBeGreaterThan(1.8 * fifo.iops);
    expect(ncq.percentileUs(50)).toBeLessThan(fifo.percentileUs(50));
  });

  it('serves commands in the order the host gives them when NCQ is 1', () => {
    const { model } = drive('hdd-7200-sata', { queueDepth: 1 });
    const order: number[] = [];
    let now = 0;
    const offsets = [3e12, 1e9, 2e12, 5e8];
    let next = 0;
    const submitNext = () => {
      const offsetBytes = offsets[next]!;
      model.submit({ id: ++next, operation: 'read', offsetBytes, sizeBytes: 4096, queuedAtNs: now }, now);
    };
    submitNext();
    while (order.length < offsets.length) {
      now = model.nextCompletionNs()!;
      order.push(model.complete(now).id);
      if (next < offsets.length) submitNext();
    }
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it('is deterministic: the same requests give the same completion times', () => {
    const latencies = () => {
      const { model, params } = drive('hdd-7200-sata');
      return new DriveHarness(model).run({
        hostQueueDepth: 8,
        count: 500,
        next: randomAligned(seededRandom(13), 'write', 8192, params.capacityBytes),
      }).latenciesNs;
    };
    expect(Array.from(latencies())).toEqual(Array.from(latencies()));
  });

  it('refuses a submit beyond its queue depth and a complete before its time', () => {
    const { model } = drive('hdd-7200-sata', { queueDepth: 1 });
    model.submit({ id: 1, operation: 'read', offsetBytes: 0, sizeBytes: 4096, queuedAtNs: 0 }, 0);
    expect(() => model.submit({ id: 2, operation: 'read', offsetBytes: 0, sizeBytes: 4096, queuedAtNs: 0 }, 0)).toThrow();
    const at = model.nextCompletionNs()!;
    expect(Number.isInteger(at)).toBe(true);
    expect(() => model.complete(at - 1)).toThrow();
    expect(model.complete(at).id).toBe(1);
    expect(model.outstanding()).toBe(0);
    expect(model.nextCompletionNs()).toBeUndefined();
  });
});

describe('hdd model, hdd-15k-sas preset', () => {
  it('serves random reads faster than the 7200 rpm disk', () => {
    const iops = (name: string) => {
      const { model, params } = drive(name, { queueDepth: 1 });
      return new DriveHarness(model).run({
        hostQueueDepth: 1,
        count: 2000,
        next: randomAligned(seededRandom(14), 'read', 4096, params.capacityBytes),
      }).iops;
    };
    const fast = iops('hdd-15k-sas');
    console.info(`hdd-15k-sas random 4 KiB read QD1: ${fast.toFixed(1)} IOPS`);
    expect(fast).toBeGreaterThan(160);
    expect(fast).toBeLessThan(260);
    expect(fast).toBeGreaterThan(1.8 * iops('hdd-7200-sata'));
  });
});

import { describe, expect, it } from 'vitest';
import { buildSummary, summaryJson } from '../../../reports/run/index.js';
import { flattenFigures } from '../../../reports/statistics/index.js';
import { makeRunResult } from './fixture.js';

/** The stable keys of design.md section 4 (array elements checked on each element). */
const STABLE_KEYS = [
  'scenario',
  'seed',
  'simulatedSeconds',
  'wallSeconds',
  'ios.total',
  'ios.reads',
  'ios.writes',
  'iops',
  'throughputMBps',
  ...['read', 'write'].flatMap((kind) => ['mean', 'p50', 'p90', 'p99', 'p999', 'max'].map((figure) => `latency.${kind}.${figure}`)),
  'correctness.checkedBlocks',
  'correctness.mismatches',
  'correctness.verdict',
  'locks.acquisitions',
  'locks.contended',
  'locks.waitMean',
  'locks.waitP99',
  'locks.waitMax',
  'locks.maxQueue',
];
const SNAPSHOT_KEYS = ['id', 'takenAtSeconds', 'cowCopies', 'dualWrites', 'storeChunksUsed', 'valid'];
const DEVICE_KEYS = ['name', 'model', 'utilization'];

function at(object: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], object);
}

describe('summary.json', () => {
  const result = makeRunResult();
  const summary = buildSummary(result);

  it('has every stable key of design.md section 4, with numbers where figures belong', () => {
    for (const key of STABLE_KEYS) {
      const value = at(summary, key);
      expect(value, key).toBeDefined();
      if (!['scenario', 'correctness.verdict'].includes(key)) expect(typeof value, key).toBe('number');
    }
    expect(summary.snapshots.length).toBeGreaterThan(0);
    for (const snapshot of summary.snapshots) for (const key of SNAPSHOT_KEYS) expect(snapshot, key).toHaveProperty(key);
    expect(summary.devices).toHaveLength(2);
    for (const device of summary.devices) for (const key of DEVICE_KEYS) expect(device, key).toHaveProperty(key);
  });

  it('keeps its keys in a fixed order, stable keys first', () => {
    expect(Object.keys(summary)).toEqual([
      'scenario',
      'seed',
      'simulatedSeconds',
      'wallSeconds',
      'ios',
      'iops',
      'throughputMBps',
      'latency',
      'snapshots',
      'correctness',
      'locks',
      'devices',
      'events',
      'bytes',
      'cow',
      'strategy',
      'schedule',
      'preserves',
      'intake',
      'workloads',
      'units',
    ]);
    expect(Object.keys(summary.latency.read)).toEqual(['count', 'mean', 'p50', 'p90', 'p99', 'p999', 'max']);
    expect(Object.keys(summary.snapshots[0]!).slice(0, SNAPSHOT_KEYS.length)).toEqual(SNAPSHOT_KEYS);
    expect(Object.keys(summary.devices[0]!).slice(0, DEVICE_KEYS.length)).toEqual(DEVICE_KEYS);
    expect(Object.keys(summary.locks).slice(0, 6)).toEqual(['acquisitions', 'contended', 'waitMean', 'waitP99', 'waitMax', 'maxQueue']);
  });

  it('names the scenario and its seed, and gives simulated and wall time in seconds', () => {
    expect(summary.scenario).toBe('default');
    expect(summary.seed).toBe(42);
    expect(summary.simulatedSeconds).toBe(6);
    expect(summary.wallSeconds).toBe(2.346);
  });

  it('counts snapshot reads among the reads, and also on their own', () => {
    expect(summary.ios).toEqual({ total: 4700, reads: 3400, writes: 1300, snapshotReads: 400 });
    expect(summary.ios.reads + summary.ios.writes).toBe(summary.ios.total);
  });

  it('gives IOPS and MB/s (1e6 bytes) per simulated second over all workloads', () => {
    expect(summary.iops).toBe(783.333);
    const bytes = 3000 * 8192 + 400 * 1_048_576 + 1300 * 8192;
    expect(summary.throughputMBps).toBe(Math.round((bytes / 1e6 / 6) * 1000) / 1000);
  });

  it('gives latencies in µs rounded to 3 decimals, snapshot reads apart from live reads', () => {
    expect(summary.latency.write.p99).toBe(Math.round(result.latency.write.p99 * 1000) / 1000);
    expect(summary.latency.read.count).toBe(3000);
    expect(summary.latency.snapshotRead.count).toBe(400);
    expect(summary.latency.snapshotRead.max).toBe(Math.round(result.latency.snapshotRead.max * 1000) / 1000);
    for (const kind of ['read', 'write', 'snapshotRead'] as const) {
      const figures = summary.latency[kind];
      expect(figures.p50).toBeLessThanOrEqual(figures.p90!);
      expect(figures.p90).toBeLessThanOrEqual(figures.p99!);
      expect(figures.p99).toBeLessThanOrEqual(figures.p999!);
      expect(figures.p999).toBeLessThanOrEqual(figures.max!);
    }
  });

  it('converts the engine lock figures from ns to µs', () => {
    // Fixture: waitMeanNs 12 345.678, waitP99Ns = 41.5 x mean, waitMaxNs = 380.25 x mean, holds 9 876 543.21 / 45 000 500 / 120 333 777 ns.
    expect(summary.locks).toMatchObject({
      acquisitions: 1700,
      contended: 310,
      waitMean: 12.346,
      waitP99: 512.346,
      waitMax: 4694.444,
      maxQueue: 3,
      waitP50: 0,
      holdMean: 9876.543,
      holdP99: 45_000.5,
      holdMax: 120_333.777,
      policy: 'chunk',
    });
    expect(summary.locks.byPurpose.write.acquisitions).toBe(1300);
    expect(summary.locks.byPurpose.snapshotRead.waitMean).toBe(3);
  });

  it('reports each snapshot with its copies, dual writes, store use and validity', () => {
    const last = result.timeline.rows.at(-1)!;
    expect(summary.snapshots).toEqual([
      expect.objectContaining({ id: 1, takenAtSeconds: 2, cowCopies: last.cowCopies, dualWrites: last.dualWrites, storeChunksUsed: last.storeChunksUsed, valid: true }),
    ]);
    expect(summary.snapshots[0]!.dualWrites).toBeGreaterThan(0);
    expect(summary.preserves).toEqual([{ snapshotId: 1, atSeconds: 2, longestInFlightIoUs: 48_123.457, inFlight: 21 }]);
    expect(summary.schedule).toEqual({ commands: 1, taken: 1, skipped: 0, skippedAtSeconds: [] });
  });

  it('reports each device by name and model with its utilisation', () => {
    expect(summary.devices.map(({ name, model, utilization }) => ({ name, model, utilization }))).toEqual([
      { name: 'origin', model: 'hdd', utilization: 0.934568 },
      { name: 'store', model: 'ssd', utilization: 0.121212 },
    ]);
    expect(summary.devices[1]!.figures.writeAmplification).toBe(1.083333);
    expect(summary.devices[0]!.meanQueueDepth).toBe(11.235);
  });

  it('gives the correctness verdict: pass, or fail with the number of mismatches', () => {
    expect(summary.correctness).toMatchObject({ checkedBlocks: 589_824, mismatches: 0, verdict: 'pass' });
    const failed = buildSummary(makeRunResult({ failing: true }));
    expect(failed.correctness).toMatchObject({ mismatches: 17, verdict: 'fail', reproduce: 'npx cowsim run --seed 42' });
  });

  it('carries extra figures: CoW cost, the longest I/O in flight across each command, intake, per-workload latency', () => {
    expect(summary.cow.copies).toBe(summary.snapshots[0]!.cowCopies);
    expect(summary.cow.storeChunksCapacity).toBe(16_380);
    expect(summary.intake).toMatchObject({ admitted: 1300, reordered: 143, maxQueueLength: 11 });
    expect(summary.workloads.map((workload) => [workload.name, Object.keys(workload.latency)])).toEqual([
      ['oltp', ['read', 'write']],
      ['backup', ['snapshotRead']],
    ]);
    // Reasons in a fixed (alphabetical) order, whatever order the runner met them in.
    expect(Object.keys(summary.workloads[1]!.errors)).toEqual(['aborted at end of run', 'snapshot deleted']);
    const withoutIntake = makeRunResult();
    delete withoutIntake.intake;
    expect(buildSummary(withoutIntake).intake).toBeNull();
  });

  it('is byte-identical for identical results; only wallSeconds differs between runs', () => {
    const first = summaryJson(buildSummary(makeRunResult()));
    expect(summaryJson(buildSummary(makeRunResult()))).toBe(first);
    const slower = makeRunResult();
    slower.wallSeconds = 9.5;
    const differing = summaryJson(buildSummary(slower))
      .split('\n')
      .filter((line, index) => line !== first.split('\n')[index]);
    expect(differing).toEqual(['  "wallSeconds": 9.5,']);
  });

  it('carries no float noise: at most 9 decimals anywhere', () => {
    const text = summaryJson(summary);
    expect(text).not.toMatch(/\d\.\d{10,}/);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('flattens to the figure keys that gate rules name', () => {
    const figures = flattenFigures(JSON.parse(summaryJson(summary)));
    expect(figures['latency.write.p99']).toBe(summary.latency.write.p99);
    expect(figures['locks.waitP99']).toBe(512.346);
    expect(figures['snapshots.0.dualWrites']).toBe(summary.snapshots[0]!.dualWrites);
    expect(figures['snapshots.0.valid']).toBe(1);
    expect(figures['devices.1.utilization']).toBe(0.121212);
    expect(figures['correctness.mismatches']).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../sim/latency-histogram.js';
import { MetricsRecorder } from '../../workloads/metrics.js';

const MS = 1_000_000;

describe('the timeline of MetricsRecorder', () => {
  it('gives each interval the p99 of its own completions, and a kind with none in an interval no p99 (null, never 0)', () => {
    const metrics = new MetricsRecorder([{ name: 'w', target: 'live', countFromNs: 0 }], 100 * MS);
    const reference = [new LatencyHistogram(), new LatencyHistogram()];
    // Interval 0: writes of 1..50 us; interval 2: reads of 300..399 us; interval 1: nothing.
    for (let us = 1; us <= 50; us++) {
      metrics.record(0, 'write', 10 * MS, 10 * MS + us * 1000, 4096);
      reference[0]!.record(us * 1000);
    }
    for (let us = 300; us < 400; us++) {
      metrics.record(0, 'read', 250 * MS - us * 1000, 250 * MS, 4096);
      reference[1]!.record(us * 1000);
    }
    const empty = null;
    const figures = metrics.intervalFigures(4);
    expect(figures.map((figure) => figure.ios)).toEqual([50, 0, 100, 0]);
    expect(figures[0]).toMatchObject({ p99Us: reference[0]!.percentileNs(99) / 1000, writeP99Us: reference[0]!.percentileNs(99) / 1000, readP99Us: empty });
    expect(figures[1]).toMatchObject({ p99Us: empty, readP99Us: empty, writeP99Us: empty });
    expect(figures[2]).toMatchObject({ p99Us: reference[1]!.percentileNs(99) / 1000, readP99Us: reference[1]!.percentileNs(99) / 1000, writeP99Us: empty });
    expect(figures[0]!.p99Us).toBeGreaterThan(49);
    expect(figures[2]!.p99Us).toBeGreaterThan(390);
    // Asked again, the figures are the same.
    expect(metrics.intervalFigures(4)).toEqual(figures);
  });

  it('refuses a completion for an interval that has already ended (completions come in time order)', () => {
    const metrics = new MetricsRecorder([{ name: 'w', target: 'live', countFromNs: 0 }], 100 * MS);
    metrics.record(0, 'write', 0, 150 * MS, 4096);
    expect(() => metrics.record(0, 'write', 0, 50 * MS, 4096)).toThrow(/interval 0 after interval 1 began/);
  });
});

describe('the latency CDF of MetricsRecorder', () => {
  it('is drawn from every histogram bucket: exact fractions at bucket upper bounds, at most one point per 2 % of latency', () => {
    const metrics = new MetricsRecorder([{ name: 'w', target: 'live', countFromNs: 0 }], 100 * MS);
    const reference = new LatencyHistogram();
    // A wide distribution, 1 µs to 1.2 s: 2,500 non-empty buckets.
    for (let index = 0; index < 5000; index++) {
      const latencyNs = Math.round(1000 * 1.0028 ** index);
      metrics.record(0, 'write', 0, latencyNs, 4096);
      reference.record(latencyNs);
    }
    const points = metrics.workloadResults()[0]!.cdf.write!;
    const buckets = new Map(reference.cumulativeBucketsNs().map(([upperNs, count]) => [upperNs / 1000, count / 5000]));
    expect(buckets.size).toBeGreaterThan(2000);
    // Far more than the 24 fixed percentiles of old, far fewer than the buckets.
    expect(points.length).toBeGreaterThan(200);
    expect(points.length).toBeLessThan(800);
    for (const [latencyUs, fraction] of points) expect(buckets.get(latencyUs)).toBe(fraction);
    expect(points[points.length - 1]).toEqual([reference.maxNs / 1000, 1]);
    for (let index = 1; index < points.length; index++) {
      expect(points[index]![1]).toBeGreaterThan(points[index - 1]![1]);
      expect(points[index]![0]).toBeGreaterThan(points[index - 1]![0]);
    }
  });

  it('keeps every bucket of a narrow distribution, whose buckets are more than 2 % apart', () => {
    const metrics = new MetricsRecorder([{ name: 'w', target: 'live', countFromNs: 0 }], 100 * MS);
    for (const latencyNs of [100, 100, 150, 200, 200, 200]) metrics.record(0, 'read', 0, latencyNs, 4096);
    expect(metrics.workloadResults()[0]!.cdf.read).toEqual([
      [0.1, 2 / 6],
      [0.15, 3 / 6],
      [0.2, 1],
    ]);
  });

  it('adds the report percentiles to every latency summary only when asked for', () => {
    const metrics = new MetricsRecorder([{ name: 'w', target: 'live', countFromNs: 0 }], 100 * MS);
    for (let us = 1; us <= 1000; us++) metrics.record(0, 'read', 0, us * 1000, 4096);
    expect(metrics.latency('read').percentiles).toBeUndefined();
    metrics.reportPercentiles = [50, 99.99];
    expect(Object.keys(metrics.latency('read').percentiles!)).toEqual(['50', '99.99']);
    expect(metrics.latency('read').percentiles!['50']).toBe(metrics.latency('read').p50);
    expect(metrics.workloadResults()[0]!.latency.read!.percentiles!['99.99']).toBeCloseTo(1000, -1);
  });
});

import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../sim/latency-histogram.js';
import { MetricsRecorder } from '../../workloads/metrics.js';

const MS = 1_000_000;

describe('the timeline of MetricsRecorder', () => {
  it('gives each interval the p99 of its own completions, and empty intervals an empty histogram’s', () => {
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
    const empty = new LatencyHistogram().percentileNs(99) / 1000;
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

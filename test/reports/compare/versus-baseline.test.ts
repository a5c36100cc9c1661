/**
 * An arm against the baseline on known numbers: throughput ratios and latency deltas replication
 * by replication, their mean and 95 % Student-t interval (t(0.975, 2) = 4.302652730 from a table),
 * and no interval from one replication.
 */
import { describe, expect, it } from 'vitest';
import type { ArmReplication } from '../../../reports/compare/arms.js';
import type { CommandStall } from '../../../reports/compare/stall.js';
import { intervalFigure, versusBaseline } from '../../../reports/compare/versus-baseline.js';
import type { LatencyFiguresUs } from '../../../reports/run/summary.js';

const T_975_DF2 = 4.30265273;

function latency(p50: number, p99: number, p999: number, count = 10): LatencyFiguresUs {
  return { count, mean: p50, p50, p90: p99, p99, p999, max: p999 };
}

function stall(maxNs: number, meanNs: number, takenAfterNs: number | null): CommandStall {
  return { command: 1, snapshotId: 1, atNs: 1e9, windowEndNs: 2e9, takenAfterNs, received: 4, matched: 4, unmatched: 0, meanNs, p99Ns: maxNs, maxNs, sumNs: meanNs * 4 };
}

function replication(index: number, live: number, write: LatencyFiguresUs, stalls: CommandStall[] = []): ArmReplication {
  return {
    replication: index,
    seed: 100 + index,
    verdict: 'pass',
    mismatches: 0,
    iops: 1000,
    throughputMBps: live * 2,
    liveThroughputMBps: live,
    latency: { read: latency(0, 0, 0, 0), write },
    writesCompleted: 10,
    stalls,
  };
}

describe('intervals over replications', () => {
  it('gives the mean and the Student-t interval of known values', () => {
    const figure = intervalFigure([1, 2, 3], (value) => value);
    // mean 2, sample standard deviation 1: half width t(0.975, 2) / sqrt(3).
    const half = T_975_DF2 / Math.sqrt(3);
    expect(figure!.mean).toBe(2);
    expect(figure!.n).toBe(3);
    expect(figure!.low).toBeCloseTo(2 - half, 8);
    expect(figure!.high).toBeCloseTo(2 + half, 8);
  });

  it('gives no interval from one replication (null, never zero width), and nothing from no values', () => {
    expect(intervalFigure([5], (value) => value)).toEqual({ mean: 5, low: null, high: null, n: 1 });
    expect(intervalFigure([], (value) => value)).toBeNull();
  });
});

describe('an arm against the baseline', () => {
  const baseline = [replication(0, 100, latency(100, 1000, 2000)), replication(1, 200, latency(100, 1000, 2000)), replication(2, 100, latency(100, 1000, 2000))];
  const arm = [
    replication(0, 90, latency(110, 1500, 2000), [stall(4e6, 1e6, 3e6), stall(2e6, 5e5, 1e6)]),
    replication(1, 160, latency(120, 2000, 2000), [stall(6e6, 2e6, 5e6)]),
    replication(2, 70, latency(130, 2500, 2000), [stall(8e6, 3e6, null)]),
  ];
  const versus = versusBaseline(arm, baseline);

  it('pairs each replication with the baseline of its seed: throughput ratio', () => {
    // 90/100, 160/200, 70/100: 0.9, 0.8, 0.7.
    const half = (T_975_DF2 * 0.1) / Math.sqrt(3);
    expect(versus.throughputRatio!.mean).toBeCloseTo(0.8, 6);
    expect(versus.throughputRatio!.low).toBeCloseTo(0.8 - half, 6);
    expect(versus.throughputRatio!.high).toBeCloseTo(0.8 + half, 6);
  });

  it('latency deltas at p50, p99 and p99.9 (µs); an operation neither arm did has none', () => {
    expect(versus.latencyDeltaUs.write.p50).toMatchObject({ mean: 20, n: 3 });
    expect(versus.latencyDeltaUs.write.p50!.high! - 20).toBeCloseTo((T_975_DF2 * 10) / Math.sqrt(3), 3);
    expect(versus.latencyDeltaUs.write.p99).toMatchObject({ mean: 1000, n: 3 });
    expect(versus.latencyDeltaUs.write.p999).toEqual({ mean: 0, low: 0, high: 0, n: 3 });
    expect(versus.latencyDeltaUs.read.p99).toBeNull();
  });

  it('the stall summary per replication, then over replications (µs)', () => {
    // Worst max per replication: 4, 6, 8 ms; mean of the commands' maxima: 3, 6, 8 ms; mean extra: 0.75, 2, 3 ms.
    expect(versus.stall.summary.worstMaxExtraUs).toMatchObject({ mean: 6000, n: 3 });
    expect(versus.stall.summary.meanMaxExtraUs!.mean).toBeCloseTo((3000 + 6000 + 8000) / 3, 3);
    expect(versus.stall.summary.meanExtraUs!.mean).toBeCloseTo((750 + 2000 + 3000) / 3, 3);
    // The third replication never had a snapshot taken: its longest time is not a figure.
    expect(versus.stall.summary.takenAfterMaxUs).toMatchObject({ mean: 4000, n: 2 });
    expect(versus.stall.commands.map((row) => [row.replication, row.seed, row.maxExtraUs])).toEqual([
      [1, 100, 4000],
      [1, 100, 2000],
      [2, 101, 6000],
      [3, 102, 8000],
    ]);
  });
});

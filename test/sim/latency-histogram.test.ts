import { quantileSorted } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../sim/latency-histogram.js';
import { RandomStreams } from '../../sim/random.js';

describe('LatencyHistogram', () => {
  it('gives exact count, mean, min and max, and percentiles within 1 % over ns to hours', () => {
    const random = new RandomStreams(1).get('histogram');
    const histogram = new LatencyHistogram();
    const values: number[] = [];
    for (let index = 0; index < 100_000; index++) {
      const value = Math.round(Math.exp(random.uniform(0, Math.log(4e12))));
      values.push(value);
      histogram.record(value);
    }
    values.sort((a, b) => a - b);
    expect(histogram.count).toBe(values.length);
    expect(histogram.meanNs).toBeCloseTo(values.reduce((sum, value) => sum + value, 0) / values.length, 0);
    const summary = histogram.summaryUs();
    expect(summary.min).toBe(values[0]! / 1000);
    expect(summary.max).toBe(values.at(-1)! / 1000);
    for (const percentile of [50, 90, 99, 99.9]) {
      const exact = quantileSorted(values, percentile / 100);
      expect(Math.abs(histogram.percentileNs(percentile) / exact - 1)).toBeLessThan(0.01);
    }
  });

  it('keeps small values exact and merges', () => {
    const first = new LatencyHistogram();
    const second = new LatencyHistogram();
    for (const value of [0, 1, 2, 3]) first.record(value);
    second.record(1e9);
    first.merge(second);
    expect(first.count).toBe(5);
    expect(first.percentileNs(50)).toBe(2);
    expect(first.percentileNs(100)).toBe(1e9);
    expect(() => first.record(-1)).toThrow(RangeError);
    first.reset();
    expect(first.summaryUs()).toEqual({ count: 0, mean: 0, min: 0, max: 0, p50: 0, p90: 0, p99: 0, p999: 0 });
  });
});

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

describe('LatencyHistogram.cumulativeBucketsNs', () => {
  it('lists every non-empty bucket once, ascending, with running counts that end at the total and the largest value', () => {
    const histogram = new LatencyHistogram();
    for (const valueNs of [5, 5, 200, 1_000, 1_001, 50_000, 50_000, 3_000_000]) histogram.record(valueNs);
    const buckets = histogram.cumulativeBucketsNs();
    // 1000 and 1001 share a bucket (8 ns wide there); 5 and 200 are exact below 256 ns.
    expect(buckets.map(([, count]) => count)).toEqual([2, 3, 5, 7, 8]);
    expect(buckets[0]).toEqual([5, 2]);
    expect(buckets[1]).toEqual([200, 3]);
    expect(buckets[2]![0]).toBeGreaterThanOrEqual(1_001);
    expect(buckets[2]![0]).toBeLessThan(1_001 * 1.008);
    expect(buckets[buckets.length - 1]).toEqual([3_000_000, 8]);
    for (let index = 1; index < buckets.length; index++) expect(buckets[index]![0]).toBeGreaterThan(buckets[index - 1]![0]);
    expect(new LatencyHistogram().cumulativeBucketsNs()).toEqual([]);
  });

  it('keys chosen percentiles by the percentile as written, with the values percentileNs gives', () => {
    const histogram = new LatencyHistogram();
    for (let valueNs = 1; valueNs <= 100_000; valueNs++) histogram.record(valueNs * 1000);
    expect(histogram.percentilesUs([50, 99.99])).toEqual({ '50': histogram.percentileNs(50) / 1000, '99.99': histogram.percentileNs(99.99) / 1000 });
  });
});

/**
 * The demerit figure (Ruemmler and Wilkes 1994): the root mean square of the horizontal distance
 * between two response-time CDFs, integrated exactly over the quantile levels; and the
 * nearest-rank percentiles validate reports.
 */
import { describe, expect, it } from 'vitest';
import { demerit, nearestRank, sortedSamples } from '../../../reports/validate/demerit.js';
import { compareCategory, relativeError } from '../../../reports/validate/validate-file.js';

describe('demerit', () => {
  it('is 0 for two identical distributions', () => {
    expect(demerit([1, 2, 2, 7, 30], [1, 2, 2, 7, 30])).toBe(0);
    // The same distribution with twice the samples: the same CDF.
    expect(demerit([1, 2, 3], [1, 1, 2, 2, 3, 3])).toBe(0);
  });

  it('is d for a distribution shifted by d', () => {
    const recorded = [0.5, 1, 4, 4, 9, 16];
    expect(demerit(recorded, recorded.map((value) => value + 3))).toBeCloseTo(3, 12);
    expect(demerit(recorded.map((value) => value + 0.25), recorded)).toBeCloseTo(0.25, 12);
  });

  it('integrates over the merged breakpoints: two-point examples by hand', () => {
    // [0, 10] against [0]: the distance is 0 below the median and 10 above: sqrt(0.5 * 100).
    expect(demerit([0, 10], [0])).toBeCloseTo(Math.sqrt(50), 12);
    // [0, 6] against [0, 3, 6]: breakpoints 1/3, 1/2, 2/3; distances 0, 3, 3, 0 over widths 1/3, 1/6, 1/6, 1/3.
    expect(demerit([0, 6], [0, 3, 6])).toBeCloseTo(Math.sqrt(9 / 6 + 9 / 6), 12);
    // [1, 3] against [2, 2]: 1 everywhere.
    expect(demerit([1, 3], [2, 2])).toBeCloseTo(1, 12);
  });

  it('is symmetric, and with equal counts the RMS of the samples paired in sorted order', () => {
    const a = sortedSamples([5, 1, 9, 3]);
    const b = sortedSamples([2, 8, 4, 4]);
    expect(demerit(a, b)).toBeCloseTo(demerit(b, a), 12);
    const paired = Math.sqrt(((1 - 2) ** 2 + (3 - 4) ** 2 + (5 - 4) ** 2 + (9 - 8) ** 2) / 4);
    expect(demerit(a, b)).toBeCloseTo(paired, 12);
  });

  it('refuses an empty sample set', () => {
    expect(() => demerit([], [1])).toThrow(RangeError);
  });
});

describe('nearest-rank percentiles and the compared figures', () => {
  it('takes x(ceil(p n / 100))', () => {
    const values = sortedSamples([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect([nearestRank(values, 50), nearestRank(values, 90), nearestRank(values, 99), nearestRank(values, 100)]).toEqual([5, 9, 10, 10]);
    expect(nearestRank([7], 50)).toBe(7);
    expect(nearestRank([1, 2], 50)).toBe(1);
  });

  it('gives mean, p50, p90, p99, the relative errors and the demerit of a category', () => {
    const figures = compareCategory([2e6, 3e6], [1e6, 1e6])!;
    expect(figures.count).toBe(2);
    expect(figures.recorded).toEqual({ mean: 2.5e6, p50: 2e6, p90: 3e6, p99: 3e6 });
    expect(figures.simulated).toEqual({ mean: 1e6, p50: 1e6, p90: 1e6, p99: 1e6 });
    expect(figures.demerit).toBeCloseTo(Math.sqrt((1e12 + 4e12) / 2), 3);
    expect(relativeError(2.5, 1)).toBeCloseTo(-0.6, 12);
    expect(relativeError(0, 1)).toBeUndefined();
    expect(compareCategory([], [])).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  confidenceInterval,
  figureIntervals,
  flattenFigures,
  regularizedIncompleteBeta,
  studentTCdf,
  studentTQuantile,
} from '../../reports/statistics/index.js';

describe('Student t quantile', () => {
  it.each([
    [0.975, 1, 12.706204736],
    [0.975, 2, 4.30265273],
    [0.975, 4, 2.776445105],
    [0.975, 9, 2.262157163],
    [0.975, 29, 2.045229642],
    [0.975, 120, 1.979930405],
    [0.995, 10, 3.169272673],
    [0.95, 5, 2.015048373],
    [0.9995, 1, 636.6192487],
  ])('t(%f, df %d) matches the printed table value %f', (p, df, expected) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(expected, 6);
  });

  it('is symmetric about 0 and gives 0 at the median', () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(0.025, 9)).toBeCloseTo(-2.262157163, 8);
    expect(studentTQuantile(0, 3)).toBe(-Infinity);
    expect(studentTQuantile(1, 3)).toBe(Infinity);
  });

  it('matches the closed forms for df 1 (Cauchy) and df 2', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), (p) => {
        const cauchy = Math.tan(Math.PI * (p - 0.5));
        expect(studentTQuantile(p, 1)).toBeCloseTo(cauchy, 7);
        const dfTwo = (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
        expect(studentTQuantile(p, 2)).toBeCloseTo(dfTwo, 8);
      }),
    );
  });

  it('is the inverse of the CDF for any p and fractional degrees of freedom', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }),
        fc.double({ min: 0.5, max: 5000, noNaN: true }),
        (p, df) => {
          expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 10);
        },
      ),
    );
  });

  it('rejects impossible arguments', () => {
    expect(() => studentTQuantile(1.5, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, Infinity)).toThrow(RangeError);
  });
});

describe('regularized incomplete beta', () => {
  it('matches closed forms: I_x(1, 1) = x, I_x(a, 1) = x^a, I_x(1, b) = 1 - (1 - x)^b', () => {
    expect(regularizedIncompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(regularizedIncompleteBeta(0.3, 3, 1)).toBeCloseTo(0.027, 14);
    expect(regularizedIncompleteBeta(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 14);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
  });
});

describe('confidence interval of the mean', () => {
  it('matches a hand computation for five replications', () => {
    // mean 14; sample variance (16 + 4 + 0 + 4 + 16) / 4 = 10; t(0.975, 4) = 2.776445105;
    // half-width = 2.776445105 * sqrt(10) / sqrt(5) = 2.776445105 * sqrt(2) = 3.926486...
    const interval = confidenceInterval([10, 12, 14, 16, 18]);
    expect(interval.n).toBe(5);
    expect(interval.mean).toBe(14);
    expect(interval.stdDev).toBeCloseTo(Math.sqrt(10), 12);
    expect(interval.halfWidth).toBeCloseTo(3.926486, 5);
    expect(interval.low).toBeCloseTo(10.073514, 5);
    expect(interval.high).toBeCloseTo(17.926486, 5);
    expect(interval.level).toBe(0.95);
    expect(interval.defined).toBe(true);
  });

  it('uses the requested level', () => {
    // t(0.995, 2) = 9.924843; values 1, 2, 3: mean 2, s = 1, half-width = 9.924843 / sqrt(3)
    const interval = confidenceInterval([1, 2, 3], 0.99);
    expect(interval.halfWidth).toBeCloseTo(9.924843 / Math.sqrt(3), 5);
  });

  it('has zero width when all replications agree', () => {
    const interval = confidenceInterval([5, 5, 5, 5]);
    expect(interval.halfWidth).toBe(0);
    expect(interval.low).toBe(5);
    expect(interval.high).toBe(5);
  });

  it('marks a single replication as undefined instead of claiming zero width', () => {
    const interval = confidenceInterval([42]);
    expect(interval.mean).toBe(42);
    expect(interval.defined).toBe(false);
    expect(interval.halfWidth).toBeNaN();
    expect(interval.low).toBeNaN();
    expect(interval.high).toBeNaN();
  });

  it('rejects no values, non-finite values and bad levels', () => {
    expect(() => confidenceInterval([])).toThrow(RangeError);
    expect(() => confidenceInterval([1, NaN])).toThrow(RangeError);
    expect(() => confidenceInterval([1, 2], 1)).toThrow(RangeError);
  });

  it('computes an interval per figure across replications', () => {
    const intervals = figureIntervals([{ iops: 10, 'latency.write.p99': 100 }, { iops: 14, 'latency.write.p99': 100 }, { iops: 12 }]);
    expect(intervals.iops!.mean).toBe(12);
    expect(intervals.iops!.n).toBe(3);
    expect(intervals['latency.write.p99']!.n).toBe(2);
    expect(intervals['latency.write.p99']!.halfWidth).toBe(0);
  });
});

describe('flattenFigures', () => {
  it('turns a nested summary into dotted keys with numbers only', () => {
    const figures = flattenFigures({
      scenario: 'oltp',
      seed: 7,
      iops: 1234.5,
      latency: { write: { p50: 80, p99: 950 }, read: { p99: 400 } },
      snapshots: [
        { id: 's1', takenAtSeconds: 1.5, cowCopies: 10, valid: true },
        { id: 's2', takenAtSeconds: 3, cowCopies: 4, valid: false },
      ],
      correctness: { checkedBlocks: 100, mismatches: 0, verdict: 'pass' },
      missing: null,
      empty: {},
    });
    expect(figures).toEqual({
      seed: 7,
      iops: 1234.5,
      'latency.write.p50': 80,
      'latency.write.p99': 950,
      'latency.read.p99': 400,
      'snapshots.0.takenAtSeconds': 1.5,
      'snapshots.0.cowCopies': 10,
      'snapshots.0.valid': 1,
      'snapshots.1.takenAtSeconds': 3,
      'snapshots.1.cowCopies': 4,
      'snapshots.1.valid': 0,
      'correctness.checkedBlocks': 100,
      'correctness.mismatches': 0,
    });
  });

  it('leaves out non-finite numbers and accepts a prefix', () => {
    expect(flattenFigures({ a: NaN, b: Infinity, c: 1 }, 'run')).toEqual({ 'run.c': 1 });
  });
});

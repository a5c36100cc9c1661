import { mean, sampleStandardDeviation } from 'simple-statistics';
import { studentTQuantile } from './student-t.js';

/** A two-sided Student-t confidence interval for the mean of independent replications. */
export interface ConfidenceInterval {
  mean: number;
  /** Half the interval's width: t(1 - (1 - level) / 2, n - 1) * stdDev / sqrt(n). */
  halfWidth: number;
  low: number;
  high: number;
  /** Number of values the interval was computed from. */
  n: number;
  /** Sample standard deviation (n - 1 in the denominator). */
  stdDev: number;
  /** Confidence level, e.g. 0.95. */
  level: number;
  /**
   * False when n = 1: a single value says nothing about spread, so stdDev, halfWidth, low and high
   * are NaN (never 0, which would claim a perfectly precise figure). True for n >= 2.
   */
  defined: boolean;
}

/**
 * Mean and two-sided Student-t confidence interval of `values` at `level` (default 0.95).
 * Throws RangeError for no values, non-finite values or a level outside (0, 1); n = 1 gives `defined: false`.
 */
export function confidenceInterval(values: readonly number[], level = 0.95): ConfidenceInterval {
  if (values.length === 0) throw new RangeError('confidenceInterval: needs at least one value');
  if (!(level > 0 && level < 1)) throw new RangeError(`confidenceInterval: level must be in (0, 1), got ${level}`);
  for (const value of values) {
    if (!Number.isFinite(value)) throw new RangeError(`confidenceInterval: values must be finite, got ${value}`);
  }
  const n = values.length;
  const average = mean(values as number[]);
  if (n === 1) {
    return { mean: average, halfWidth: NaN, low: NaN, high: NaN, n, stdDev: NaN, level, defined: false };
  }
  const stdDev = sampleStandardDeviation(values as number[]);
  const t = studentTQuantile(1 - (1 - level) / 2, n - 1);
  const halfWidth = (t * stdDev) / Math.sqrt(n);
  return { mean: average, halfWidth, low: average - halfWidth, high: average + halfWidth, n, stdDev, level, defined: true };
}

/**
 * Confidence interval of every figure across replications (each a flattened summary, see flattenFigures).
 * A figure missing or null in some replications is computed over those that have it (its `n` says
 * how many): a replication with no I/Os of a kind has no latency, and must not pull the mean toward 0.
 * A figure no replication has a value for gets no interval.
 */
export function figureIntervals(
  replications: readonly Readonly<Record<string, number | null>>[],
  level = 0.95,
): Record<string, ConfidenceInterval> {
  const valuesByFigure = new Map<string, number[]>();
  for (const replication of replications) {
    for (const [figure, value] of Object.entries(replication)) {
      if (value === null) continue;
      let values = valuesByFigure.get(figure);
      if (values === undefined) valuesByFigure.set(figure, (values = []));
      values.push(value);
    }
  }
  const intervals: Record<string, ConfidenceInterval> = {};
  for (const [figure, values] of valuesByFigure) intervals[figure] = confidenceInterval(values, level);
  return intervals;
}

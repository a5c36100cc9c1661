/**
 * The figures `cowsim validate` compares: nearest-rank percentiles and the demerit figure of
 * Ruemmler and Wilkes ("An introduction to disk drive modeling", IEEE Computer 1994), which
 * DiskSim reports for its validations: the root mean square of the horizontal distance between
 * two response-time CDFs.
 *
 * Computed exactly. The empirical CDF of n sorted samples x(1) <= ... <= x(n) has the quantile
 * function Q(q) = x(ceil(q n)) for q in (0, 1]: a step function with steps at i/n. The horizontal
 * distance at level q is Q_recorded(q) - Q_simulated(q); the demerit is the square root of its
 * square integrated over q in (0, 1). Both quantile functions are constant between the merged
 * breakpoints {i/n} and {j/m}, so the integral is a finite sum over those intervals. (DiskSim's
 * own tool, src/rms.c, interpolates its binned CDFs linearly at the levels 0.0001, 0.0002, ..., 1;
 * on the same samples the two differ by the binning and the interpolation.) With n = m, as in a
 * replay, it is the root mean square of the differences of the samples paired in sorted order.
 */

/** The nearest-rank percentile `percent` (in (0, 100]) of ascending samples: x(ceil(percent n / 100)). */
export function nearestRank(sorted: ArrayLike<number>, percent: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('nearestRank: no samples');
  if (!(percent > 0 && percent <= 100)) throw new RangeError(`nearestRank: percent ${percent} outside (0, 100]`);
  // percent * n is exact for whole percents, so a multiple of 100 divides exactly.
  const rank = Math.min(n, Math.max(1, Math.ceil((percent * n) / 100)));
  return sorted[rank - 1]!;
}

/** Which of the next breakpoints (i+1)/n and (j+1)/m comes first: negative, zero (together) or positive. */
function compareLevels(i: number, n: number, j: number, m: number): number {
  const a = (i + 1) * m;
  const b = (j + 1) * n;
  if (Number.isSafeInteger(a) && Number.isSafeInteger(b)) return a - b;
  const exact = BigInt(i + 1) * BigInt(m) - BigInt(j + 1) * BigInt(n);
  return exact < 0n ? -1 : exact > 0n ? 1 : 0;
}

/**
 * The demerit of two ascending sample sets, in their unit: the root mean square over quantile
 * levels q in (0, 1) of the horizontal distance between their empirical CDFs.
 */
export function demerit(recordedSorted: ArrayLike<number>, simulatedSorted: ArrayLike<number>): number {
  const n = recordedSorted.length;
  const m = simulatedSorted.length;
  if (n === 0 || m === 0) throw new RangeError('demerit: both sample sets need at least one sample');
  let sum = 0;
  let level = 0;
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const order = compareLevels(i, n, j, m);
    const next = order <= 0 ? (i + 1) / n : (j + 1) / m;
    const distance = recordedSorted[i]! - simulatedSorted[j]!;
    sum += (next - level) * distance * distance;
    level = next;
    if (order <= 0) i += 1;
    if (order >= 0) j += 1;
  }
  return Math.sqrt(sum);
}

/** Ascending copy of samples as a Float64Array. */
export function sortedSamples(samples: ArrayLike<number>): Float64Array {
  return Float64Array.from(samples).sort();
}

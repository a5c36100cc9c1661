/**
 * Seek time as a function of seek distance, after Ruemmler & Wilkes, "An introduction to disk
 * drive modeling" (IEEE Computer 27(3), 1994): short seeks are dominated by acceleration and
 * settling and grow with the square root of the distance; long seeks coast at top speed and grow
 * linearly.
 *
 *   seek(0) = 0
 *   seek(d) = a + b * sqrt(d)   for 1 <= d < boundary
 *   seek(d) = c + e * d         for d >= boundary
 *
 * The curve is fitted to the three figures a datasheet gives: track-to-track (d = 1), full stroke
 * (d = cylinders - 1) and average. The curve is continuous with a continuous slope at the
 * boundary, which leaves one free parameter (the boundary); it is chosen by bisection so that the
 * curve's weighted average over all seek distances equals the datasheet average. That weighting
 * is the datasheets' own definition of "average seek": every (from, to) cylinder pair counts once,
 * so a distance d occurs (cylinders - d) times. The average lands near seek(cylinders / 3).
 */

/** A fitted seek curve. Times in nanoseconds, distances in cylinders. */
export interface SeekCurve {
  readonly cylinders: number;
  /** Where the square-root regime hands over to the linear one. */
  readonly boundaryCylinders: number;
  /** Seek time for a move of `distanceCylinders` (0 for none). */
  seekNs(distanceCylinders: number): number;
  /** The curve's weighted average over all seek distances (the datasheet definition). */
  readonly averageNs: number;
}

/** The share of (full stroke - track-to-track) an average seek can reach for a fitted curve. */
export const SEEK_AVERAGE_SHARE_RANGE = { min: 0.34, max: 0.52 } as const;

interface Coefficients {
  a: number;
  b: number;
  c: number;
  e: number;
  boundary: number;
}

function coefficients(t1: number, tFull: number, maxDistance: number, boundary: number): Coefficients {
  const root = Math.sqrt(boundary);
  const e = (tFull - t1) / (maxDistance + boundary - 2 * root);
  const b = 2 * e * root;
  return { a: t1 - b, b, c: tFull - e * maxDistance, e, boundary };
}

/** Weighted mean of the curve over distances 1..maxDistance, weight (cylinders - d), in closed form. */
function weightedMean(k: Coefficients, cylinders: number, maxDistance: number): number {
  const C = cylinders;
  const weight = (d: number) => C * d - (d * d) / 2;
  const weightRoot = (d: number) => C * (2 / 3) * d ** 1.5 - (2 / 5) * d ** 2.5;
  const weightLinear = (d: number) => (C * d * d) / 2 - (d * d * d) / 3;
  const x0 = Math.min(Math.max(k.boundary, 1), maxDistance);
  const sqrtPart = k.a * (weight(x0) - weight(1)) + k.b * (weightRoot(x0) - weightRoot(1));
  const linearPart = k.c * (weight(maxDistance) - weight(x0)) + k.e * (weightLinear(maxDistance) - weightLinear(x0));
  return (sqrtPart + linearPart) / (weight(maxDistance) - weight(1));
}

/**
 * Fits the two-regime curve to track-to-track, average and full-stroke seek times (ms) on a
 * drive of `cylinders` cylinders. Throws a RangeError when no curve of this family matches.
 */
export function fitSeekCurve(
  trackToTrackMs: number,
  averageMs: number,
  fullStrokeMs: number,
  cylinders: number,
): SeekCurve {
  const t1 = trackToTrackMs * 1e6;
  const tAverage = averageMs * 1e6;
  const tFull = fullStrokeMs * 1e6;
  const maxDistance = Math.max(2, cylinders - 1);
  if (!(t1 < tAverage && tAverage < tFull)) {
    throw new RangeError(
      `hdd seek: expected trackToTrackSeekMs < averageSeekMs < fullStrokeSeekMs, found ${trackToTrackMs}, ${averageMs}, ${fullStrokeMs}`,
    );
  }
  const meanAt = (boundary: number) =>
    weightedMean(coefficients(t1, tFull, maxDistance, boundary), cylinders, maxDistance);
  // The mean grows as the boundary moves out (more of the curve is concave); bisect on log scale.
  let low = 0;
  let high = Math.log(maxDistance);
  const lowest = meanAt(1);
  const highest = meanAt(maxDistance);
  if (tAverage < lowest || tAverage > highest) {
    throw new RangeError(
      `hdd seek: averageSeekMs ${averageMs} cannot be fitted between track-to-track ${trackToTrackMs} ms and ` +
        `full stroke ${fullStrokeMs} ms; it must lie between ${(lowest / 1e6).toFixed(2)} and ${(highest / 1e6).toFixed(2)} ms`,
    );
  }
  for (let i = 0; i < 200 && high - low > 1e-12; i++) {
    const middle = (low + high) / 2;
    if (meanAt(Math.exp(middle)) < tAverage) low = middle;
    else high = middle;
  }
  const k = coefficients(t1, tFull, maxDistance, Math.exp((low + high) / 2));
  return {
    cylinders,
    boundaryCylinders: k.boundary,
    averageNs: weightedMean(k, cylinders, maxDistance),
    seekNs(distanceCylinders: number): number {
      const d = Math.abs(distanceCylinders);
      if (d === 0) return 0;
      return d < k.boundary ? k.a + k.b * Math.sqrt(d) : k.c + k.e * d;
    },
  };
}

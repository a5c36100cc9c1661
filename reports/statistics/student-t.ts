import { gammaln } from 'simple-statistics';

// Continued-fraction evaluation stops when a step changes the value by less than this.
const CONTINUED_FRACTION_EPSILON = 1e-16;
// Large degrees of freedom need about sqrt(df) terms; 100 000 covers df up to ~1e9.
const CONTINUED_FRACTION_MAX_TERMS = 100_000;
const TINY = 1e-300;

/** Regularized incomplete beta function I_x(a, b) for 0 <= x <= 1 and a, b > 0. */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  return incompleteBeta(x, 1 - x, a, b);
}

/** Cumulative distribution function of Student's t distribution with `degreesOfFreedom` (finite, > 0, may be fractional). */
export function studentTCdf(t: number, degreesOfFreedom: number): number {
  checkDegreesOfFreedom(degreesOfFreedom);
  if (Number.isNaN(t)) return Number.NaN;
  if (t === 0) return 0.5;
  const tail = studentTUpperTail(Math.abs(t), degreesOfFreedom);
  return t > 0 ? 1 - tail : tail;
}

/**
 * Inverse CDF (quantile) of Student's t distribution: the t with P(T <= t) = p.
 * Exact to about 1e-12 relative for 0 < p < 1; p = 0 and p = 1 give -Infinity and +Infinity.
 */
export function studentTQuantile(p: number, degreesOfFreedom: number): number {
  checkDegreesOfFreedom(degreesOfFreedom);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`studentTQuantile: p must be in [0, 1], got ${p}`);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  // Solve in the upper tail, where the tail probability keeps its relative precision.
  const tailProbability = p > 0.5 ? 1 - p : p;
  const t = upperTailInverse(tailProbability, degreesOfFreedom);
  return p > 0.5 ? t : -t;
}

/** P(T > t) for t >= 0: half the regularized incomplete beta at x = df / (df + t^2). */
function studentTUpperTail(t: number, degreesOfFreedom: number): number {
  if (t === Number.POSITIVE_INFINITY) return 0;
  const tSquared = t * t;
  // Pass both x and 1 - x so that neither is formed by a cancelling subtraction.
  const x = degreesOfFreedom / (degreesOfFreedom + tSquared);
  const oneMinusX = tSquared / (degreesOfFreedom + tSquared);
  return 0.5 * incompleteBeta(x, oneMinusX, degreesOfFreedom / 2, 0.5);
}

/** The t >= 0 with P(T > t) = tailProbability (0 < tailProbability < 0.5): safeguarded Newton on a bracket. */
function upperTailInverse(tailProbability: number, degreesOfFreedom: number): number {
  let low = 0;
  let high = 1;
  while (studentTUpperTail(high, degreesOfFreedom) > tailProbability) {
    low = high;
    high *= 2;
    if (!Number.isFinite(high)) return Number.POSITIVE_INFINITY;
  }
  let t = (low + high) / 2;
  for (let iteration = 0; iteration < 400; iteration++) {
    const residual = studentTUpperTail(t, degreesOfFreedom) - tailProbability;
    if (residual === 0) return t;
    // The tail decreases in t: a positive residual means t is too small.
    if (residual > 0) low = t;
    else high = t;
    const newton = t + residual / studentTDensity(t, degreesOfFreedom);
    const next = newton > low && newton < high ? newton : (low + high) / 2;
    if (Math.abs(next - t) <= 1e-15 * Math.max(1, Math.abs(t)) || high - low <= 1e-15 * high) return next;
    t = next;
  }
  return t;
}

/** Probability density of Student's t distribution. */
function studentTDensity(t: number, degreesOfFreedom: number): number {
  const v = degreesOfFreedom;
  const logDensity =
    gammaln((v + 1) / 2) - gammaln(v / 2) - 0.5 * Math.log(v * Math.PI) - ((v + 1) / 2) * Math.log1p((t * t) / v);
  return Math.exp(logDensity);
}

/** I_x(a, b) given x and y = 1 - x computed separately (Numerical Recipes' betai with Lentz's continued fraction). */
function incompleteBeta(x: number, y: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`incomplete beta: a and b must be finite and > 0, got a=${a}, b=${b}`);
  if (Number.isNaN(x) || x < 0 || x > 1) throw new RangeError(`incomplete beta: x must be in [0, 1], got ${x}`);
  if (x === 0) return 0;
  if (y === 0 || x === 1) return 1;
  const logFront = gammaln(a + b) - gammaln(a) - gammaln(b) + a * Math.log(x) + b * Math.log(y);
  const front = Math.exp(logFront);
  // The continued fraction converges fast only for x below the mean; use the symmetry I_x(a,b) = 1 - I_y(b,a) otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(y, b, a)) / b;
}

/** Continued fraction for the incomplete beta function, evaluated by the modified Lentz method. */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= CONTINUED_FRACTION_MAX_TERMS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < CONTINUED_FRACTION_EPSILON) return h;
  }
  throw new Error(`incomplete beta: continued fraction did not converge for x=${x}, a=${a}, b=${b}`);
}

function checkDegreesOfFreedom(degreesOfFreedom: number): void {
  if (!(degreesOfFreedom > 0 && Number.isFinite(degreesOfFreedom))) {
    throw new RangeError(`Student t: degrees of freedom must be finite and > 0, got ${degreesOfFreedom}`);
  }
}

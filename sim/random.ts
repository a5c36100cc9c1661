/**
 * Seeded randomness (design.md section 3): one seed per run, and independent named streams
 * derived from it, so adding a consumer (a new workload, a disk model) never shifts the numbers
 * another consumer draws. Nothing in sim/ may use Math.random.
 */
import seedrandom from 'seedrandom';
import type { UniformSource } from './disk-model.js';

export type Seed = number | string;

/** The run's streams: the same seed and name give the same sequence, whatever the creation order. */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();
  constructor(readonly seed: Seed) {}

  /** The stream for one consumer, created on first use and shared after that. */
  get(name: string): RandomStream {
    let stream = this.streams.get(name);
    if (stream === undefined) {
      stream = new RandomStream(deriveSource(this.seed, name));
      this.streams.set(name, stream);
    }
    return stream;
  }

  /** A fresh stream that restarts the named sequence; for replays and tests. */
  fresh(name: string): RandomStream {
    return new RandomStream(deriveSource(this.seed, name));
  }

  /** Names of the streams handed out so far, sorted; a summary can list what drew randomness. */
  names(): string[] {
    return [...this.streams.keys()].sort();
  }
}

/** xor4096: period 2^4096 - 1, passes BigCrush, as fast as alea; JSON keeps seed and name apart. */
function deriveSource(seed: Seed, name: string): UniformSource {
  return seedrandom.xor4096(JSON.stringify([typeof seed, String(seed), name]));
}

/** One independent sequence with the distributions workloads and models draw from. */
export class RandomStream {
  private spareNormal: number | undefined;
  /** Uniform in [0, 1); a bound function, so it can be handed to models as a UniformSource. */
  readonly next: UniformSource;

  constructor(source: UniformSource) {
    this.next = source;
  }

  /** Uniform in [min, max). */
  uniform(min = 0, max = 1): number {
    return min + (max - min) * this.next();
  }

  /** Integer uniform in [min, max], both ends included; exact for ranges up to 2^53. */
  integer(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) {
      throw new RangeError(`RandomStream.integer: expected integers min <= max, got ${min}, ${max}`);
    }
    const span = max - min + 1;
    // A draw has 32 bits: fine for small ranges, but over 1e8 blocks some would get 2 % more hits
    // than others, so wide ranges take 53 bits from two draws.
    if (span <= 0x10000) return min + Math.floor(this.next() * span);
    return min + Math.floor(this.double() * span);
  }

  /** Uniform in [0, 1) with 53 bits of resolution (two draws). */
  double(): number {
    const high = Math.floor(this.next() * 0x200000);
    return (high * 0x100000000 + Math.floor(this.next() * 0x100000000)) / 2 ** 53;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Exponential with the given mean: inter-arrival times of a Poisson process. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Normal (Gaussian), by the Box-Muller transform; the second value is kept for the next call. */
  normal(mean = 0, standardDeviation = 1): number {
    let z = this.spareNormal;
    if (z !== undefined) {
      this.spareNormal = undefined;
    } else {
      const u1 = 1 - this.next(); // (0, 1]: log stays finite
      const u2 = this.next();
      const radius = Math.sqrt(-2 * Math.log(u1));
      z = radius * Math.cos(2 * Math.PI * u2);
      this.spareNormal = radius * Math.sin(2 * Math.PI * u2);
    }
    return mean + standardDeviation * z;
  }

  /** Lognormal: exp of a normal with parameters mu and sigma (see lognormalParameters). */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** Pareto (type I) with minimum `scale` and tail index `shape`: heavy-tailed sizes and gaps. */
  pareto(scale: number, shape: number): number {
    return scale / Math.pow(1 - this.next(), 1 / shape);
  }

  /** An index in [0, weights.length) with probability proportional to its weight; O(n). */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const weight of weights) total += weight;
    let target = this.next() * total;
    for (let index = 0; index < weights.length; index++) {
      target -= weights[index]!;
      if (target < 0) return index;
    }
    return weights.length - 1;
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('RandomStream.pick: empty array');
    return items[Math.floor(this.next() * items.length)]!;
  }
}

/** Lognormal mu and sigma for a wanted mean and standard deviation (latency models think in those). */
export function lognormalParameters(mean: number, standardDeviation: number): { mu: number; sigma: number } {
  if (!(mean > 0) || !(standardDeviation >= 0)) {
    throw new RangeError(`lognormalParameters: expected mean > 0 and standard deviation >= 0, got ${mean}, ${standardDeviation}`);
  }
  const variance = Math.log(1 + (standardDeviation * standardDeviation) / (mean * mean));
  return { mu: Math.log(mean) - variance / 2, sigma: Math.sqrt(variance) };
}

/**
 * Weighted choice in O(1) per draw (Walker's alias method, Vose's construction), for hot paths
 * such as picking an operation mix per request.
 */
export class WeightedChoice {
  private readonly probability: Float64Array;
  private readonly alias: Uint32Array;

  constructor(weights: readonly number[]) {
    const n = weights.length;
    let total = 0;
    for (const weight of weights) {
      if (!(weight >= 0) || !Number.isFinite(weight)) {
        throw new RangeError(`WeightedChoice: weights must be finite and >= 0, got ${weight}`);
      }
      total += weight;
    }
    if (n === 0 || !(total > 0)) throw new RangeError('WeightedChoice: need at least one positive weight');
    this.probability = new Float64Array(n);
    this.alias = new Uint32Array(n);
    const scaled = weights.map((weight) => (weight * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((value, index) => (value < 1 ? small : large).push(index));
    while (small.length > 0 && large.length > 0) {
      const less = small.pop()!;
      const more = large.pop()!;
      this.probability[less] = scaled[less]!;
      this.alias[less] = more;
      scaled[more] = scaled[more]! + scaled[less]! - 1;
      (scaled[more]! < 1 ? small : large).push(more);
    }
    for (const index of large) this.probability[index] = 1;
    for (const index of small) this.probability[index] = 1; // rounding leftovers
  }

  /** An index drawn with probability proportional to its weight. */
  sample(stream: RandomStream): number {
    const u = stream.next() * this.probability.length;
    const column = Math.floor(u);
    return u - column < this.probability[column]! ? column : this.alias[column]!;
  }
}

/**
 * Zipf over ranks 0..n-1 with P(rank k) proportional to 1 / (k + 1)^theta, the skew YCSB and
 * database benchmarks use (theta 0.99 is YCSB's default). Sampling is exact and O(1) expected per
 * draw by rejection-inversion (Hörmann and Derflinger 1996, as in Apache Commons RNG), with no
 * O(n) zeta sum at set-up, so n = 1e8 or 1e12 costs the same as n = 10. Rank 0 is the hottest;
 * scatter ranks over the address space (a hash) in the workload if hot blocks should not cluster.
 */
export class Zipf {
  private readonly hIntegralX1: number;
  private readonly hIntegralN: number;
  private readonly squeeze: number;

  constructor(
    readonly n: number,
    readonly theta: number,
  ) {
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`Zipf: n must be an integer >= 1, got ${n}`);
    if (!(theta >= 0) || !Number.isFinite(theta)) throw new RangeError(`Zipf: theta must be >= 0, got ${theta}`);
    this.hIntegralX1 = this.hIntegral(1.5) - 1;
    this.hIntegralN = this.hIntegral(n + 0.5);
    this.squeeze = 2 - this.hIntegralInverse(this.hIntegral(2.5) - this.h(2));
  }

  /** A rank in [0, n). */
  sample(stream: RandomStream): number {
    for (;;) {
      const u = this.hIntegralN + stream.next() * (this.hIntegralX1 - this.hIntegralN);
      const x = this.hIntegralInverse(u);
      let k = Math.floor(x + 0.5);
      if (k < 1) k = 1;
      else if (k > this.n) k = this.n;
      if (k - x <= this.squeeze || u >= this.hIntegral(k + 0.5) - this.h(k)) return k - 1;
    }
  }

  private h(x: number): number {
    return Math.exp(-this.theta * Math.log(x));
  }

  private hIntegral(x: number): number {
    const logX = Math.log(x);
    return expm1OverX((1 - this.theta) * logX) * logX;
  }

  private hIntegralInverse(x: number): number {
    let t = x * (1 - this.theta);
    if (t < -1) t = -1; // rounding can push t just past its bound
    return Math.exp(log1pOverX(t) * x);
  }
}

/** log(1 + x) / x, accurate near 0. */
function log1pOverX(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1 / 3 - 0.25 * x));
}

/** (exp(x) - 1) / x, accurate near 0. */
function expm1OverX(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + (x / 3) * (1 + 0.25 * x));
}

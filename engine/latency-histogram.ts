/**
 * A log-linear latency histogram in the HDR style: 128 linear buckets per power of two (under
 * 0.8 % relative error), exact count, sum, min and max. Recording is a few arithmetic operations
 * (hdr-histogram-js measured about 125 ns a value here, too slow for a million requests a
 * second with several figures each). Values are integer nanoseconds; summaries are microseconds.
 */

const SUB_BUCKET_BITS = 7;
const SUB_BUCKETS = 1 << SUB_BUCKET_BITS; // 128
/** Values below this land in a bucket of their own. */
const LINEAR_LIMIT = SUB_BUCKETS * 2; // 256
const MAX_EXPONENT = 63;
const BUCKET_COUNT = (MAX_EXPONENT - SUB_BUCKET_BITS + 1) * SUB_BUCKETS + SUB_BUCKETS;

/** The latency summary shape reports use (summary.json's latency.*), in microseconds. */
export interface LatencySummaryUs {
  count: number;
  mean: number;
  min: number;
  max: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  /** Further percentiles asked for (a scenario's report.percentiles), keyed by the percentile as written: "99.99". */
  percentiles?: Record<string, number>;
}

export class LatencyHistogram {
  private counts = new Float64Array(LINEAR_LIMIT);
  private total = 0;
  private sumNs = 0;
  private smallestNs = Number.POSITIVE_INFINITY;
  private largestNs = 0;

  get count(): number {
    return this.total;
  }

  /** Exact mean in nanoseconds (0 when empty). */
  get meanNs(): number {
    return this.total === 0 ? 0 : this.sumNs / this.total;
  }

  get totalNs(): number {
    return this.sumNs;
  }

  /** Exact smallest value recorded (0 when empty). */
  get minNs(): number {
    return this.total === 0 ? 0 : this.smallestNs;
  }

  /** Exact largest value recorded (0 when empty). */
  get maxNs(): number {
    return this.largestNs;
  }

  /** Records one value in nanoseconds; negative values are bugs. */
  record(valueNs: number): void {
    if (!(valueNs >= 0)) throw new RangeError(`LatencyHistogram: negative or NaN value ${valueNs}`);
    const index = bucketIndex(valueNs);
    if (index >= this.counts.length) this.grow(index);
    this.counts[index]!++;
    this.total++;
    this.sumNs += valueNs;
    if (valueNs < this.smallestNs) this.smallestNs = valueNs;
    if (valueNs > this.largestNs) this.largestNs = valueNs;
  }

  /** Adds another histogram's counts; for totals across devices or runs. */
  merge(other: LatencyHistogram): void {
    if (other.counts.length > this.counts.length) this.grow(other.counts.length - 1);
    for (let index = 0; index < other.counts.length; index++) this.counts[index]! += other.counts[index]!;
    this.total += other.total;
    this.sumNs += other.sumNs;
    this.smallestNs = Math.min(this.smallestNs, other.smallestNs);
    this.largestNs = Math.max(this.largestNs, other.largestNs);
  }

  /** Value in nanoseconds at a percentile in [0, 100]: the middle of its bucket, clamped to min..max. */
  percentileNs(percentile: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((percentile / 100) * this.total));
    let seen = 0;
    for (let index = 0; index < this.counts.length; index++) {
      seen += this.counts[index]!;
      if (seen >= rank) {
        const low = bucketLowNs(index);
        const middle = low + (bucketLowNs(index + 1) - low - 1) / 2;
        return Math.min(this.largestNs, Math.max(this.smallestNs, middle));
      }
    }
    return this.largestNs;
  }

  /**
   * Every non-empty bucket in ascending order as [upper bound in ns, count at or below it]: the
   * histogram's full CDF. The bound is the bucket's largest value, clamped to the largest recorded.
   */
  cumulativeBucketsNs(): [upperNs: number, cumulativeCount: number][] {
    const points: [number, number][] = [];
    let seen = 0;
    for (let index = 0; index < this.counts.length; index++) {
      const count = this.counts[index]!;
      if (count === 0) continue;
      seen += count;
      points.push([Math.min(this.largestNs, bucketLowNs(index + 1) - 1), seen]);
    }
    return points;
  }

  /** Values in microseconds at each percentile of `percentiles`, keyed by the percentile as written ("99.99"). */
  percentilesUs(percentiles: readonly number[]): Record<string, number> {
    return Object.fromEntries(percentiles.map((percentile) => [String(percentile), this.percentileNs(percentile) / 1000]));
  }

  /** The summary reports print, in microseconds. */
  summaryUs(): LatencySummaryUs {
    const us = (ns: number): number => ns / 1000;
    return {
      count: this.total,
      mean: us(this.meanNs),
      min: us(this.minNs),
      max: us(this.maxNs),
      p50: us(this.percentileNs(50)),
      p90: us(this.percentileNs(90)),
      p99: us(this.percentileNs(99)),
      p999: us(this.percentileNs(99.9)),
    };
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.sumNs = 0;
    this.smallestNs = Number.POSITIVE_INFINITY;
    this.largestNs = 0;
  }

  private grow(index: number): void {
    const length = Math.min(BUCKET_COUNT, Math.max(index + 1, this.counts.length * 2));
    const counts = new Float64Array(length);
    counts.set(this.counts);
    this.counts = counts;
  }
}

function bucketIndex(valueNs: number): number {
  if (valueNs < LINEAR_LIMIT) return Math.floor(valueNs);
  if (valueNs < 0x80000000) {
    const exponent = 31 - Math.clz32(valueNs);
    const shift = exponent - SUB_BUCKET_BITS;
    return shift * SUB_BUCKETS + (valueNs >>> shift);
  }
  let exponent = Math.min(MAX_EXPONENT, Math.floor(Math.log2(valueNs)));
  if (valueNs < 2 ** exponent) exponent--; // log2 can round up just below a power of two
  const shift = exponent - SUB_BUCKET_BITS;
  const sub = Math.min(2 * SUB_BUCKETS - 1, Math.floor(valueNs / 2 ** shift));
  return shift * SUB_BUCKETS + sub;
}

function bucketLowNs(index: number): number {
  if (index < LINEAR_LIMIT) return index;
  const shift = Math.floor(index / SUB_BUCKETS) - 1;
  const sub = (index % SUB_BUCKETS) + SUB_BUCKETS;
  return sub * 2 ** shift;
}

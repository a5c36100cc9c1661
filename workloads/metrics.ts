/**
 * Records what applications saw: latency per workload and kind of I/O, a timeline per interval,
 * and for each preserve command the longest I/O in flight across it (not a pause: the method
 * holds nothing; it is the slowest I/O the command found in flight). I/Os that
 * complete during a workload's ramp-up or after the run's end are checked by the oracle but left
 * out of the figures, as fio does.
 */
import { LatencyHistogram, type LatencySummaryUs } from '../sim/latency-histogram.js';
import type { CdfPoints, IoKind, PreserveEvent, WorkloadResult } from './run-result.js';

const KIND_INDEX: Record<IoKind, number> = { read: 0, write: 1, snapshotRead: 2 };
const KINDS: IoKind[] = ['read', 'write', 'snapshotRead'];

/**
 * One interval of the timeline; its p99s are taken when the next interval starts (or at the end).
 * A p99 is null when no I/O of its kind completed in the interval: no latency, never 0.
 */
interface IntervalBucket {
  ios: number;
  bytes: number;
  p99Us: number | null;
  readP99Us: number | null;
  writeP99Us: number | null;
}

/** An interval's p99 of one histogram, or null when it holds nothing. */
function p99OrNull(histogram: LatencyHistogram): number | null {
  return histogram.count === 0 ? null : histogram.percentileNs(99) / 1000;
}

/**
 * Completions arrive in time order, so only the newest interval is still filling: its latencies go
 * to one set of histograms, summarised into the bucket and cleared when the next interval starts
 * (a long run has thousands of intervals; three histograms each would be most of its memory churn).
 */
class IntervalLatencies {
  readonly all = new LatencyHistogram();
  readonly read = new LatencyHistogram();
  readonly write = new LatencyHistogram();

  summariseInto(bucket: IntervalBucket): void {
    bucket.p99Us = p99OrNull(this.all);
    bucket.readP99Us = p99OrNull(this.read);
    bucket.writeP99Us = p99OrNull(this.write);
  }

  clear(): void {
    this.all.reset();
    this.read.reset();
    this.write.reset();
  }
}

interface PreserveRecord extends PreserveEvent {
  atNs: number;
}

export interface WorkloadIdentity {
  name: string;
  profile?: string;
  target: 'live' | 'snapshot';
  /** Completions before this time are ramp-up. */
  countFromNs: number;
}

export class MetricsRecorder {
  private readonly histograms: LatencyHistogram[][];
  private readonly totals = KINDS.map(() => new LatencyHistogram());
  private readonly workloadIos: number[];
  private readonly workloadBytes: number[];
  private readonly errors: Record<string, number>[];
  private readonly intervals: IntervalBucket[] = [];
  private readonly filling = new IntervalLatencies();
  private readonly preserves: PreserveRecord[] = [];
  counts = { total: 0, reads: 0, writes: 0, snapshotReads: 0, bytesRead: 0, bytesWritten: 0 };
  /** All completions, figures or not, failed ones included: drives the ios limit and snapshot triggers. */
  completed = 0;
  /** Percentiles each latency summary adds under `percentiles` (a scenario's report.percentiles); none by default. */
  reportPercentiles: readonly number[] = [];
  /** I/Os that failed with a device fault the run survives, by operation; finalCheck counts unreadable blocks. */
  readonly ioErrors = { read: 0, write: 0, snapshotRead: 0, finalCheck: 0 };

  constructor(
    private readonly workloads: WorkloadIdentity[],
    readonly intervalNs: number,
    /** Completions after this time are outside the run (set when the run stops). */
    public endNs = Number.POSITIVE_INFINITY,
  ) {
    this.histograms = workloads.map(() => KINDS.map(() => new LatencyHistogram()));
    this.workloadIos = workloads.map(() => 0);
    this.workloadBytes = workloads.map(() => 0);
    this.errors = workloads.map(() => ({}));
  }

  /** One completed I/O: latency from arrival (or issue) to completion. */
  record(workload: number, kind: IoKind, startNs: number, endNs: number, bytes: number): void {
    this.completed++;
    const latencyNs = endNs - startNs;
    for (let index = this.preserves.length - 1; index >= 0; index--) {
      const preserve = this.preserves[index]!;
      if (preserve.atNs < startNs) break;
      const longestUs = preserve.longestInFlightIoUs;
      if (preserve.atNs <= endNs && (longestUs === null || latencyNs > longestUs * 1000)) preserve.longestInFlightIoUs = latencyNs / 1000;
    }
    if (endNs < this.workloads[workload]!.countFromNs || endNs > this.endNs) return;
    const kindIndex = KIND_INDEX[kind];
    this.histograms[workload]![kindIndex]!.record(latencyNs);
    this.totals[kindIndex]!.record(latencyNs);
    this.workloadIos[workload]!++;
    this.workloadBytes[workload]! += bytes;
    const counts = this.counts;
    counts.total++;
    if (kind === 'write') {
      counts.writes++;
      counts.bytesWritten += bytes;
    } else {
      counts.reads++;
      counts.bytesRead += bytes;
      if (kind === 'snapshotRead') counts.snapshotReads++;
    }
    const bucket = this.bucket(Math.floor(endNs / this.intervalNs));
    bucket.ios++;
    bucket.bytes += bytes;
    const filling = this.filling;
    filling.all.record(latencyNs);
    if (kind === 'write') filling.write.record(latencyNs);
    else filling.read.record(latencyNs);
  }

  /** An I/O that failed for a reason the workload survives (a snapshot deleted under a backup). */
  error(workload: number, reason: string): void {
    const errors = this.errors[workload]!;
    errors[reason] = (errors[reason] ?? 0) + 1;
  }

  /** An I/O failed with an injected device fault: counted for its operation and workload, and as done. */
  ioError(workload: number, kind: IoKind, reason: string): void {
    this.completed++;
    this.ioErrors[kind]++;
    this.error(workload, reason);
  }

  /** A preserve command was received at atNs with `inFlight` I/Os outstanding. */
  preserve(snapshotId: number, atNs: number, inFlight: number): void {
    this.preserves.push({ snapshotId, atNs, atSeconds: atNs / 1e9, longestInFlightIoUs: null, inFlight });
  }

  latency(kind: IoKind): LatencySummaryUs {
    return this.summary(this.totals[KIND_INDEX[kind]]!);
  }

  private summary(histogram: LatencyHistogram): LatencySummaryUs {
    const summary = histogram.summaryUs();
    return this.reportPercentiles.length === 0 ? summary : { ...summary, percentiles: histogram.percentilesUs(this.reportPercentiles) };
  }

  /** Figures per workload, with CDF points for each kind it did. */
  workloadResults(): WorkloadResult[] {
    return this.workloads.map((identity, index) => {
      const latency: WorkloadResult['latency'] = {};
      const cdf: WorkloadResult['cdf'] = {};
      KINDS.forEach((kind, kindIndex) => {
        const histogram = this.histograms[index]![kindIndex]!;
        if (histogram.count === 0) return;
        latency[kind] = this.summary(histogram);
        cdf[kind] = cdfPoints(histogram);
      });
      return {
        name: identity.name,
        ...(identity.profile ? { profile: identity.profile } : {}),
        target: identity.target,
        ios: this.workloadIos[index]!,
        bytes: this.workloadBytes[index]!,
        errors: this.errors[index]!,
        latency,
        cdf,
      };
    });
  }

  preserveEvents(): PreserveEvent[] {
    return this.preserves.map(({ snapshotId, atSeconds, longestInFlightIoUs, inFlight }) => ({ snapshotId, atSeconds, longestInFlightIoUs, inFlight }));
  }

  /** Per-interval I/O figures for intervals 0..count-1. */
  intervalFigures(count: number): { ios: number; iops: number; throughputMBps: number; p99Us: number | null; readP99Us: number | null; writeP99Us: number | null }[] {
    const seconds = this.intervalNs / 1e9;
    const newest = this.intervals[this.intervals.length - 1];
    if (newest !== undefined) this.filling.summariseInto(newest);
    return Array.from({ length: count }, (_, index) => {
      const bucket = this.intervals[index];
      if (!bucket) return { ios: 0, iops: 0, throughputMBps: 0, p99Us: null, readP99Us: null, writeP99Us: null };
      return {
        ios: bucket.ios,
        iops: bucket.ios / seconds,
        throughputMBps: bucket.bytes / 1e6 / seconds,
        p99Us: bucket.p99Us,
        readP99Us: bucket.readP99Us,
        writeP99Us: bucket.writeP99Us,
      };
    });
  }

  private bucket(index: number): IntervalBucket {
    const intervals = this.intervals;
    if (index === intervals.length - 1) return intervals[index]!;
    if (index < intervals.length) throw new Error(`metrics: a completion in interval ${index} after interval ${intervals.length - 1} began`);
    const newest = intervals[intervals.length - 1];
    if (newest !== undefined) {
      this.filling.summariseInto(newest);
      this.filling.clear();
    }
    // Intervals with no completion have no p99s; the newest is summarised when the next begins.
    for (let fill = intervals.length; fill <= index; fill++) intervals.push({ ios: 0, bytes: 0, p99Us: null, readP99Us: null, writeP99Us: null });
    return intervals[index]!;
  }
}

/**
 * Adjacent buckets whose upper bounds lie within this ratio share one CDF point: 35 points an
 * octave at most (the histogram has 128), a 2 % step no chart can show, and a few hundred points a
 * curve instead of thousands for a wide distribution.
 */
const CDF_POINT_RATIO = 1.02;

/**
 * CDF points of a histogram from all its buckets: [bucket upper bound in µs, fraction at or below].
 * Every non-empty bucket counts; of a run of them within CDF_POINT_RATIO only the last is a point,
 * so each point's fraction is exact. The last point is the largest latency at fraction 1.
 */
export function cdfPoints(histogram: LatencyHistogram): CdfPoints {
  const total = histogram.count;
  const buckets = histogram.cumulativeBucketsNs();
  const points: CdfPoints = [];
  let runStartNs = -1;
  buckets.forEach(([upperNs, cumulative], index) => {
    if (runStartNs < 0) runStartNs = upperNs;
    const next = buckets[index + 1];
    if (next !== undefined && next[0] < runStartNs * CDF_POINT_RATIO) return;
    points.push([upperNs / 1000, cumulative / total]);
    runStartNs = -1;
  });
  return points;
}

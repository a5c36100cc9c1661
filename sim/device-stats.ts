/**
 * Per-device statistics of a SimDevice, kept cheap enough for a million requests a wall-second:
 * running sums, log-linear histograms and time-weighted integrals updated on each change, no
 * per-request records. Times are virtual; the window starts at creation or at reset().
 */
import type { DiskOperation } from './disk-model.js';
import { LatencyHistogram, type LatencySummaryUs } from './latency-histogram.js';

/** Most queue-depth timeline rows kept per device (a run's report uses far fewer). */
const MAX_TIMELINE_ROWS = 1_000_000;

export interface OperationStats {
  /** Completed requests. */
  requests: number;
  /** Nominal bytes moved (what the timing model saw). */
  bytes: number;
  /** Queued to completed. */
  responseTimeUs: LatencySummaryUs;
  meanQueueTimeUs: number;
  meanServiceTimeUs: number;
}

export interface QueueDepthStats {
  /** Time-weighted mean of requests in the device: host queue plus drive (Little's L). */
  meanInDevice: number;
  /** Time-weighted mean of requests the drive holds. */
  meanInDrive: number;
  /** Time-weighted mean of requests waiting in the host scheduler (and flush barriers). */
  meanInHost: number;
  maxInDevice: number;
  /** Mean requests in the device over each interval of the window, when sampling is on. */
  timeline?: { intervalNs: number; meanInDevice: number[] };
}

export interface SimDeviceStats {
  name: string;
  model: string;
  scheduler: string;
  elapsedNs: number;
  /** Time the drive held at least one request. */
  busyNs: number;
  /** busyNs / elapsedNs. */
  utilization: number;
  requests: number;
  bytes: number;
  /** Completed requests per virtual second. */
  iops: number;
  /** Nominal megabytes (1e6 bytes) per virtual second. */
  throughputMBps: number;
  operations: Record<DiskOperation, OperationStats>;
  /** Queued to dispatched into the drive (host scheduler wait, flush barriers). */
  queueTimeUs: LatencySummaryUs;
  /** Dispatched to completed (the drive's time). */
  serviceTimeUs: LatencySummaryUs;
  responseTimeUs: LatencySummaryUs;
  queueDepth: QueueDepthStats;
  /** Payload memory the sparse store has allocated. */
  payloadBytesAllocated: number;
  /** The disk model's own figures, passed through. */
  figures: Record<string, number>;
}

class OperationCounters {
  requests = 0;
  bytes = 0;
  queueSumNs = 0;
  serviceSumNs = 0;
  readonly response = new LatencyHistogram();

  summary(): OperationStats {
    const perRequestUs = (sumNs: number): number => (this.requests === 0 ? 0 : sumNs / this.requests / 1000);
    return {
      requests: this.requests,
      bytes: this.bytes,
      responseTimeUs: this.response.summaryUs(),
      meanQueueTimeUs: perRequestUs(this.queueSumNs),
      meanServiceTimeUs: perRequestUs(this.serviceSumNs),
    };
  }
}

/** The timing facts SimDevice reports, as it reports them. */
export class DeviceStatistics {
  private startNs: number;
  private operations!: Record<DiskOperation, OperationCounters>;
  private queueTime!: LatencyHistogram;
  private serviceTime!: LatencyHistogram;
  private busyNs = 0;
  private busySinceNs = 0;
  private inDevice = 0;
  private inDrive = 0;
  private maxInDevice = 0;
  private lastChangeNs: number;
  private deviceAreaNs = 0;
  private driveAreaNs = 0;
  private timelineIntervalNs = 0;
  private timeline: number[] = [];
  private timelineCursorNs = 0;
  private timelineEndNs = 0;
  private timelineAreaNs = 0;

  constructor(nowNs: number, timelineIntervalNs = 0) {
    this.startNs = nowNs;
    this.lastChangeNs = nowNs;
    this.clearCounters();
    if (timelineIntervalNs > 0) this.sampleQueueDepth(timelineIntervalNs, nowNs);
  }

  /** A request entered the device (host queue). */
  queued(nowNs: number): void {
    this.accrue(nowNs);
    this.inDevice++;
    if (this.inDevice > this.maxInDevice) this.maxInDevice = this.inDevice;
  }

  /** A request went into the drive after waiting queueNs. */
  dispatched(queueNs: number, nowNs: number): void {
    this.accrue(nowNs);
    if (this.inDrive === 0) this.busySinceNs = nowNs;
    this.inDrive++;
    this.queueTime.record(queueNs);
  }

  /** A request completed. */
  completed(operation: DiskOperation, sizeBytes: number, queueNs: number, serviceNs: number, nowNs: number): void {
    this.accrue(nowNs);
    this.inDevice--;
    this.inDrive--;
    if (this.inDrive === 0) this.busyNs += nowNs - this.busySinceNs;
    this.serviceTime.record(serviceNs);
    const counters = this.operations[operation];
    counters.requests++;
    counters.bytes += sizeBytes;
    counters.queueSumNs += queueNs;
    counters.serviceSumNs += serviceNs;
    counters.response.record(queueNs + serviceNs);
  }

  /** Starts (or restarts) the queue depth timeline: the mean depth over each intervalNs. */
  sampleQueueDepth(intervalNs: number, nowNs: number): void {
    if (!Number.isSafeInteger(intervalNs) || intervalNs < 1) {
      throw new RangeError(`sampleQueueDepth: interval must be a positive integer of ns, got ${intervalNs}`);
    }
    this.accrue(nowNs);
    this.timelineIntervalNs = intervalNs;
    this.timeline = [];
    this.timelineCursorNs = nowNs;
    this.timelineEndNs = nowNs + intervalNs;
    this.timelineAreaNs = 0;
  }

  /** Starts a new window (after warm-up); requests in flight stay counted in the depths. */
  reset(nowNs: number): void {
    this.accrue(nowNs);
    this.startNs = nowNs;
    this.busyNs = 0;
    this.busySinceNs = nowNs;
    this.deviceAreaNs = 0;
    this.driveAreaNs = 0;
    this.maxInDevice = this.inDevice;
    this.clearCounters();
    if (this.timelineIntervalNs > 0) this.sampleQueueDepth(this.timelineIntervalNs, nowNs);
  }

  /** Busy time of the window up to nowNs: what a timeline samples, without building a snapshot. */
  busyNsAt(nowNs: number): number {
    // Accrued here as snapshot() does, so sampling leaves the depth areas as they were.
    this.accrue(nowNs);
    return this.busyNs + (this.inDrive > 0 ? nowNs - this.busySinceNs : 0);
  }

  /** The snapshot; identity fields and the model's figures come from the device. */
  snapshot(
    nowNs: number,
    identity: { name: string; model: string; scheduler: string; payloadBytesAllocated: number; figures: Record<string, number> },
  ): SimDeviceStats {
    const busyNs = this.busyNsAt(nowNs);
    const elapsedNs = nowNs - this.startNs;
    const perElapsed = (area: number): number => (elapsedNs === 0 ? 0 : area / elapsedNs);
    const response = new LatencyHistogram();
    let requests = 0;
    let bytes = 0;
    for (const counters of Object.values(this.operations)) {
      response.merge(counters.response);
      requests += counters.requests;
      bytes += counters.bytes;
    }
    const seconds = elapsedNs / 1e9;
    const queueDepth: QueueDepthStats = {
      meanInDevice: perElapsed(this.deviceAreaNs),
      meanInDrive: perElapsed(this.driveAreaNs),
      meanInHost: perElapsed(this.deviceAreaNs - this.driveAreaNs),
      maxInDevice: this.maxInDevice,
    };
    if (this.timelineIntervalNs > 0) {
      queueDepth.timeline = { intervalNs: this.timelineIntervalNs, meanInDevice: [...this.timeline] };
    }
    return {
      name: identity.name,
      model: identity.model,
      scheduler: identity.scheduler,
      elapsedNs,
      busyNs,
      utilization: perElapsed(busyNs),
      requests,
      bytes,
      iops: seconds === 0 ? 0 : requests / seconds,
      throughputMBps: seconds === 0 ? 0 : bytes / 1e6 / seconds,
      operations: {
        read: this.operations.read.summary(),
        write: this.operations.write.summary(),
        flush: this.operations.flush.summary(),
      },
      queueTimeUs: this.queueTime.summaryUs(),
      serviceTimeUs: this.serviceTime.summaryUs(),
      responseTimeUs: response.summaryUs(),
      queueDepth,
      payloadBytesAllocated: identity.payloadBytesAllocated,
      figures: identity.figures,
    };
  }

  private clearCounters(): void {
    this.operations = { read: new OperationCounters(), write: new OperationCounters(), flush: new OperationCounters() };
    this.queueTime = new LatencyHistogram();
    this.serviceTime = new LatencyHistogram();
  }

  private accrue(nowNs: number): void {
    const elapsed = nowNs - this.lastChangeNs;
    if (elapsed === 0) return;
    this.deviceAreaNs += this.inDevice * elapsed;
    this.driveAreaNs += this.inDrive * elapsed;
    this.lastChangeNs = nowNs;
    if (this.timelineIntervalNs > 0) this.accrueTimeline(nowNs);
  }

  /** Closes every timeline interval that ended by nowNs; depth was constant since the cursor. */
  private accrueTimeline(nowNs: number): void {
    const depth = this.inDevice;
    let cursor = this.timelineCursorNs;
    while (nowNs >= this.timelineEndNs) {
      if (this.timeline.length >= MAX_TIMELINE_ROWS) {
        // A clock that jumps far ahead (a drain waiting on a far-off event) would otherwise push
        // one row per interval until memory runs out: past the cap, intervals are skipped.
        const skipped = Math.floor((nowNs - this.timelineEndNs) / this.timelineIntervalNs) + 1;
        this.timelineEndNs += skipped * this.timelineIntervalNs;
        cursor = this.timelineEndNs - this.timelineIntervalNs;
        this.timelineAreaNs = 0;
        break;
      }
      this.timelineAreaNs += depth * (this.timelineEndNs - cursor);
      this.timeline.push(this.timelineAreaNs / this.timelineIntervalNs);
      cursor = this.timelineEndNs;
      this.timelineEndNs += this.timelineIntervalNs;
      this.timelineAreaNs = 0;
    }
    this.timelineAreaNs += depth * (nowNs - cursor);
    this.timelineCursorNs = nowNs;
  }
}

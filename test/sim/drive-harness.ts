/**
 * A tiny synchronous driver for a DiskModel, so model tests need no kernel: a closed loop that
 * keeps a fixed number of requests outstanding at the host, hands them to the drive in FIFO order
 * while the drive has room (as SimDevice does), and jumps virtual time to each completion.
 * Offsets and sizes come from a seeded PRNG written here (mulberry32), never Math.random.
 */
import type { DiskModel, DiskOperation, DiskRequest } from '../../sim/disk-model.js';

/** A seeded uniform [0, 1) source (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface HarnessRequest {
  readonly operation: DiskOperation;
  readonly offsetBytes: number;
  readonly sizeBytes: number;
}

export interface ClosedLoopOptions {
  /** Requests outstanding at the host (queued at the host plus held by the drive). */
  readonly hostQueueDepth: number;
  /** How many requests to complete. */
  readonly count: number;
  /** The index-th request of the phase. */
  readonly next: (index: number) => HarnessRequest;
}

export interface PhaseResult {
  readonly completed: number;
  readonly startNs: number;
  readonly endNs: number;
  readonly bytes: number;
  /** Host-queued to completion, per request, in completion order. */
  readonly latenciesNs: Float64Array;
  readonly iops: number;
  /** MB = 10^6 bytes. */
  readonly throughputMBps: number;
  /** Latency percentile (0..100) in microseconds, nearest rank. */
  percentileUs(p: number): number;
  meanUs(): number;
}

/** Drives one model through successive phases; virtual time and request ids carry over. */
export class DriveHarness {
  nowNs = 0;
  private nextId = 1;

  constructor(readonly model: DiskModel) {}

  /** Runs a closed loop at a fixed host queue depth until `count` requests complete. */
  run(options: ClosedLoopOptions): PhaseResult {
    const { model } = this;
    const startNs = this.nowNs;
    const hostQueue: DiskRequest[] = [];
    const latencies = new Float64Array(options.count);
    let issued = 0;
    let completed = 0;
    let bytes = 0;
    const issue = () => {
      const r = options.next(issued++);
      hostQueue.push({ id: this.nextId++, ...r, queuedAtNs: this.nowNs });
    };
    const dispatch = () => {
      while (hostQueue.length > 0 && model.outstanding() < model.queueDepth) {
        model.submit(hostQueue.shift()!, this.nowNs);
      }
    };
    while (issued < Math.min(options.hostQueueDepth, options.count)) issue();
    dispatch();
    while (completed < options.count) {
      const at = model.nextCompletionNs();
      if (at === undefined) throw new Error('harness: requests outstanding but the drive holds none');
      if (at < this.nowNs) throw new Error(`harness: completion at ${at} before now ${this.nowNs}`);
      this.nowNs = at;
      const done = model.complete(at);
      latencies[completed++] = at - done.queuedAtNs;
      bytes += done.sizeBytes;
      if (issued < options.count) issue();
      dispatch();
    }
    const endNs = this.nowNs;
    const seconds = (endNs - startNs) / 1e9;
    const sorted = Float64Array.from(latencies).sort();
    return {
      completed,
      startNs,
      endNs,
      bytes,
      latenciesNs: latencies,
      iops: completed / seconds,
      throughputMBps: bytes / 1e6 / seconds,
      percentileUs(p: number): number {
        const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
        return sorted[rank]! / 1000;
      },
      meanUs(): number {
        let sum = 0;
        for (const v of latencies) sum += v;
        return sum / latencies.length / 1000;
      },
    };
  }

  /** Issues one flush and waits for it. */
  flush(): number {
    return this.run({ hostQueueDepth: 1, count: 1, next: () => ({ operation: 'flush', offsetBytes: 0, sizeBytes: 0 }) })
      .endNs;
  }
}

/** Uniformly random aligned offsets of `sizeBytes` inside [0, spanBytes). */
export function randomAligned(
  random: () => number,
  operation: DiskOperation,
  sizeBytes: number,
  spanBytes: number,
): (index: number) => HarnessRequest {
  const slots = Math.floor(spanBytes / sizeBytes);
  return () => ({ operation, offsetBytes: Math.floor(random() * slots) * sizeBytes, sizeBytes });
}

/** Sequential requests of `sizeBytes` from `startBytes`, wrapping at spanBytes. */
export function sequential(
  operation: DiskOperation,
  sizeBytes: number,
  spanBytes: number,
  startBytes = 0,
): (index: number) => HarnessRequest {
  return (index) => ({ operation, offsetBytes: (startBytes + index * sizeBytes) % spanBytes, sizeBytes });
}

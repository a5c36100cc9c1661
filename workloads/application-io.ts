/**
 * The application side of the volume: every workload's I/O passes here. It keeps the
 * one-write-per-block discipline (BlockGuard), stamps written blocks with self-describing
 * payloads, tells the oracle what was received and checks reads as they return, and records
 * latency from arrival to completion.
 */
import type { Volume } from '../engine/volume.js';
import type { Kernel } from '../sim/kernel.js';
import type { BlockGuard } from './block-guard.js';
import type { MetricsRecorder } from './metrics.js';
import type { Oracle } from './oracle.js';
import { encodeWrite } from './payload.js';
import type { RunObserver } from './run-observer.js';

export class ApplicationIo {
  /** I/Os issued and not yet complete, all workloads. */
  inFlight = 0;
  private writesWithoutOracle = 0;
  private readonly writerSequences: number[];

  constructor(
    private readonly kernel: Kernel,
    private readonly volume: Volume,
    private readonly guard: BlockGuard,
    private readonly oracle: Oracle | undefined,
    private readonly metrics: MetricsRecorder,
    private readonly payloadBytes: number,
    /** Nominal bytes per block, for throughput. */
    private readonly blockSizeBytes: number,
    workloadCount: number,
    /** Called after every completion (snapshot triggers, the ios limit). */
    private readonly onComplete: (workload: number) => void,
    private readonly observer?: RunObserver,
  ) {
    this.writerSequences = new Array<number>(workloadCount).fill(0);
  }

  /** Writes `count` blocks of the live view; `arrivedAtNs` is when the application asked (open loop). */
  async write(workload: number, job: number, block: number, count: number, arrivedAtNs = this.kernel.nowNs()): Promise<void> {
    this.inFlight++;
    const held = this.guard.claim(block, count);
    if (held !== undefined) await held;
    const writerSequence = ++this.writerSequences[workload]!;
    const writeId = this.oracle ? this.oracle.receiveWrite(block, count, workload, job, writerSequence) : ++this.writesWithoutOracle;
    this.guard.begin(block, count, writeId);
    const data = encodeWrite(this.payloadBytes, block, count, { writeId, writer: workload, job, writerSequence });
    const observer = this.observer;
    observer?.writeReceived?.(writeId, block, count);
    try {
      await this.volume.write(block, data);
      observer?.writeSettled?.(writeId, true);
    } catch (error) {
      observer?.writeSettled?.(writeId, false);
      throw error;
    } finally {
      this.guard.end(block, count);
      this.inFlight--;
    }
    this.metrics.record(workload, 'write', arrivedAtNs, this.kernel.nowNs(), count * this.blockSizeBytes);
    this.onComplete(workload);
  }

  /** Reads `count` blocks of the live view. */
  async read(workload: number, block: number, count: number, arrivedAtNs = this.kernel.nowNs()): Promise<void> {
    this.inFlight++;
    const check = this.oracle?.beginRead('live', block, count);
    let bytes: Uint8Array;
    try {
      bytes = await this.volume.readLive(block, count);
    } finally {
      this.inFlight--;
    }
    const nowNs = this.kernel.nowNs();
    if (check) this.oracle!.endRead(check, bytes, `read at ${(nowNs / 1e9).toFixed(6)} s`);
    this.metrics.record(workload, 'read', arrivedAtNs, nowNs, count * this.blockSizeBytes);
    this.onComplete(workload);
  }

  /** Reads `count` blocks of a snapshot view; rejects with SnapshotUnavailableError if it is gone. */
  async snapshotRead(workload: number, snapshotId: number, block: number, count: number, arrivedAtNs = this.kernel.nowNs()): Promise<void> {
    this.inFlight++;
    const check = this.oracle?.beginRead(snapshotId, block, count);
    let bytes: Uint8Array;
    try {
      bytes = await this.volume.readSnapshot(snapshotId, block, count);
    } finally {
      this.inFlight--;
    }
    const nowNs = this.kernel.nowNs();
    if (check) this.oracle!.endRead(check, bytes, `snapshot read at ${(nowNs / 1e9).toFixed(6)} s`);
    this.metrics.record(workload, 'snapshotRead', arrivedAtNs, nowNs, count * this.blockSizeBytes);
    this.onComplete(workload);
  }
}

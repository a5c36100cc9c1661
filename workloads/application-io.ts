/**
 * The application side of the volume: every workload's I/O passes here. It keeps the
 * one-write-per-block discipline (BlockGuard), stamps written blocks with self-describing
 * payloads, tells the oracle what was received and checks reads as they return, and records
 * latency from arrival to completion. In a run with faults, an I/O that fails with a device fault
 * is counted as an I/O error of its operation and the workload goes on; any other failure is a
 * bug and ends the run.
 */
import { sameBytes } from '../engine/bytes.js';
import { SnapshotUnavailableError } from '../engine/errors.js';
import type { SnapshotStrategy } from '../engine/snapshot-strategy.js';
import { faultReason, isFaultError } from '../sim/faults/media-error.js';
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
    private readonly volume: SnapshotStrategy,
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
    /** The scenario injects faults: device faults are counted, not fatal. */
    private readonly survivesFaults = false,
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
    observer?.writeReceived?.(writeId, block, count, workload, writerSequence);
    let failure: unknown;
    try {
      await this.volume.write(block, data);
      observer?.writeSettled?.(writeId, true);
    } catch (error) {
      observer?.writeSettled?.(writeId, false);
      if (!this.survives(error)) throw error;
      // Old or new data, per block: undefined until the next write to it succeeds.
      this.oracle?.writeFailed(writeId);
      failure = error;
    } finally {
      this.guard.end(block, count);
      this.inFlight--;
    }
    if (failure !== undefined) return this.failed(workload, 'write', failure);
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
    } catch (error) {
      if (!this.survives(error)) throw error;
      return this.failed(workload, 'read', error);
    } finally {
      this.inFlight--;
    }
    const nowNs = this.kernel.nowNs();
    if (check) this.oracle!.endRead(check, bytes, nowNs);
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
    } catch (error) {
      // A snapshot gone (deleted, invalid) is the workload's to handle: a backup starts over.
      if (error instanceof SnapshotUnavailableError || !this.survives(error)) throw error;
      // The engine refused to return data it could not trust: a detected fault, not a mismatch.
      return this.failed(workload, 'snapshotRead', error);
    } finally {
      this.inFlight--;
    }
    const nowNs = this.kernel.nowNs();
    if (check) this.oracle!.endRead(check, bytes, nowNs);
    this.metrics.record(workload, 'snapshotRead', arrivedAtNs, nowNs, count * this.blockSizeBytes);
    this.onComplete(workload);
  }

  /**
   * The final check of `count` blocks of a view against the oracle. With faults, a run of blocks
   * that cannot be read is checked block by block, and each unreadable block is counted. Returns
   * the bytes read when the view read whole and every block held its expected value.
   *
   * `live` is the live view's bytes of the same blocks, already checked: a snapshot view whose
   * blocks were not written since its command must hold the same bytes, so it is checked by
   * comparison with them (the oracle's sameAsLive), and block by block only if they differ.
   */
  async checkRange(view: number | 'live', block: number, count: number, live?: Uint8Array): Promise<Uint8Array | undefined> {
    const oracle = this.oracle!;
    let bytes: Uint8Array | undefined;
    try {
      bytes = await this.readView(view, block, count);
    } catch (error) {
      if (!this.survives(error)) throw error;
    }
    if (bytes !== undefined) {
      if (live !== undefined && view !== 'live' && oracle.sameAsLive(view, block, count) && sameBytes(bytes, live)) {
        oracle.countChecked(count);
        return bytes;
      }
      return oracle.checkRange(view, block, bytes) ? bytes : undefined;
    }
    for (let index = 0; index < count; index++) {
      try {
        oracle.checkRange(view, block + index, await this.readView(view, block + index, 1));
      } catch (error) {
        if (!this.survives(error)) throw error;
        this.metrics.ioErrors.finalCheck++;
      }
    }
    return undefined;
  }

  private readView(view: number | 'live', block: number, count: number): Promise<Uint8Array> {
    return view === 'live' ? this.volume.readLive(block, count) : this.volume.readSnapshot(view, block, count);
  }

  private survives(error: unknown): boolean {
    return this.survivesFaults && isFaultError(error);
  }

  private failed(workload: number, kind: 'read' | 'write' | 'snapshotRead', error: unknown): void {
    this.metrics.ioError(workload, kind, faultReason(error));
    this.onComplete(workload);
  }
}


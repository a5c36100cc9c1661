/**
 * What one arm of a comparison needs of every application write: which write it is in every arm
 * (workload and writer sequence: common random numbers), when the volume received it and when it
 * settled; and every preserve command with the writes received after it. Records are columns of
 * typed arrays that double when full, so a run of millions of writes costs tens of bytes a write.
 */
import type { PreserveCommand, SnapshotStrategy } from '../../engine/snapshot-strategy.js';
import type { Kernel } from '../../sim/kernel.js';
import type { RunObserver } from '../../workloads/run-observer.js';

/** One preserve command as an arm saw it. */
export interface CommandRecord {
  readonly snapshotId: number;
  /** When the volume received the command (virtual ns). */
  readonly atNs: number;
  /** Index of the first write received after the command (writes before it number fewer). */
  readonly firstWrite: number;
  /** When the strategy reported the snapshot taken (its preserve command settled); undefined if it never did. */
  readonly takenNs: number | undefined;
}

/** The writes and commands of one run, in the order the volume received them. */
export interface WriteRecords {
  /** Writes received. */
  readonly count: number;
  /** Per write: its workload's index in the scenario. */
  readonly workload: Int32Array;
  /** Per write: its 1-based number among its workload's writes. */
  readonly sequence: Float64Array;
  readonly receivedNs: Float64Array;
  /** NaN for a write that failed or never settled. */
  readonly settledNs: Float64Array;
  readonly commands: readonly CommandRecord[];
}

const FIRST_CAPACITY = 1024;

function grown<T extends Int32Array | Float64Array>(array: T, make: (length: number) => T, fill?: number): T {
  const next = make(array.length * 2);
  if (fill !== undefined) next.fill(fill, array.length);
  next.set(array);
  return next;
}

/** A RunObserver that records every write and preserve command of one run; `records()` once the run is over. */
export class WriteRecorder implements RunObserver {
  private kernel: Kernel | undefined;
  private count = 0;
  private workload = new Int32Array(FIRST_CAPACITY);
  private sequence = new Float64Array(FIRST_CAPACITY);
  private receivedNs = new Float64Array(FIRST_CAPACITY);
  private settledNs = new Float64Array(FIRST_CAPACITY).fill(Number.NaN);
  /** Record index by write id (write ids count up from 0 or 1 in receive order); -1 when unknown. */
  private indexOfWrite = new Int32Array(FIRST_CAPACITY).fill(-1);
  private readonly commands: { snapshotId: number; atNs: number; firstWrite: number }[] = [];
  private readonly takenNs = new Map<number, number>();

  started(run: { kernel: Kernel; volume: SnapshotStrategy }): void {
    this.kernel = run.kernel;
    watchCommands(run.volume, (id) => this.takenNs.set(id, this.nowNs()));
  }

  writeReceived(writeId: number, _block: number, _count: number, workload: number, writerSequence: number): void {
    if (this.count === this.workload.length) {
      this.workload = grown(this.workload, (length) => new Int32Array(length));
      this.sequence = grown(this.sequence, (length) => new Float64Array(length));
      this.receivedNs = grown(this.receivedNs, (length) => new Float64Array(length));
      this.settledNs = grown(this.settledNs, (length) => new Float64Array(length), Number.NaN);
    }
    while (writeId >= this.indexOfWrite.length) this.indexOfWrite = grown(this.indexOfWrite, (length) => new Int32Array(length), -1);
    const index = this.count++;
    this.workload[index] = workload;
    this.sequence[index] = writerSequence;
    this.receivedNs[index] = this.nowNs();
    this.indexOfWrite[writeId] = index;
  }

  writeSettled(writeId: number, ok: boolean): void {
    const index = this.indexOfWrite[writeId] ?? -1;
    if (index < 0) throw new Error(`bug: write ${writeId} settled without being received`);
    if (ok) this.settledNs[index] = this.nowNs();
  }

  preserved(snapshotId: number): void {
    this.commands.push({ snapshotId, atNs: this.nowNs(), firstWrite: this.count });
  }

  /** The records of the run (views of the recorder's arrays). */
  records(): WriteRecords {
    const count = this.count;
    return {
      count,
      workload: this.workload.subarray(0, count),
      sequence: this.sequence.subarray(0, count),
      receivedNs: this.receivedNs.subarray(0, count),
      settledNs: this.settledNs.subarray(0, count),
      commands: this.commands.map((command) => ({ ...command, takenNs: this.takenNs.get(command.snapshotId) })),
    };
  }

  private nowNs(): number {
    if (this.kernel === undefined) throw new Error('bug: WriteRecorder used before the run started');
    return this.kernel.nowNs();
  }
}

/**
 * Calls `taken(id)` when each preserve command's snapshot is taken. The run observer sees a
 * command when it is given but not when its strategy has taken the snapshot (quiesce holds new
 * writes until then), so the strategy's `command` is wrapped on this one instance. The added
 * reaction only reads the clock: the simulation runs exactly as it would without it.
 */
export function watchCommands(volume: SnapshotStrategy, taken: (id: number) => void): void {
  const command = volume.command.bind(volume);
  volume.command = (image): PreserveCommand => {
    const given = command(image);
    given.done.then(
      () => taken(given.id),
      () => undefined,
    );
    return given;
  };
}

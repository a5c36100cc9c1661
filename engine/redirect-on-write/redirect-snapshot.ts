import type { SnapshotInfo, SnapshotState } from '../snapshot.js';

const noUnits = new Int32Array(0);

/**
 * One redirect-on-write snapshot: its copy of the live map as of the preserve command and its
 * state. It holds a reference on every unit its map names until it is invalidated (at once) or
 * deleted (once its reads in flight have finished).
 */
export class RedirectSnapshot {
  state: SnapshotState = 'valid';
  reason = '';
  /** Redirects that filled a new unit from one this snapshot keeps. */
  cowCopies = 0;
  /** Writes received before the command that were written to a unit of this snapshot's, apart from live's. */
  dualWrites = 0;
  /** Logical units whose entry differs from the live map's: units only the snapshots keep. */
  diverged = 0;
  /** Snapshot-view reads under way. */
  private readers = 0;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    readonly id: number,
    readonly preserveSequence: number,
    readonly createdAtNs: number,
    /** Logical unit -> physical unit; empty once the references are released. */
    public map: Int32Array,
  ) {}

  /** True while the map's references are counted. */
  get holdsReferences(): boolean {
    return this.map !== noUnits;
  }

  /** Forgets the map once its references have been dropped. */
  forgetMap(): void {
    this.map = noUnits;
  }

  beginRead(): void {
    this.readers++;
  }

  endRead(): void {
    if (--this.readers === 0) for (const wake of this.idleWaiters.splice(0)) wake();
  }

  /** Resolves once no read of this view is under way. */
  idle(): Promise<void> {
    if (this.readers === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  info(storeChunksCapacity: number): SnapshotInfo {
    return {
      id: this.id,
      state: this.state,
      reason: this.reason,
      preserveSequence: this.preserveSequence,
      createdAtNs: this.createdAtNs,
      cowCopies: this.cowCopies,
      dualWrites: this.dualWrites,
      storeChunksUsed: this.holdsReferences ? this.diverged : 0,
      storeChunksCapacity,
    };
  }
}

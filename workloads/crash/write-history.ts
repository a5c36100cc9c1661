/**
 * What the application saw in one run, placed in the operation log's boundary space: each write
 * (received, acknowledged), each `volume.flush()` (started, completed) and each preserve command.
 * Positions are log boundary counts at the moment (a cut at or after a position is later than
 * it); `order` numbers every application event in the order it happened, so "acknowledged before
 * the flush started" is exact even when no device boundary lies between the two.
 */

export interface HistoryWrite {
  readonly id: number;
  readonly block: number;
  readonly count: number;
  /** Log position when the volume received the write. */
  readonly receivedAt: number;
  /** Application event order of the acknowledgement; Infinity until (unless) acknowledged. */
  ackOrder: number;
  failed: boolean;
}

export interface HistoryFlush {
  /** Application event order of the call. */
  readonly startOrder: number;
  readonly startedAt: number;
  /** Log position when it resolved; -1 until then (or if it failed). */
  completedAt: number;
}

export interface HistorySnapshot {
  readonly id: number;
  /** Writes with an id below this belong to the snapshot view. */
  readonly nextWriteId: number;
  /** Log position of the delete command; -1 if never deleted. */
  deletedAt: number;
}

export class WriteHistory {
  private readonly writes: (HistoryWrite | undefined)[] = [];
  /** Per block: the ids of the writes to it, ascending (receive order is id order). */
  private readonly byBlock = new Map<number, number[]>();
  readonly flushes: HistoryFlush[] = [];
  readonly snapshots = new Map<number, HistorySnapshot>();
  private order = 0;

  /** `position` tells the log's current boundary count. */
  constructor(private readonly position: () => number) {}

  /** A write was received: the volume is about to take it. */
  received(id: number, block: number, count: number): void {
    this.writes[id] = { id, block, count, receivedAt: this.position(), ackOrder: Infinity, failed: false };
    this.order++;
    for (let index = 0; index < count; index++) {
      const target = block + index;
      let ids = this.byBlock.get(target);
      if (ids === undefined) this.byBlock.set(target, (ids = []));
      const last = ids.at(-1);
      if (last !== undefined && last >= id) throw new Error(`write history: write ${id} to block ${target} received after write ${last}`);
      ids.push(id);
    }
  }

  /** The write completed (acknowledged) or failed. */
  settled(id: number, ok: boolean): void {
    const write = this.write(id);
    if (ok) write.ackOrder = this.order++;
    else write.failed = true;
  }

  /** A `volume.flush()` call starts; pass the result to flushCompleted. */
  flushStarted(): HistoryFlush {
    const flush: HistoryFlush = { startOrder: this.order++, startedAt: this.position(), completedAt: -1 };
    this.flushes.push(flush);
    return flush;
  }

  flushCompleted(flush: HistoryFlush): void {
    flush.completedAt = this.position();
    this.order++;
  }

  preserved(id: number, nextWriteId: number): void {
    this.snapshots.set(id, { id, nextWriteId, deletedAt: -1 });
    this.order++;
  }

  deleted(id: number): void {
    const snapshot = this.snapshots.get(id);
    if (snapshot !== undefined) snapshot.deletedAt = this.position();
    this.order++;
  }

  write(id: number): HistoryWrite {
    const write = this.writes[id];
    if (write === undefined) throw new Error(`write history: no write ${id}`);
    return write;
  }

  /** The ids of the writes to `block`, ascending. */
  writesTo(block: number): readonly number[] {
    return this.byBlock.get(block) ?? noWrites;
  }

  /** Blocks written at least once. */
  writtenBlocks(): IterableIterator<number> {
    return this.byBlock.keys();
  }

  /**
   * The start order of the latest `volume.flush()` that completed before `cut`: writes
   * acknowledged before it are acknowledged and flushed. -Infinity when none did.
   */
  flushedBefore(cut: number): number {
    let startOrder = -Infinity;
    for (const flush of this.flushes) if (flush.completedAt >= 0 && flush.completedAt <= cut) startOrder = Math.max(startOrder, flush.startOrder);
    return startOrder;
  }
}

const noWrites: readonly number[] = [];

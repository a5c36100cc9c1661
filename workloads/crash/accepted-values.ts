/**
 * What a block may hold after a crash, per view, from the write history alone:
 * - the floor D: the last write to the block acknowledged before the start of a
 *   `volume.flush()` that completed before the cut (for a snapshot view, among the writes
 *   received before its preserve command); the initial zeros (write id 0) if none;
 * - accepted: D, or any later write to the block received before the cut (for a snapshot view,
 *   only those received before its command).
 * Writes to one block take effect in write-id order, so nothing older than D may show (that would
 * be a lost acknowledged and flushed write), and nothing not yet received can.
 */
import type { WriteHistory } from './write-history.js';

/** The accepted write ids of one block, floor first (0 is the initial content). */
export function acceptedWrites(
  history: WriteHistory,
  block: number,
  cut: number,
  /** history.flushedBefore(cut), computed once per cut. */
  flushedOrder: number,
  /** Only writes with an id below this count (a snapshot view's nextWriteId). */
  belowWriteId = Infinity,
): number[] {
  const ids = history.writesTo(block);
  let floor = 0;
  let floorIndex = -1;
  for (let index = 0; index < ids.length; index++) {
    const id = ids[index]!;
    if (id >= belowWriteId) break;
    if (history.write(id).ackOrder < flushedOrder) {
      floor = id;
      floorIndex = index;
    }
  }
  const accepted = [floor];
  for (let index = floorIndex + 1; index < ids.length; index++) {
    const id = ids[index]!;
    // Ids are in receive order, so the first one too late ends the list.
    if (id >= belowWriteId || history.write(id).receivedAt > cut) break;
    accepted.push(id);
  }
  return accepted;
}

/** Accepted values of every block of one view at one cut, computed lazily and kept. */
export class AcceptedView {
  private readonly cache = new Map<number, readonly number[]>();

  constructor(
    private readonly history: WriteHistory,
    private readonly cut: number,
    private readonly flushedOrder: number,
    private readonly belowWriteId = Infinity,
  ) {}

  /** Accepted write ids of `block`, floor first. */
  of(block: number): readonly number[] {
    let accepted = this.cache.get(block);
    if (accepted === undefined) {
      accepted = this.history.writesTo(block).length === 0 ? initialOnly : acceptedWrites(this.history, block, this.cut, this.flushedOrder, this.belowWriteId);
      this.cache.set(block, accepted);
    }
    return accepted;
  }
}

const initialOnly: readonly number[] = [0];

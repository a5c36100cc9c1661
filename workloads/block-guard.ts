/**
 * Applications never have two writes to the same block in flight at once (design.md section 1;
 * file systems, databases and fio's serialize_overlap respect this). The guard holds a later
 * overlapping write back until the earlier one completes, and tells the oracle which write, if
 * any, is in flight on a block.
 */
import { NumberKeyMap } from '../engine/number-key-map.js';

/** The write id of a claim whose write has not been received yet. */
export const PENDING = -1;

export class BlockGuard {
  /** Block -> write id of the write in flight on it. */
  private readonly inFlight = new NumberKeyMap<number>();
  private readonly waiters = new Map<number, (() => void)[]>();
  /** Writes that had to wait for an earlier overlapping write. */
  heldBack = 0;

  /**
   * Claims [block, block + count) for one write once no block of it has a write in flight;
   * undefined when claimed at once. The claim is made in the same step as the check, so two
   * writes woken together cannot both pass.
   */
  claim(block: number, count: number): Promise<void> | undefined {
    const busy = this.firstBusy(block, count);
    if (busy === undefined) {
      this.begin(block, count, PENDING);
      return undefined;
    }
    this.heldBack++;
    return this.waitAndClaim(block, count, busy);
  }

  private async waitAndClaim(block: number, count: number, busy: number): Promise<void> {
    for (let next: number | undefined = busy; next !== undefined; next = this.firstBusy(block, count)) {
      const blocked = next;
      await new Promise<void>((resolve) => {
        const list = this.waiters.get(blocked);
        if (list) list.push(resolve);
        else this.waiters.set(blocked, [resolve]);
      });
    }
    this.begin(block, count, PENDING);
  }

  /** Names the write holding a claim, once it is received. */
  begin(block: number, count: number, writeId: number): void {
    for (let index = 0; index < count; index++) this.inFlight.set(block + index, writeId);
  }

  /** The write completed: wakes the writes held back behind it. */
  end(block: number, count: number): void {
    for (let index = 0; index < count; index++) {
      this.inFlight.delete(block + index);
      if (this.waiters.size === 0) continue;
      const list = this.waiters.get(block + index);
      if (list) {
        this.waiters.delete(block + index);
        for (const wake of list) wake();
      }
    }
  }

  /** The write id in flight on `block` (PENDING when claimed but not yet received), or undefined. */
  writeInFlight(block: number): number | undefined {
    return this.inFlight.get(block);
  }

  private firstBusy(block: number, count: number): number | undefined {
    if (this.inFlight.size === 0) return undefined;
    for (let index = 0; index < count; index++) if (this.inFlight.has(block + index)) return block + index;
    return undefined;
  }
}

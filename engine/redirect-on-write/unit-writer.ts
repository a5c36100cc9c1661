import type { RedirectCounters } from './redirect-counters.js';
import type { RedirectSnapshot } from './redirect-snapshot.js';
import type { UnitMaps } from './unit-map.js';
import type { UnitPool } from './unit-pool.js';

/** What the writer needs of its volume. */
export interface WriterContext {
  readonly maps: UnitMaps;
  readonly pool: UnitPool;
  readonly counters: RedirectCounters;
  readonly blockSize: number;
  readonly chunkBlocks: number;
  /** The `row-no-fill` mutant: partial redirects skip the fill. */
  readonly noFill: boolean;
  /** Valid snapshots in command order. */
  readonly active: readonly RedirectSnapshot[];
  /** Deleted snapshots whose reads are still finishing: they keep their references a little longer. */
  readonly deleting: ReadonlySet<RedirectSnapshot>;
  /** Blocks of a logical unit (the last may be short). */
  unitLength(unit: number): number;
  /** The pool is full: invalidates the oldest valid snapshot; false when there is none. */
  makeRoom(): boolean;
}

/** The views that take one write and share one physical unit. */
interface Group {
  physical: number;
  withLive: boolean;
  /** Snapshots whose view includes the write, in command order. */
  snapshots: RedirectSnapshot[];
  /** Some view that must not see the write shares the unit: the group moves to a new one. */
  redirect: boolean;
}

/**
 * The general path of a write to one logical unit, under that unit's exclusive lock. The write
 * belongs to the live view and to every valid snapshot whose command it was received before
 * (design.md section 1). Those views are grouped by the physical unit their map names there:
 * a group whose unit no other view references takes the write in place; a group sharing its unit
 * with a snapshot the write must not reach is redirected to a new unit (filled from the old one
 * unless the write covers the whole unit), and the old unit stays with that snapshot. So a write
 * received before a snapshot's command still lands in place while live and that snapshot share
 * the unit, and reaches the snapshot's own unit too once a later write has redirected live.
 *
 * Maps and counts change synchronously before any I/O; each unit the I/O touches is pinned until
 * it finishes, so an invalidation or deletion meanwhile cannot hand it to another write.
 */
export class UnitWriter {
  constructor(private readonly volume: WriterContext) {}

  /** Writes `data` at `block` within logical `unit`; the caller holds the unit's lock. */
  async write(unit: number, sequence: number, block: number, data: Uint8Array): Promise<void> {
    const { pool, counters, blockSize } = this.volume;
    const groups = this.plan(unit, sequence);
    const offset = block - unit * this.volume.chunkBlocks;
    const length = this.volume.unitLength(unit);
    const whole = offset === 0 && data.length === length * blockSize;
    const excluded = this.excluded(sequence);
    const moves: Promise<void>[] = [];
    const pinned: number[] = [];
    for (const group of groups) {
      if (!group.withLive) {
        group.snapshots[0]!.dualWrites++;
        counters.dualWrites++;
      }
      const from = group.physical;
      pool.pin(from);
      pinned.push(from);
      if (!group.redirect) {
        moves.push(pool.deviceOf(from).write(pool.firstBlockOf(from) + offset, data));
        continue;
      }
      const to = this.redirect(unit, group, excluded);
      pool.pin(to);
      pinned.push(to);
      const moved = whole || this.volume.noFill ? undefined : this.fill(from, to, length, offset, data);
      counters.redirects++;
      counters.imageWrites++;
      pool.filledFrom[to] = whole || this.volume.noFill ? -1 : from;
      let move: Promise<void>;
      if (whole) {
        counters.fullUnitRedirects++;
        move = pool.deviceOf(to).write(pool.firstBlockOf(to), data);
      } else if (moved === undefined) {
        move = pool.deviceOf(to).write(pool.firstBlockOf(to) + offset, data);
      } else {
        counters.fills++;
        const keeper = newestReferencing(excluded, unit, from);
        if (keeper !== undefined) keeper.cowCopies++;
        move = moved;
      }
      // A redirect whose I/O failed is undone (under the unit's lock), as dm-thin inserts a mapping
      // only once its data is written: the views keep the old unit and its data.
      moves.push(move.catch((error: unknown) => {
        this.undoRedirect(unit, group, from, to, excluded);
        throw error;
      }));
    }
    const outcomes = await Promise.allSettled(moves);
    for (const physical of pinned) pool.unpin(physical);
    for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
  }

  /** The groups for this write, making room in the pool (oldest snapshot first) until their redirects fit. */
  private plan(unit: number, sequence: number): Group[] {
    for (;;) {
      const groups = this.group(unit, sequence);
      let needed = 0;
      for (const group of groups) if (group.redirect) needed++;
      if (needed <= this.volume.pool.freeCount) return groups;
      // With no valid snapshot left nothing needs a redirect, so this cannot loop for ever.
      if (!this.volume.makeRoom()) throw new Error(`bug: unit ${unit} needs ${needed} free units and no snapshot is left to invalidate`);
    }
  }

  private group(unit: number, sequence: number): Group[] {
    const { maps, active, deleting } = this.volume;
    const groups: Group[] = [{ physical: maps.live[unit]!, withLive: true, snapshots: [], redirect: false }];
    for (let index = this.firstIncluded(sequence); index < active.length; index++) {
      const snapshot = active[index]!;
      const physical = snapshot.map[unit]!;
      let group = groups.find((candidate) => candidate.physical === physical);
      if (group === undefined) groups.push((group = { physical, withLive: false, snapshots: [], redirect: false }));
      group.snapshots.push(snapshot);
    }
    for (const group of groups) {
      // A deleted snapshot's reads of this unit have finished or will fail (this write holds the
      // unit's lock), so its references do not stop a write in place.
      let ignored = 0;
      for (const snapshot of deleting) if (snapshot.holdsReferences && snapshot.map[unit] === group.physical) ignored++;
      const including = (group.withLive ? 1 : 0) + group.snapshots.length;
      group.redirect = maps.counts[group.physical]! - including - ignored > 0;
    }
    return groups;
  }

  /** Index of the first valid snapshot whose command this write was received before. */
  private firstIncluded(sequence: number): number {
    const active = this.volume.active;
    let first = active.length;
    while (first > 0 && active[first - 1]!.preserveSequence > sequence) first--;
    return first;
  }

  /** Valid snapshots whose commands came before the write: they must not see it. */
  private excluded(sequence: number): readonly RedirectSnapshot[] {
    return this.volume.active.slice(0, this.firstIncluded(sequence));
  }

  /** Moves a group's views to a new unit; the old one stays with the snapshots that exclude the write. */
  private redirect(unit: number, group: Group, excluded: readonly RedirectSnapshot[]): number {
    const { maps, pool } = this.volume;
    const to = pool.allocate();
    if (to < 0) throw new Error('bug: planned redirect found no free unit');
    const from = group.physical;
    const references = (group.withLive ? 1 : 0) + group.snapshots.length;
    maps.claim(to, references);
    if (group.withLive) {
      // The snapshots left on the old unit no longer share it with live.
      for (const snapshot of excluded) if (snapshot.map[unit] === from) snapshot.diverged++;
      maps.setLive(unit, to);
    }
    for (const snapshot of group.snapshots) snapshot.map[unit] = to;
    maps.dereference(from, references);
    return to;
  }

  /** Points the group's views back at the old unit after a failed redirect, if the old unit is still to be had. */
  private undoRedirect(unit: number, group: Group, from: number, to: number, excluded: readonly RedirectSnapshot[]): void {
    const { maps, pool } = this.volume;
    if (!pool.reclaim(from)) return;
    const references = (group.withLive ? 1 : 0) + group.snapshots.filter((snapshot) => snapshot.map[unit] === to).length;
    maps.reference(from, references);
    if (group.withLive && maps.live[unit] === to) {
      maps.setLive(unit, from);
      for (const snapshot of excluded) if (snapshot.map[unit] === from) snapshot.diverged--;
    }
    for (const snapshot of group.snapshots) if (snapshot.map[unit] === to) snapshot.map[unit] = from;
    maps.dereference(to, references);
  }

  /** Reads the whole old unit, lays the write over it, and writes the result to the new unit. */
  private async fill(from: number, to: number, length: number, offset: number, data: Uint8Array): Promise<void> {
    const { pool, blockSize } = this.volume;
    const unit = await pool.deviceOf(from).read(pool.firstBlockOf(from), length);
    // A device read resolves with a buffer of its own: safe to change.
    unit.set(data, offset * blockSize);
    await pool.deviceOf(to).write(pool.firstBlockOf(to), unit);
  }
}

/** The newest of `snapshots` whose map names `physical` at `unit`. */
function newestReferencing(snapshots: readonly RedirectSnapshot[], unit: number, physical: number): RedirectSnapshot | undefined {
  for (let index = snapshots.length - 1; index >= 0; index--) if (snapshots[index]!.map[unit] === physical) return snapshots[index];
  return undefined;
}

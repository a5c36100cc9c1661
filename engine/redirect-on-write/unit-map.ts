import type { BlockDevice } from '../block-device.js';
import { MetadataRegion } from './metadata-region.js';
import type { UnitPool } from './unit-pool.js';

/**
 * The mapping tables of a redirect-on-write volume: the live map (logical unit -> physical unit,
 * the identity onto the origin at first) and the reference count of every physical unit (how
 * many maps, live and snapshots', point at it). Snapshot maps are copies of the live map owned by
 * their snapshots; every change to a count goes through here, so a unit returns to the pool when
 * its last reference goes. A physical unit is only ever referenced at one logical unit, the one
 * it was allocated for, so two maps share a unit only at the same index.
 */
export class UnitMaps {
  readonly live: Int32Array;
  readonly counts: Int32Array;
  readonly region: MetadataRegion;
  /** Live units away from their home on the origin: the fragmentation redirects leave. */
  liveUnitsOnPool = 0;

  constructor(
    private readonly pool: UnitPool,
    poolDevice: BlockDevice,
  ) {
    this.live = new Int32Array(pool.originUnits);
    this.counts = new Int32Array(pool.totalUnits);
    for (let unit = 0; unit < pool.originUnits; unit++) {
      this.live[unit] = unit;
      this.counts[unit] = 1;
    }
    this.region = new MetadataRegion(poolDevice, pool.metadataBlocks, this.live);
    // The first commit writes the whole region: the identity map.
    for (let unit = 0; unit < pool.originUnits; unit++) this.region.markMapEntry(unit);
  }

  /** Points the live view's logical unit at a physical unit (counts are the caller's). */
  setLive(unit: number, physical: number): void {
    const before = this.live[unit]!;
    if (before === unit) this.liveUnitsOnPool++;
    if (physical === unit) this.liveUnitsOnPool--;
    this.live[unit] = physical;
    this.region.markMapEntry(unit);
  }

  /** A copy of the live map for a new snapshot: every unit it references gains a reference. */
  copyLive(): Int32Array {
    const map = this.live.slice();
    const counts = this.counts;
    for (let unit = 0; unit < map.length; unit++) counts[map[unit]!]!++;
    return map;
  }

  /** A unit allocated for `references` maps. */
  claim(physical: number, references: number): void {
    this.counts[physical] = references;
  }

  /** Gives a unit in use (or reclaimed) `references` more references. */
  reference(physical: number, references: number): void {
    this.counts[physical] = this.counts[physical]! + references;
  }

  /** Takes `references` references off a unit; its last one returns it to the pool. */
  dereference(physical: number, references: number): void {
    const left = (this.counts[physical] = this.counts[physical]! - references);
    if (left < 0) throw new Error(`bug: unit ${physical} referenced ${left} times`);
    if (left === 0) this.pool.release(physical);
  }

  /** Drops every reference a snapshot's map holds. */
  releaseMap(map: Int32Array): void {
    const counts = this.counts;
    for (let unit = 0; unit < map.length; unit++) {
      const physical = map[unit]!;
      const left = --counts[physical]!;
      if (left === 0) this.pool.release(physical);
      else if (left < 0) throw new Error(`bug: unit ${physical} referenced ${left} times`);
    }
  }

  /**
   * Checks the tables against the maps given (every map that holds references, the live one
   * included): each unit's count equals the maps that reference it, a unit appears at one
   * logical index only, no referenced unit is free, the free list has no repeats, and no unit
   * is lost; with `idle` (no I/O under way) no unit is pinned. Returns what is wrong; an empty
   * list when all holds.
   */
  audit(maps: readonly Int32Array[], idle: boolean): string[] {
    const problems: string[] = [];
    const expected = new Int32Array(this.counts.length);
    const index = new Int32Array(this.counts.length).fill(-1);
    for (const map of maps) {
      for (let unit = 0; unit < map.length; unit++) {
        const physical = map[unit]!;
        expected[physical]!++;
        if (index[physical] === -1) index[physical] = unit;
        else if (index[physical] !== unit) problems.push(`unit ${physical} mapped at logical units ${index[physical]} and ${unit}`);
      }
    }
    let live = 0;
    for (let unit = 0; unit < this.live.length; unit++) if (this.live[unit] !== unit) live++;
    if (live !== this.liveUnitsOnPool) problems.push(`liveUnitsOnPool is ${this.liveUnitsOnPool}, the live map has ${live}`);
    const seen = new Uint8Array(this.counts.length);
    for (const physical of this.pool.freeUnits()) {
      if (seen[physical]) problems.push(`unit ${physical} twice on the free list`);
      seen[physical] = 1;
      if (expected[physical]! > 0) problems.push(`unit ${physical} is free but referenced ${expected[physical]} times`);
    }
    for (let physical = 0; physical < this.counts.length; physical++) {
      if (this.counts[physical] !== expected[physical]) problems.push(`unit ${physical}: count ${this.counts[physical]}, referenced by ${expected[physical]} maps`);
      const { free, pins, retired } = this.pool.describe(physical);
      if (free !== (seen[physical] === 1)) problems.push(`unit ${physical}: free mark and free list disagree`);
      if (expected[physical] === 0 && !free && pins === 0 && !retired) problems.push(`unit ${physical} is unreferenced, unpinned and not free (leaked)`);
      if (idle && pins !== 0) problems.push(`unit ${physical} pinned ${pins} times with no I/O under way`);
    }
    return problems;
  }
}

import { SnapshotUnavailableError } from '../errors.js';
import type { SnapshotInfo } from '../snapshot.js';
import { RedirectSnapshot } from './redirect-snapshot.js';
import type { UnitMaps } from './unit-map.js';

/**
 * The snapshots of a redirect-on-write volume through their lives: taken (a copy of the live
 * map), valid and on the write path, then invalidated (the pool was full: units released at once)
 * or deleted (units released once its reads under way have finished).
 */
export class SnapshotList {
  /** Valid snapshots in command order: the ones writes consider. Changed in place. */
  readonly active: RedirectSnapshot[] = [];
  /** Deleted snapshots whose reads are still finishing: they keep their references until then. */
  readonly deleting = new Set<RedirectSnapshot>();
  /** Snapshots invalidated because the pool was full. */
  invalidations = 0;
  /** Every snapshot not deleted, in command order. */
  private readonly all = new Map<number, RedirectSnapshot>();
  private nextId = 1;

  constructor(
    private readonly maps: UnitMaps,
    private readonly poolUnits: number,
  ) {}

  /** The receive sequence number of the newest valid snapshot's command; -1 with none. */
  get newestCommand(): number {
    const active = this.active;
    return active.length === 0 ? -1 : active[active.length - 1]!.preserveSequence;
  }

  /** A new snapshot of the live map as it stands. */
  take(preserveSequence: number, createdAtNs: number): RedirectSnapshot {
    const snapshot = new RedirectSnapshot(this.nextId++, preserveSequence, createdAtNs, this.maps.copyLive());
    this.active.push(snapshot);
    this.all.set(snapshot.id, snapshot);
    return snapshot;
  }

  /** The snapshot with this id while it still holds its map, else undefined. */
  find(id: number): RedirectSnapshot | undefined {
    const snapshot = this.all.get(id);
    return snapshot?.holdsReferences ? snapshot : undefined;
  }

  /** The snapshot with this id, if it can be read. */
  readable(id: number): RedirectSnapshot {
    const snapshot = this.all.get(id);
    if (snapshot === undefined) throw new SnapshotUnavailableError(`snapshot ${id} does not exist (never taken, or deleted)`);
    if (snapshot.state !== 'valid') throw new SnapshotUnavailableError(`snapshot ${id} is ${snapshot.state}: ${snapshot.reason}`);
    return snapshot;
  }

  /** Deletes a snapshot: its reads fail at once; resolves once its units are released. */
  async delete(id: number): Promise<void> {
    const snapshot = this.all.get(id);
    if (snapshot === undefined) throw new SnapshotUnavailableError(`snapshot ${id} does not exist (never taken, or deleted)`);
    this.all.delete(id);
    this.leaveWritePath(snapshot);
    snapshot.state = 'deleted';
    snapshot.reason = 'deleted';
    if (!snapshot.holdsReferences) return;
    this.deleting.add(snapshot);
    await snapshot.idle();
    this.deleting.delete(snapshot);
    this.maps.releaseMap(snapshot.map);
    snapshot.forgetMap();
  }

  /** The pool is full: invalidates the oldest valid snapshot and releases its units; false with none. */
  invalidateOldest(): boolean {
    const oldest = this.active[0];
    if (oldest === undefined) return false;
    this.leaveWritePath(oldest);
    oldest.state = 'invalid';
    oldest.reason = `snapshot store full: all ${this.poolUnits} units of the pool in use`;
    this.invalidations++;
    this.maps.releaseMap(oldest.map);
    oldest.forgetMap();
    return true;
  }

  infos(): SnapshotInfo[] {
    return [...this.all.values()].map((snapshot) => snapshot.info(this.poolUnits));
  }

  /** The maps of every snapshot that still holds references. */
  referencingMaps(): Int32Array[] {
    const maps: Int32Array[] = [];
    for (const snapshot of [...this.all.values(), ...this.deleting]) if (snapshot.holdsReferences) maps.push(snapshot.map);
    return maps;
  }

  /** For consistency checks: each snapshot's count of units live has left, against its map. */
  auditDiverged(live: Int32Array): string[] {
    const problems: string[] = [];
    for (const snapshot of this.all.values()) {
      if (!snapshot.holdsReferences) continue;
      let diverged = 0;
      for (let unit = 0; unit < live.length; unit++) if (snapshot.map[unit] !== live[unit]) diverged++;
      if (diverged !== snapshot.diverged) problems.push(`snapshot ${snapshot.id} counts ${snapshot.diverged} units apart from live, its map has ${diverged}`);
    }
    return problems;
  }

  private leaveWritePath(snapshot: RedirectSnapshot): void {
    const index = this.active.indexOf(snapshot);
    if (index >= 0) this.active.splice(index, 1);
  }
}

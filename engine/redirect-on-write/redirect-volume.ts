import { type BlockDevice, checkRange, checkWriteBuffer } from '../block-device.js';
import type { Clock } from '../clock.js';
import { CowsimError } from '../errors.js';
import { immediateIntake, type Intake } from '../intake.js';
import { type ChunkLock, LockManager } from '../lock-manager.js';
import { engineMutants } from '../mutants.js';
import type { SnapshotInfo } from '../snapshot.js';
import type { PreserveCommand, SnapshotStrategy, StrategyFigures } from '../snapshot-strategy.js';
import type { VolumeStats } from '../volume-options.js';
import { splitWrite, trackPending, type WritePiece } from '../split-write.js';
import { MetadataRegion } from './metadata-region.js';
import { RedirectCounters } from './redirect-counters.js';
import type { RedirectOnWriteOptions } from './redirect-options.js';
import { SnapshotList } from './snapshot-list.js';
import { UnitMaps } from './unit-map.js';
import { UnitPool } from './unit-pool.js';
import { UnitWriter } from './unit-writer.js';
import { ViewReader } from './view-reader.js';

export type { RedirectOnWriteOptions } from './redirect-options.js';

const zeroClock: Clock = { nowNs: () => 0 };

/**
 * Redirect-on-write snapshots (design.md section 8), as dm-thin, ZFS and btrfs keep them. The
 * volume's logical units are mapped onto physical units: the origin's own, then the pool's. A
 * preserve command copies the live map and counts a reference on every unit it names; from then
 * on a write received after the command never overwrites a unit the snapshot shares but goes to a
 * newly allocated one (filled from the old unit when it covers only part of it), and the snapshot
 * keeps the old. Nothing is copied at the command and nothing drains: a write received before the
 * command lands in place while the views share its unit, and in the snapshot's own unit too when a
 * later write has already redirected live (design.md section 1; see UnitWriter).
 *
 * - `command(image)` ignores `image`: every snapshot lives in the one shared pool.
 * - A full pool invalidates the oldest valid snapshot and releases its units; the live volume
 *   goes on.
 * - The maps live in memory; `flush()` commits the live map and the reference counts to the
 *   pool's metadata region (sized for those two tables, not for snapshot maps) and flushes both
 *   devices. Reopening, after a crash or not, is not supported: there is no `open`.
 * - Units are locked as Volume locks chunks; in `shared` mode reads share a unit and writes
 *   always take it exclusively (they may redirect it).
 */
/** How often the map is committed while writes go on, as dm-thin's COMMIT_PERIOD (one second). */
const COMMIT_PERIOD_NS = 1_000_000_000;

export class RedirectOnWriteVolume implements SnapshotStrategy {
  readonly strategy = 'redirect-on-write' as const;
  readonly blockSize: number;
  readonly blockCount: number;
  readonly chunkBlocks: number;
  readonly chunkCount: number;
  private readonly origin: BlockDevice;
  private readonly poolDevice: BlockDevice;
  private readonly intake: Intake;
  private readonly clock: Clock;
  private readonly locks: LockManager;
  private readonly pool: UnitPool;
  private readonly maps: UnitMaps;
  private readonly counters = new RedirectCounters();
  private readonly writer: UnitWriter;
  private readonly reader: ViewReader;
  private readonly snapshotList: SnapshotList;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly writeUnitBound: WritePiece = (sequence, unit, block, data) => this.writeUnit(sequence, unit, block, data);
  /** When the next periodic commit is due (virtual time). */
  private nextCommitNs = COMMIT_PERIOD_NS;
  private commits: Promise<void> = Promise.resolve();
  private sequence = 0;
  private writes = 0;
  private liveReads = 0;
  private snapshotReads = 0;

  private constructor(options: RedirectOnWriteOptions) {
    const { origin, pool, chunkSizeBytes } = options;
    if (!Number.isInteger(chunkSizeBytes) || chunkSizeBytes < origin.blockSize || chunkSizeBytes % origin.blockSize !== 0) {
      throw new CowsimError(`chunk size ${chunkSizeBytes} bytes: expected a multiple of the block size ${origin.blockSize}`);
    }
    if (pool.blockSize !== origin.blockSize) throw new CowsimError(`pool block size ${pool.blockSize} differs from the origin's ${origin.blockSize}`);
    if (pool === origin) throw new CowsimError('the pool must be a device of its own, not the origin');
    const mutant = options.mutant ?? 'none';
    const foreign = engineMutants.find((candidate) => candidate.name === mutant && candidate.strategy !== 'redirect-on-write');
    if (foreign !== undefined) throw new CowsimError(`mutant ${mutant} belongs to the ${foreign.strategy} strategy, not redirect-on-write`);
    this.origin = origin;
    this.poolDevice = pool;
    this.blockSize = origin.blockSize;
    this.blockCount = origin.blockCount;
    this.chunkBlocks = chunkSizeBytes / origin.blockSize;
    this.chunkCount = Math.ceil(origin.blockCount / this.chunkBlocks);
    const metadataBlocks = MetadataRegion.blocksFor(this.blockSize, this.chunkCount);
    if (pool.blockCount < metadataBlocks + this.chunkBlocks) {
      throw new CowsimError(
        `pool of ${pool.blockCount} blocks is too small: its metadata region takes ${metadataBlocks} blocks and one unit ${this.chunkBlocks} more`,
      );
    }
    // Unit numbers live in Int32Arrays and 4-byte entries on the pool.
    const units = this.chunkCount + Math.floor((pool.blockCount - metadataBlocks) / this.chunkBlocks);
    if (units >= 2 ** 31) throw new CowsimError(`origin and pool make ${units} units, more than 2^31 - 1; use larger chunks`);
    this.pool = new UnitPool(origin, pool, this.chunkBlocks, metadataBlocks);
    this.maps = new UnitMaps(this.pool, pool);
    this.snapshotList = new SnapshotList(this.maps, this.pool.poolUnits);
    this.intake = options.intake ?? immediateIntake;
    this.clock = options.clock ?? zeroClock;
    this.locks = new LockManager({ policy: 'chunk', ...options.locks }, this.clock);
    const shape = { maps: this.maps, pool: this.pool, counters: this.counters, blockSize: this.blockSize, chunkBlocks: this.chunkBlocks };
    this.writer = new UnitWriter({
      ...shape,
      noFill: mutant === 'row-no-fill',
      active: this.snapshotList.active,
      deleting: this.snapshotList.deleting,
      unitLength: (unit) => Math.min(this.chunkBlocks, this.blockCount - unit * this.chunkBlocks),
      makeRoom: () => this.snapshotList.invalidateOldest(),
    });
    this.reader = new ViewReader({ ...shape, locks: this.locks });
  }

  /** A volume over an origin and a pool, with no snapshots yet. */
  static create(options: RedirectOnWriteOptions): RedirectOnWriteVolume {
    return new RedirectOnWriteVolume(options);
  }

  get chunkSizeBytes(): number {
    return this.chunkBlocks * this.blockSize;
  }

  /** Units free to allocate now: pool units, and origin units no map names any more. */
  get freeUnits(): number {
    return this.pool.freeCount;
  }

  /** Writes the live view. The receive sequence number is taken at the call. */
  write(block: number, data: Uint8Array): Promise<void> {
    let count: number;
    try {
      count = checkWriteBuffer('volume', this.origin, block, data);
    } catch (error) {
      return Promise.reject(error);
    }
    const sequence = this.sequence++;
    this.writes++;
    if (this.clock.nowNs() >= this.nextCommitNs) this.commitInBackground();
    const admitted = this.intake === immediateIntake ? undefined : this.intake.admit({ sequence, block, blockCount: count });
    if (admitted !== undefined) return admitted.then(() => this.writeAdmitted(sequence, block, count, data));
    return this.writeAdmitted(sequence, block, count, data);
  }

  /** Reads the live view through its map. */
  readLive(block: number, count: number): Promise<Uint8Array> {
    try {
      checkRange('volume', this.origin, block, count);
    } catch (error) {
      return Promise.reject(error);
    }
    this.liveReads++;
    return this.reader.readLive(block, count);
  }

  /** Reads a snapshot view through its map. */
  async readSnapshot(id: number, block: number, count: number): Promise<Uint8Array> {
    checkRange('volume', this.origin, block, count);
    const snapshot = this.snapshotList.readable(id);
    this.snapshotReads++;
    return this.reader.readSnapshot(snapshot, block, count);
  }

  /**
   * Where a view's block lives now (its unit through the view's map), then the units its data was
   * filled from, newest first (a unit since reused may be named too); empty for a snapshot not readable.
   */
  locate(view: number | 'live', block: number): { role: 'origin' | 'snapshotStore'; block: number }[] {
    const unit = Math.floor(block / this.chunkBlocks);
    let map: Int32Array = this.maps.live;
    if (view !== 'live') {
      const snapshot = this.snapshotList.find(view);
      if (snapshot === undefined) return [];
      map = snapshot.map;
    }
    const offset = block - unit * this.chunkBlocks;
    const places: { role: 'origin' | 'snapshotStore'; block: number }[] = [];
    const seen = new Set<number>();
    for (let physical = map[unit] ?? -1; physical >= 0 && !seen.has(physical); physical = this.pool.filledFrom[physical]!) {
      seen.add(physical);
      places.push({ role: physical < this.pool.originUnits ? 'origin' : 'snapshotStore', block: this.pool.firstBlockOf(physical) + offset });
    }
    return places;
  }

  /**
   * The preserve command: takes its receive sequence number, copies the live map and counts its
   * references, all at the call. `image` is not used: redirect-on-write keeps every snapshot in
   * the one pool. `done` resolves at once; the snapshot's units are durable at the next flush.
   */
  command(_image: BlockDevice): PreserveCommand {
    const snapshot = this.snapshotList.take(this.sequence++, this.clock.nowNs());
    return { id: snapshot.id, done: Promise.resolve(snapshot.info(this.pool.poolUnits)) };
  }

  /** Deletes a snapshot: its reads fail at once; its units are released once its reads under way finish. */
  deleteSnapshot(id: number): Promise<void> {
    return this.track(this.snapshotList.delete(id));
  }

  /** Every snapshot not deleted, in command order. */
  snapshots(): SnapshotInfo[] {
    return this.snapshotList.infos();
  }

  /** Figures since the volume was created, deleted snapshots included. */
  stats(): VolumeStats {
    const counters = this.counters;
    return {
      writes: this.writes,
      liveReads: this.liveReads,
      snapshotReads: this.snapshotReads,
      cow: {
        copies: counters.fills,
        dualWrites: counters.dualWrites,
        copyReads: counters.fills,
        imageWrites: counters.imageWrites,
        imageReads: counters.imageReads,
        metadataWrites: this.maps.region.metadataWrites,
        metadataReads: 0,
        flushes: counters.flushes,
      },
      locks: this.locks.stats(),
    };
  }

  /** Redirect counts, allocation and fragmentation. */
  strategyFigures(): StrategyFigures {
    const counters = this.counters;
    return {
      redirects: counters.redirects,
      fullUnitRedirects: counters.fullUnitRedirects,
      fills: counters.fills,
      dualWrites: counters.dualWrites,
      unitsAllocated: this.pool.unitsAllocated,
      unitsFreed: this.pool.unitsFreed,
      liveUnitsOnPool: this.maps.liveUnitsOnPool,
      readPieces: counters.readPieces,
      mapCommits: counters.mapCommits,
      invalidations: this.snapshotList.invalidations,
      poolUnits: this.pool.poolUnits,
      freeUnits: this.pool.freeCount,
      metadataBlocks: this.pool.metadataBlocks,
    };
  }

  lockWaitDistribution(): [waitNs: number, fraction: number][] {
    return this.locks.waitDistribution();
  }

  /** Commits the live map and reference counts changed since the last commit, then flushes both devices. */
  flush(): Promise<void> {
    // Commits run one at a time: two writes of one metadata block must never be in flight.
    const commit = this.commits.then(() => this.commit());
    this.commits = commit.catch(() => {});
    return this.track(commit);
  }

  /** Waits for deletions and commits under way, then commits and flushes. */
  async close(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    await this.flush();
  }

  /**
   * For tests: checks reference counts against every map that holds references, the free list,
   * the fragmentation figure and each snapshot's units apart from live (and, when `idle`, that no
   * unit is left pinned); returns what is wrong, nothing when all holds.
   */
  audit(idle = false): string[] {
    const maps = [this.maps.live, ...this.snapshotList.referencingMaps()];
    return [...this.maps.audit(maps, idle), ...this.snapshotList.auditDiverged(this.maps.live)];
  }

  /** dm-thin's periodic commit: the map changed in the last period is made durable without waiting for a flush. */
  private commitInBackground(): void {
    this.nextCommitNs = this.clock.nowNs() + COMMIT_PERIOD_NS;
    if (this.maps.region.dirtyBlocks > 0) this.flush().catch(() => {});
  }

  private async commit(): Promise<void> {
    await this.maps.region.commit();
    await Promise.all([this.origin.flush(), this.poolDevice.flush()]);
    this.counters.flushes += 2;
    this.counters.mapCommits++;
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    return trackPending(this.pending, promise);
  }

  /** A write past the intake: split at unit boundaries, each piece under its unit's lock. */
  private writeAdmitted(sequence: number, block: number, count: number, data: Uint8Array): Promise<void> {
    return splitWrite(this.chunkBlocks, this.blockSize, sequence, block, count, data, this.writeUnitBound);
  }

  private writeUnit(sequence: number, unit: number, block: number, data: Uint8Array): Promise<void> {
    const taken = this.locks.lock(unit, 'write', 'exclusive');
    if (taken instanceof Promise) return taken.then((lock) => this.writeUnitLocked(lock, sequence, unit, block, data));
    return this.writeUnitLocked(taken, sequence, unit, block, data);
  }

  /**
   * Under the unit's lock. Most writes come after every valid snapshot's command to a unit only
   * live references: they go in place, with no async frame of their own; the rest take the
   * general path (UnitWriter).
   */
  private writeUnitLocked(lock: ChunkLock, sequence: number, unit: number, block: number, data: Uint8Array): Promise<void> {
    const physical = this.maps.live[unit]!;
    const newestCommand = this.snapshotList.newestCommand;
    let written: Promise<void>;
    try {
      if (sequence > newestCommand && this.maps.counts[physical] === 1) {
        written = this.pool.deviceOf(physical).write(this.pool.firstBlockOf(physical) + block - unit * this.chunkBlocks, data);
      } else {
        written = this.writer.write(unit, sequence, block, data);
      }
    } catch (error) {
      this.locks.unlock(lock);
      return Promise.reject(error);
    }
    return written.then(lock.releaseAfter, lock.releaseFailing);
  }
}


import type { BlockDevice } from '../block-device.js';
import { SnapshotUnavailableError } from '../errors.js';
import type { ChunkLock, LockManager } from '../lock-manager.js';
import type { RedirectCounters } from './redirect-counters.js';
import type { RedirectSnapshot } from './redirect-snapshot.js';
import type { UnitMaps } from './unit-map.js';
import type { UnitPool } from './unit-pool.js';

/** What the reader needs of its volume. */
export interface ReaderContext {
  readonly maps: UnitMaps;
  readonly pool: UnitPool;
  readonly counters: RedirectCounters;
  readonly locks: LockManager;
  readonly blockSize: number;
  readonly chunkBlocks: number;
}

/** The device reads of one batch: runs of pieces physically adjacent on one device. */
class ReadBatch {
  readonly devices: BlockDevice[] = [];
  readonly firstBlocks: number[] = [];
  readonly counts: number[] = [];
  readonly outOffsets: number[] = [];

  add(device: BlockDevice, firstBlock: number, count: number, outOffset: number): void {
    const last = this.devices.length - 1;
    if (last >= 0 && this.devices[last] === device && this.firstBlocks[last]! + this.counts[last]! === firstBlock) {
      this.counts[last]! += count;
      return;
    }
    this.devices.push(device);
    this.firstBlocks.push(firstBlock);
    this.counts.push(count);
    this.outOffsets.push(outOffset);
  }

  clear(): void {
    this.devices.length = this.firstBlocks.length = this.counts.length = this.outOffsets.length = 0;
  }
}

/**
 * Reads of the live view and of snapshot views through their maps: the range is split at unit
 * boundaries and each piece read from the physical unit its map names, so fragmentation shows as
 * more, scattered device reads. Each unit is read under its lock, shared (live reads take the
 * lock under the `snapshotRead` purpose, the only read purpose the lock manager has).
 *
 * A range's locks are taken in ascending order, and pieces physically adjacent on one device are
 * read in one device read while all their locks are held. When a lock is not free at once (it may
 * even be one this read holds, under a global or striped policy) the read first finishes the
 * pieces it holds and lets their locks go, then waits: a read never waits while holding a lock,
 * so reads cannot deadlock with each other or with writes (which hold one lock each).
 */
export class ViewReader {
  constructor(private readonly volume: ReaderContext) {}

  /** Reads the live view; a read within one unit free of contention takes no async frame of its own. */
  readLive(block: number, count: number): Promise<Uint8Array> {
    const unit = Math.floor(block / this.volume.chunkBlocks);
    if (Math.floor((block + count - 1) / this.volume.chunkBlocks) !== unit) return this.readRange(undefined, block, count);
    const taken = this.volume.locks.lock(unit, 'snapshotRead', 'shared');
    if (taken instanceof Promise) return taken.then((lock) => this.readLiveLocked(lock, unit, block, count));
    return this.readLiveLocked(taken, unit, block, count);
  }

  /** Reads a snapshot view; fails with SnapshotUnavailableError once it is no longer valid. */
  async readSnapshot(snapshot: RedirectSnapshot, block: number, count: number): Promise<Uint8Array> {
    snapshot.beginRead();
    try {
      return await this.readRange(snapshot, block, count);
    } finally {
      snapshot.endRead();
    }
  }

  private readLiveLocked(lock: ChunkLock, unit: number, block: number, count: number): Promise<Uint8Array> {
    const { maps, pool, counters, chunkBlocks } = this.volume;
    const physical = maps.live[unit]!;
    counters.readPieces++;
    if (physical >= pool.originUnits) counters.imageReads++;
    let read: Promise<Uint8Array>;
    try {
      read = pool.deviceOf(physical).read(pool.firstBlockOf(physical) + block - unit * chunkBlocks, count);
    } catch (error) {
      this.volume.locks.unlock(lock);
      return Promise.reject(error);
    }
    return read.then(lock.releasePassing, lock.releaseFailing);
  }

  /** Reads a range of a view (`undefined`: live) in batches of units whose locks it holds. */
  private async readRange(view: RedirectSnapshot | undefined, block: number, count: number): Promise<Uint8Array> {
    const { maps, pool, locks, chunkBlocks, blockSize } = this.volume;
    const out = new Uint8Array(count * blockSize);
    const end = block + count;
    const held: ChunkLock[] = [];
    const pinned: number[] = [];
    const batch = new ReadBatch();
    try {
      for (let unit = Math.floor(block / chunkBlocks); unit * chunkBlocks < end; unit++) {
        let taken = locks.lock(unit, 'snapshotRead', 'shared');
        if (taken instanceof Promise) {
          const waiting = taken;
          if (held.length > 0) {
            try {
              await this.finish(batch, out, held, pinned);
            } catch (error) {
              // The lock is granted to this read in its turn even so: give it back.
              locks.unlock(await waiting);
              throw error;
            }
          }
          taken = await waiting;
        }
        held.push(taken);
        if (view !== undefined && view.state !== 'valid') throw new SnapshotUnavailableError(`snapshot ${view.id} is ${view.state}: ${view.reason}`);
        const physical = (view === undefined ? maps.live : view.map)[unit]!;
        // Units only snapshots reference can lose their last reference meanwhile: keep them.
        if (view !== undefined) {
          pool.pin(physical);
          pinned.push(physical);
        }
        const from = Math.max(block, unit * chunkBlocks);
        const to = Math.min(end, (unit + 1) * chunkBlocks);
        batch.add(pool.deviceOf(physical), pool.firstBlockOf(physical) + from - unit * chunkBlocks, to - from, (from - block) * blockSize);
      }
      await this.finish(batch, out, held, pinned);
      return out;
    } finally {
      this.release(held, pinned);
    }
  }

  /** Issues a batch's device reads, places them, then lets its locks and pins go. */
  private async finish(batch: ReadBatch, out: Uint8Array, held: ChunkLock[], pinned: number[]): Promise<void> {
    const { counters, pool } = this.volume;
    const reads: Promise<void>[] = [];
    for (let index = 0; index < batch.devices.length; index++) {
      const device = batch.devices[index]!;
      const outOffset = batch.outOffsets[index]!;
      counters.readPieces++;
      if (device === pool.poolDevice) counters.imageReads++;
      reads.push(device.read(batch.firstBlocks[index]!, batch.counts[index]!).then((bytes) => out.set(bytes, outOffset)));
    }
    batch.clear();
    const outcomes = await Promise.allSettled(reads);
    this.release(held, pinned);
    for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
  }

  private release(held: ChunkLock[], pinned: number[]): void {
    for (const lock of held) this.volume.locks.unlock(lock);
    for (const physical of pinned) this.volume.pool.unpin(physical);
    held.length = 0;
    pinned.length = 0;
  }
}

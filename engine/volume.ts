import { type BlockDevice, checkRange, checkWriteBuffer } from './block-device.js';
import type { Clock } from './clock.js';
import { CopyOnWrite } from './copy-on-write.js';
import { CowsimError, ImageFormatError, SnapshotUnavailableError } from './errors.js';
import { immediateIntake, type Intake } from './intake.js';
import { type ChunkLock, LockManager } from './lock-manager.js';
import { MAX_CHUNK } from './lookup-table.js';
import type { EngineMutant } from './mutants.js';
import { Snapshot, type SnapshotInfo } from './snapshot.js';
import { formatUnsupportedReason, ImageLayout } from './snapshot-image-format.js';
import type { PreserveCommand, SnapshotStrategy, StrategyFigures } from './snapshot-strategy.js';
import { splitWrite, trackPending, type WritePiece } from './split-write.js';
import type { OpenOptions, UnopenedImage, VolumeOptions, VolumeStats } from './volume-options.js';

export type { CowFigures, OpenOptions, UnopenedImage, VolumeOptions, VolumeStats } from './volume-options.js';

const zeroClock: Clock = { nowNs: () => 0 };

/**
 * A volume: the origin image and its snapshots. Implements the method of design.md section 1:
 * every write and preserve command gets a receive sequence number; under the chunk lock a write
 * received before a snapshot's command goes to both images when the chunk is in that snapshot's
 * lookup table (else to the origin only), and a write received after it copies the chunk into the
 * snapshot image first when the chunk is not in the table. The preserve command never waits for
 * in-flight I/O.
 */
export class Volume implements SnapshotStrategy {
  readonly strategy = 'method' as const;
  readonly blockSize: number;
  readonly blockCount: number;
  readonly chunkBlocks: number;
  readonly chunkCount: number;
  private readonly origin: BlockDevice;
  private readonly intake: Intake;
  private readonly clock: Clock;
  private readonly mutant: EngineMutant;
  private readonly locks: LockManager;
  /** Valid snapshots, in preserve order: the ones writes must consider. */
  private active: Snapshot[] = [];
  /** Every snapshot not deleted, valid or invalid. */
  private readonly all = new Map<number, Snapshot>();
  private sequence = 0;
  private nextSnapshotId = 1;
  private writes = 0;
  private liveReads = 0;
  private snapshotReads = 0;
  private readonly copyOnWrite: CopyOnWrite;
  private readonly pending = new Set<Promise<unknown>>();
  /** CoW figures of deleted snapshots, and the snapshots whose deletion is under way. */
  private readonly retired = { copies: 0, dualWrites: 0, metadataWrites: 0, metadataReads: 0, flushes: 0 };
  /** Images Volume.open left out, with why. */
  readonly unopenedImages: UnopenedImage[] = [];
  private readonly deleting = new Set<Snapshot>();
  private readonly writeChunkBound: WritePiece = (sequence, chunk, block, data) => this.writeChunk(sequence, chunk, block, data);

  private constructor(options: VolumeOptions) {
    const { origin, chunkSizeBytes } = options;
    if (!Number.isInteger(chunkSizeBytes) || chunkSizeBytes < origin.blockSize || chunkSizeBytes % origin.blockSize !== 0) {
      throw new CowsimError(`chunk size ${chunkSizeBytes} bytes: expected a multiple of the block size ${origin.blockSize}`);
    }
    const unsupported = formatUnsupportedReason(origin.blockSize, chunkSizeBytes);
    if (unsupported) throw new CowsimError(`cannot keep snapshot metadata: ${unsupported}`);
    this.origin = origin;
    this.blockSize = origin.blockSize;
    this.blockCount = origin.blockCount;
    this.chunkBlocks = chunkSizeBytes / origin.blockSize;
    this.chunkCount = Math.ceil(origin.blockCount / this.chunkBlocks);
    // The on-disk entry keeps chunk + 1 in 32 bits.
    if (this.chunkCount > MAX_CHUNK) throw new CowsimError(`volume of ${this.chunkCount} chunks exceeds ${MAX_CHUNK}; use larger chunks`);
    this.intake = options.intake ?? immediateIntake;
    this.clock = options.clock ?? zeroClock;
    this.mutant = options.mutant ?? 'none';
    this.locks = new LockManager({ policy: 'chunk', ...options.locks, disabled: this.mutant === 'no-lock' }, this.clock);
    this.copyOnWrite = new CopyOnWrite(origin, this.chunkBlocks, (snapshot, reason) => this.retire(snapshot, reason));
  }

  get chunkSizeBytes(): number {
    return this.chunkBlocks * this.blockSize;
  }

  /** A volume over an origin image, with no snapshots yet. */
  static create(options: VolumeOptions): Volume {
    return new Volume(options);
  }

  /**
   * Reopens a volume from its origin and snapshot images; deleted snapshots are skipped. A blank
   * or damaged image fails the open, unless `damagedImages: 'skip'` leaves it out (listed in
   * `unopenedImages`) so the live volume opens after a crash that tore a new snapshot's header.
   */
  static async open(options: OpenOptions): Promise<Volume> {
    const volume = new Volume(options);
    const expected = { blockSize: volume.blockSize, chunkSizeBytes: volume.chunkSizeBytes, originBlockCount: volume.blockCount };
    const skip = options.damagedImages === 'skip';
    for (const { device, name } of options.images) {
      let snapshot: Snapshot | undefined;
      try {
        snapshot = await Snapshot.load(device, name, expected, volume.mutant);
      } catch (error) {
        if (!(skip && error instanceof CowsimError)) throw error;
        volume.unopenedImages.push({ name, reason: error.message, blank: false });
        continue;
      }
      if (snapshot === undefined) {
        if (!skip) throw new ImageFormatError(`${name}: not a cowsim snapshot image (blank: no header was ever written)`);
        volume.unopenedImages.push({ name, reason: 'blank: no header was ever written', blank: true });
        continue;
      }
      // Deleted snapshots keep their numbers and sequence numbers from being reused.
      volume.sequence = Math.max(volume.sequence, snapshot.preserveSequence + 1);
      volume.nextSnapshotId = Math.max(volume.nextSnapshotId, snapshot.id + 1);
      if (snapshot.state === 'deleted') continue;
      if (volume.all.has(snapshot.id)) throw new ImageFormatError(`${name}: snapshot id ${snapshot.id} appears on two images`);
      volume.all.set(snapshot.id, snapshot);
      if (snapshot.state === 'valid') volume.active.push(snapshot);
    }
    volume.active.sort((a, b) => a.preserveSequence - b.preserveSequence);
    return volume;
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
    // The immediate intake admits at once: skip building its request.
    const admitted = this.intake === immediateIntake ? undefined : this.intake.admit({ sequence, block, blockCount: count });
    if (admitted !== undefined) return admitted.then(() => this.writeAdmitted(sequence, block, count, data));
    return this.writeAdmitted(sequence, block, count, data);
  }

  /** Reads the live view: always the origin image. */
  readLive(block: number, count: number): Promise<Uint8Array> {
    try {
      checkRange('volume', this.origin, block, count);
    } catch (error) {
      return Promise.reject(error);
    }
    this.liveReads++;
    return this.origin.read(block, count);
  }

  /** Reads a snapshot view: the snapshot image where the chunk is in its table, else the origin. */
  async readSnapshot(id: number, block: number, count: number): Promise<Uint8Array> {
    checkRange('volume', this.origin, block, count);
    const snapshot = this.usableSnapshot(id);
    this.snapshotReads++;
    const firstChunk = Math.floor(block / this.chunkBlocks);
    const lastChunk = Math.floor((block + count - 1) / this.chunkBlocks);
    if (firstChunk === lastChunk) return this.readSnapshotChunk(snapshot, firstChunk, block, count);
    const out = new Uint8Array(count * this.blockSize);
    const pieces: Promise<void>[] = [];
    for (let chunk = firstChunk; chunk <= lastChunk; chunk++) {
      const from = Math.max(block, chunk * this.chunkBlocks);
      const to = Math.min(block + count, (chunk + 1) * this.chunkBlocks);
      pieces.push(this.readSnapshotChunk(snapshot, chunk, from, to - from).then((bytes) => out.set(bytes, (from - block) * this.blockSize)));
    }
    await Promise.all(pieces);
    return out;
  }

  /**
   * The preserve command: takes its receive sequence number and registers the snapshot at once,
   * without waiting for in-flight writes; resolves when the snapshot image's header is durable.
   * If the header cannot be written the command fails and the snapshot is dropped, marked
   * invalid on the image as far as it can be; the live volume goes on.
   */
  preserve(image: BlockDevice, reservedId?: number): Promise<SnapshotInfo> {
    if (image.blockSize !== this.blockSize) {
      return Promise.reject(new CowsimError(`snapshot image block size ${image.blockSize} differs from the origin's ${this.blockSize}`));
    }
    // Refused before anything is written or numbered.
    if (new ImageLayout(this.blockSize, this.chunkSizeBytes, image.blockCount).slotCapacity < 1) {
      return Promise.reject(new CowsimError(`snapshot image of ${image.blockCount} blocks is too small to hold one chunk and its metadata`));
    }
    const snapshot = Snapshot.create(
      image,
      {
        blockSize: this.blockSize,
        chunkSizeBytes: this.chunkSizeBytes,
        snapshotId: reservedId ?? this.nextSnapshotId++,
        preserveSequence: this.sequence++,
        createdAtNs: this.clock.nowNs(),
        originBlockCount: this.blockCount,
      },
      this.mutant,
    );
    this.active.push(snapshot);
    this.all.set(snapshot.id, snapshot);
    return this.track(
      snapshot.ready().then(
        () => snapshot.info(),
        async (error: unknown) => {
          await this.retire(snapshot, `the snapshot image header could not be written: ${error instanceof Error ? error.message : String(error)}`);
          this.all.delete(snapshot.id);
          throw error;
        },
      ),
    );
  }

  /** The preserve command of the strategy contract: the snapshot's id at once (taken only if the command is not refused). */
  command(image: BlockDevice): PreserveCommand {
    const id = this.nextSnapshotId;
    return { id, done: this.preserve(image) };
  }

  /** Takes a snapshot id now for a preserve command given later with it (a strategy that drains first). */
  reserveSnapshotId(): number {
    return this.nextSnapshotId++;
  }

  /**
   * Deletes a snapshot: its reads fail at once; it stays protected until its deleted mark is
   * durable, then leaves the write path; resolves once copies, dual writes and reads under way on
   * its image have finished, so the image can be reused.
   */
  async deleteSnapshot(id: number): Promise<void> {
    const snapshot = this.all.get(id);
    if (snapshot === undefined) throw new SnapshotUnavailableError(`snapshot ${id} does not exist`);
    this.all.delete(id);
    // The volume's CoW figures are cumulative: a deleted snapshot's cost stays counted, from
    // `deleting` while work on it may still finish, then from `retired`.
    this.deleting.add(snapshot);
    if (this.mutant === 'late-delete-mark') this.active = this.active.filter((other) => other !== snapshot);
    void snapshot.markDeleted().catch(() => {});
    await this.track(snapshot.retiring!);
    if (snapshot.state !== 'deleted') {
      this.deleting.delete(snapshot);
      this.all.set(id, snapshot);
      throw new CowsimError(`snapshot ${id} could not be deleted (it stays): ${snapshot.deleteFailure}`);
    }
    this.active = this.active.filter((other) => other !== snapshot);
    await this.track(snapshot.settle());
    this.deleting.delete(snapshot);
    const figures = snapshot.metadataFigures();
    this.retired.copies += snapshot.cowCopies;
    this.retired.dualWrites += snapshot.dualWrites;
    this.retired.metadataWrites += figures.metadataWrites;
    this.retired.metadataReads += figures.metadataReads;
    this.retired.flushes += figures.flushes;
  }

  /** Every snapshot with its state and usage, in preserve order. */
  snapshots(): SnapshotInfo[] {
    return [...this.all.values()].sort((a, b) => a.preserveSequence - b.preserveSequence).map((snapshot) => snapshot.info());
  }

  /** Figures since the volume was created or opened, deleted snapshots included. */
  stats(): VolumeStats {
    let { dualWrites, copies, metadataWrites, metadataReads, flushes } = this.retired;
    for (const snapshot of [...this.all.values(), ...this.deleting]) {
      dualWrites += snapshot.dualWrites;
      copies += snapshot.cowCopies;
      const figures = snapshot.metadataFigures();
      metadataWrites += figures.metadataWrites;
      metadataReads += figures.metadataReads;
      flushes += figures.flushes;
    }
    const { copyReads, imageWrites, imageReads } = this.copyOnWrite.counters;
    return {
      writes: this.writes,
      liveReads: this.liveReads,
      snapshotReads: this.snapshotReads,
      cow: { copies, dualWrites, copyReads, imageWrites, imageReads, metadataWrites, metadataReads, flushes },
      locks: this.locks.stats(),
    };
  }

  /** The method keeps no figures beyond the volume's. */
  strategyFigures(): StrategyFigures {
    return {};
  }

  /** Lock wait-time distribution: [waitNs, fraction at or below] points. */
  lockWaitDistribution(): [waitNs: number, fraction: number][] {
    return this.locks.waitDistribution();
  }

  /** Makes every write acknowledged before the call durable (copies and entries already are). */
  async flush(): Promise<void> {
    await this.origin.flush();
  }

  /** Waits for background metadata work, then flushes every image. */
  async close(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    for (const snapshot of this.all.values()) await snapshot.settle();
    for (const snapshot of this.all.values()) await snapshot.image.flush();
    await this.origin.flush();
  }

  private usableSnapshot(id: number): Snapshot {
    const snapshot = this.all.get(id);
    if (snapshot === undefined) throw new SnapshotUnavailableError(`snapshot ${id} does not exist (never taken, or deleted)`);
    if (snapshot.state !== 'valid') throw new SnapshotUnavailableError(`snapshot ${id} is ${snapshot.state}: ${snapshot.reason}`);
    return snapshot;
  }

  /** Marks a snapshot invalid durably (as far as its image allows), then takes it off the write path. */
  private async retire(snapshot: Snapshot, reason: string): Promise<void> {
    await snapshot.invalidate(reason).catch(() => {});
    this.active = this.active.filter((other) => other !== snapshot);
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    return trackPending(this.pending, promise);
  }

  /** A write past the intake: split at chunk boundaries, each piece under its chunk's lock. */
  private writeAdmitted(sequence: number, block: number, count: number, data: Uint8Array): Promise<void> {
    return splitWrite(this.chunkBlocks, this.blockSize, sequence, block, count, data, this.writeChunkBound);
  }

  /** One chunk's part of a write: takes the chunk lock (shared in shared mode), at once when it is free. */
  private writeChunk(sequence: number, chunk: number, block: number, data: Uint8Array): Promise<void> {
    const taken = this.locks.lock(chunk, 'write', 'shared');
    if (taken instanceof Promise) return this.writeChunkAfterWait(taken, sequence, chunk, block, data);
    return this.writeChunkLocked(taken, sequence, chunk, block, data);
  }

  private async writeChunkAfterWait(taken: Promise<ChunkLock>, sequence: number, chunk: number, block: number, data: Uint8Array): Promise<void> {
    return this.writeChunkLocked(await taken, sequence, chunk, block, data);
  }

  /**
   * Runs under the chunk lock and releases it once the data write (and any copy) has finished.
   * Most writes find that no snapshot needs a dual write or a copy (design.md section 1: the
   * chunk is already preserved, or the write belongs to the snapshot view and the chunk is not)
   * and go straight to the origin image with no async frame of their own; the rest take the
   * general path.
   */
  private writeChunkLocked(lock: ChunkLock, sequence: number, chunk: number, block: number, data: Uint8Array): Promise<void> {
    const active = this.active;
    for (let index = 0; index < active.length; index++) {
      const snapshot = active[index]!;
      const inTable = snapshot.table.has(chunk);
      const needed = sequence < snapshot.preserveSequence ? inTable && this.mutant !== 'no-dual-write' : !inTable && this.mutant !== 'no-cow';
      // A snapshot on its way out stays protected until its mark is durable: the general path waits.
      if (needed || snapshot.state !== 'valid') {
        return lock.access === 'shared' ? this.writeChunkExclusively(lock, sequence, chunk, block, data) : this.writeChunkPreserving(lock, sequence, chunk, block, data);
      }
    }
    let written: Promise<void>;
    try {
      written = this.origin.write(block, data);
    } catch (error) {
      this.locks.unlock(lock);
      return Promise.reject(error);
    }
    return written.then(lock.releaseAfter, lock.releaseFailing);
  }

  /**
   * Shared mode: a write that must copy or dual-write gives up its shared hold and takes the chunk
   * exclusively; the general path then decides again, since another write may have copied the
   * chunk in between.
   */
  private async writeChunkExclusively(shared: ChunkLock, sequence: number, chunk: number, block: number, data: Uint8Array): Promise<void> {
    this.locks.unlock(shared);
    const exclusive = await this.locks.lock(chunk, 'write', 'exclusive');
    return this.writeChunkPreserving(exclusive, sequence, chunk, block, data);
  }

  /** The table of design.md section 1, for one chunk's part of a write, under the chunk lock. */
  private async writeChunkPreserving(lock: ChunkLock, sequence: number, chunk: number, block: number, data: Uint8Array): Promise<void> {
    // Copies and dual writes change what other holders of the chunk would see: never shared.
    if (lock.access !== 'exclusive') throw new Error(`bug: chunk ${chunk} preserved under a shared lock`);
    try {
      let copyTargets: Snapshot[] | undefined;
      for (const snapshot of [...this.active]) {
        // Its invalid or deleted mark on the way: protection ends only once the mark is durable
        // (a failed delete leaves it valid and protected).
        if (!(await snapshot.protects())) continue;
        if (sequence < snapshot.preserveSequence) {
          // Received before the command: the snapshot view includes this write.
          if (snapshot.table.has(chunk) && this.mutant !== 'no-dual-write') await this.copyOnWrite.dualWrite(snapshot, chunk, block, data);
        } else if (!snapshot.table.has(chunk) && this.mutant !== 'no-cow') {
          (copyTargets ??= []).push(snapshot);
        }
      }
      if (copyTargets === undefined) return await this.origin.write(block, data);
      if (this.mutant === 'cow-after-write') {
        await this.origin.write(block, data);
        return await this.copyOnWrite.copyChunk(chunk, copyTargets);
      }
      await this.copyOnWrite.copyChunk(chunk, copyTargets);
      await this.origin.write(block, data);
    } finally {
      this.locks.unlock(lock);
    }
  }

  /** One chunk's part of a snapshot-view read, under the chunk lock. */
  private readSnapshotChunk(snapshot: Snapshot, chunk: number, block: number, count: number): Promise<Uint8Array> {
    const taken = this.locks.lock(chunk, 'snapshotRead', 'shared');
    if (taken instanceof Promise) return this.readSnapshotChunkAfterWait(taken, snapshot, chunk, block, count);
    return this.readSnapshotChunkLocked(taken, snapshot, chunk, block, count);
  }

  private async readSnapshotChunkAfterWait(taken: Promise<ChunkLock>, snapshot: Snapshot, chunk: number, block: number, count: number): Promise<Uint8Array> {
    return this.readSnapshotChunkLocked(await taken, snapshot, chunk, block, count);
  }

  /** Reads the snapshot image (verified) where the chunk is in the table, else the origin; releases the lock after. */
  private async readSnapshotChunkLocked(lock: ChunkLock, snapshot: Snapshot, chunk: number, block: number, count: number): Promise<Uint8Array> {
    try {
      if (snapshot.state !== 'valid') throw new SnapshotUnavailableError(`snapshot ${snapshot.id} is ${snapshot.state}: ${snapshot.reason}`);
      return await this.copyOnWrite.readView(snapshot, chunk, block, count);
    } finally {
      this.locks.unlock(lock);
    }
  }
}


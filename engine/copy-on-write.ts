import type { BlockDevice } from './block-device.js';
import { SnapshotCorruptError } from './errors.js';
import type { Snapshot } from './snapshot.js';
import { dataChecksum } from './snapshot-image-format.js';

/** Copy-on-write I/O counted for the CoW cost figures. */
export interface CopyCounters {
  copyReads: number;
  imageWrites: number;
  imageReads: number;
}

/** Reasons the engine gives a snapshot it invalidated because its image failed or lied. */
export const IMAGE_FAILURE_REASONS = ['snapshot image failed', 'snapshot image damaged', 'the snapshot image header could not be written'] as const;

/** True when a snapshot's reason says its image failed or was found damaged (not a full store). */
export function invalidatedByImage(reason: string): boolean {
  return IMAGE_FAILURE_REASONS.some((prefix) => reason.startsWith(prefix));
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The data moves of design.md section 1 between the origin image and snapshot images, each run
 * by the Volume under the chunk's lock: a chunk's copy into the snapshot images that lack it, a
 * dual write, and a verified read of a preserved chunk. A snapshot image that fails or lies costs
 * that snapshot only: it is marked invalid, durably, before the origin write goes ahead, and the
 * live volume goes on (`retire`).
 */
export class CopyOnWrite {
  readonly counters: CopyCounters = { copyReads: 0, imageWrites: 0, imageReads: 0 };

  constructor(
    private readonly origin: BlockDevice,
    private readonly chunkBlocks: number,
    /** Marks a snapshot invalid durably and takes it off the write path. */
    private readonly retire: (snapshot: Snapshot, reason: string) => Promise<void>,
  ) {}

  /** Blocks of `chunk` (the last chunk of the origin may be short). */
  chunkLength(chunk: number): number {
    return Math.min(this.chunkBlocks, this.origin.blockCount - chunk * this.chunkBlocks);
  }

  /** Copies a chunk from the origin image into every target image; entries durable on return. */
  async copyChunk(chunk: number, targets: Snapshot[]): Promise<void> {
    this.counters.copyReads++;
    const bytes = await this.origin.read(chunk * this.chunkBlocks, this.chunkLength(chunk));
    const checksum = dataChecksum(bytes);
    // Each copy settles on its own (a failing image is retired, never thrown), so the chunk lock
    // is held until every one of them has finished.
    await Promise.all(targets.map((snapshot) => this.copyInto(snapshot, chunk, bytes, checksum)));
  }

  private async copyInto(snapshot: Snapshot, chunk: number, bytes: Uint8Array, checksum: number): Promise<void> {
    snapshot.beginWork();
    try {
      if (!snapshot.headerSettled) {
        try {
          await snapshot.ready();
        } catch (error) {
          await this.retire(snapshot, `the snapshot image header could not be written: ${message(error)}`);
        }
      }
      // Another write may have started its invalid mark meanwhile: only a durable mark ends protection.
      if (!(await snapshot.protects())) return;
      const slot = snapshot.allocateSlot();
      if (slot < 0) {
        // In chunks, not bytes: under the simulator the engine sees payload-sized blocks.
        await this.retire(snapshot, `snapshot store full: all ${snapshot.layout.slotCapacity} chunks of the snapshot image in use`);
        return;
      }
      this.counters.imageWrites++;
      await snapshot.image.write(snapshot.layout.slotBlock(slot), bytes);
      await snapshot.commitEntry(chunk, slot, checksum);
      snapshot.cowCopies++;
    } catch (error) {
      await this.retire(snapshot, `snapshot image failed: ${message(error)}`);
    } finally {
      snapshot.endWork();
    }
  }

  /**
   * A write received before the command to a chunk already preserved: the snapshot image gets it
   * too. The chunk moves to a new slot with the write applied, and its new entry supersedes the
   * old: a slot's data never changes once its entry is durable, so its checksum stays true and a
   * crash leaves the old chunk or the new one, never a mixture.
   */
  async dualWrite(snapshot: Snapshot, chunk: number, block: number, data: Uint8Array): Promise<void> {
    snapshot.beginWork();
    try {
      if (!(await snapshot.protects())) return;
      const preserved = await this.readPreserved(snapshot, chunk);
      if (preserved === undefined) return;
      const updated = preserved.slice();
      updated.set(data, (block - chunk * this.chunkBlocks) * snapshot.image.blockSize);
      const slot = snapshot.allocateSlot();
      if (slot < 0) {
        await this.retire(snapshot, `snapshot store full: all ${snapshot.layout.slotCapacity} chunks of the snapshot image in use`);
        return;
      }
      this.counters.imageWrites++;
      await snapshot.image.write(snapshot.layout.slotBlock(slot), updated);
      await snapshot.commitEntry(chunk, slot, dataChecksum(updated));
      snapshot.dualWrites++;
    } catch (error) {
      await this.retire(snapshot, `snapshot image failed: ${message(error)}`);
    } finally {
      snapshot.endWork();
    }
  }

  /** Reads `count` blocks of a snapshot view from `block` within `chunk`: image (verified) or origin. */
  async readView(snapshot: Snapshot, chunk: number, block: number, count: number): Promise<Uint8Array> {
    snapshot.beginWork();
    try {
      if (snapshot.table.get(chunk) < 0) return await this.origin.read(block, count);
      const preserved = await this.readPreserved(snapshot, chunk);
      if (preserved === undefined) throw new SnapshotCorruptError(`snapshot ${snapshot.id} is invalid: ${snapshot.reason}`);
      const from = (block - chunk * this.chunkBlocks) * snapshot.image.blockSize;
      return preserved.subarray(from, from + count * snapshot.image.blockSize);
    } finally {
      snapshot.endWork();
    }
  }

  /** The whole preserved chunk, checked against its entry's checksum; undefined once found damaged. */
  private async readPreserved(snapshot: Snapshot, chunk: number): Promise<Uint8Array | undefined> {
    const slot = snapshot.table.get(chunk);
    this.counters.imageReads++;
    const bytes = await snapshot.image.read(snapshot.layout.slotBlock(slot), this.chunkLength(chunk));
    if (dataChecksum(bytes) === snapshot.slots.checksum(slot)) return bytes;
    await this.retire(snapshot, `snapshot image damaged: chunk ${chunk} in slot ${slot} fails its checksum`);
    return undefined;
  }
}

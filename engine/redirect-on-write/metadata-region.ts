import type { BlockDevice } from '../block-device.js';

/** Bytes per entry on the pool: a physical unit number. */
export const ENTRY_BYTES = 4;

/**
 * The metadata region at the start of the pool device: the live map (one entry per logical unit),
 * 4 bytes each, little-endian. The maps live in memory; `commit` writes the blocks changed since
 * the last commit, as dm-thin commits its transaction. Reference counts (dm-thin's space map) and
 * snapshot maps are not written: their cost is left out, and a redirect-on-write volume cannot be
 * reopened. The region is sized for the map alone so that a small pool (a store meant to fill)
 * still holds units: the engine's blocks are payload-sized, so a region of entries per engine
 * block would take far more of the pool than the same entries take on a real device.
 */
export class MetadataRegion {
  metadataWrites = 0;
  private readonly dirty: Uint8Array;
  private dirtyCount = 0;
  private readonly liveBytes: Uint8Array;

  constructor(
    private readonly pool: BlockDevice,
    readonly blocks: number,
    live: Int32Array,
  ) {
    // Typed arrays hold the host's byte order, little-endian on every platform Node runs on.
    this.liveBytes = new Uint8Array(live.buffer, live.byteOffset, live.byteLength);
    if (this.liveBytes.length > blocks * pool.blockSize) throw new Error('bug: metadata region too small for its maps');
    this.dirty = new Uint8Array(blocks);
  }

  /** Blocks the region needs for `originUnits` map entries. */
  static blocksFor(blockSize: number, originUnits: number): number {
    return Math.ceil((originUnits * ENTRY_BYTES) / blockSize);
  }

  /** The live map's entry for a logical unit changed. */
  markMapEntry(unit: number): void {
    this.markByte(unit * ENTRY_BYTES);
  }

  get dirtyBlocks(): number {
    return this.dirtyCount;
  }

  /**
   * Writes every block changed since the last commit, a run of adjacent blocks in one device
   * write; the blocks' content is taken at the call. Commits must not overlap (two writes of one
   * block in flight have no defined order). Returns the device writes issued.
   */
  async commit(): Promise<number> {
    if (this.dirtyCount === 0) return 0;
    const writes: Promise<void>[] = [];
    for (let block = 0; block < this.blocks; block++) {
      if (this.dirty[block] === 0) continue;
      let end = block;
      while (end < this.blocks && this.dirty[end] === 1) this.dirty[end++] = 0;
      writes.push(this.pool.write(block, this.content(block, end - block)));
      block = end;
    }
    this.dirtyCount = 0;
    this.metadataWrites += writes.length;
    await Promise.all(writes);
    return writes.length;
  }

  /** The bytes of `count` region blocks from `block`: map entries, then zeros. */
  private content(block: number, count: number): Uint8Array {
    const blockSize = this.pool.blockSize;
    const out = new Uint8Array(count * blockSize);
    const from = block * blockSize;
    const live = this.liveBytes;
    if (from < live.length) out.set(live.subarray(from, Math.min(from + out.length, live.length)), 0);
    return out;
  }

  private markByte(offset: number): void {
    this.markBlock(Math.floor(offset / this.pool.blockSize));
  }

  private markBlock(block: number): void {
    if (this.dirty[block] === 0) {
      this.dirty[block] = 1;
      this.dirtyCount++;
    }
  }
}

import { crc32 } from 'node:zlib';
import { headerCopyBlocks } from './image-header.js';

export * from './image-header.js';

/**
 * The on-disk format of a snapshot image (version 2), in the spirit of dm-snapshot's persistent
 * exception store, with the checksums dm-snapshot lacks. All integers little-endian. The image is
 * divided into chunks:
 *
 *   [header copies A and B: H chunks] [area 0: A chunks][its mirror: A chunks][data: E chunks]
 *   [area 1][mirror][data] ...
 *
 * Header: see image-header.ts. Metadata area g (A = max(1, ceil(1024 / chunkSize)) chunks) holds
 * E entries, one per data slot of group g, in slot order, floor(blockSize / 16) to a block (an
 * entry never straddles two blocks, so a torn metadata write tears whole entries). Every area has
 * a mirror written with it, as ZFS keeps ditto copies of its metadata: an entry damaged in one
 * copy is read from the other; entries that differ in the two copies are damage. Entry (16 bytes):
 *   0 originChunk + 1 u32 (0: a slot a crash left unused) | 4 CRC-32 of the slot's data (the
 *   whole chunk as copied) | 8 durableBelow u32 | 12 CRC-32 of bytes 0..11 and the slot number
 *   (u32), seeded with the header's nonce (so an entry written at another slot's place is empty).
 * Entries are written once: a slot's data never changes after its entry is durable (a dual write
 * moves the chunk to a new slot whose entry supersedes the old one: the highest slot of a chunk
 * wins), so the data checksum stays true and a crash leaves either the old or the new entry.
 * durableBelow: when the entry was written, every slot below it had a durable entry. A slot below
 * any entry's durableBelow that holds no valid entry in either copy is damage, not a crash, and
 * the snapshot is invalid. An entry whose CRC does not match in both copies (never written, torn,
 * or left by an earlier snapshot) is empty. Loading reads every area: concurrent copies may leave
 * a whole area unrecorded at a crash while a later one holds entries.
 */
export const ENTRY_BYTES = 16;
/** Entry kinds: a preserved chunk, or a slot left unused by a crash (written on reopen). */
export const ENTRY_CHUNK = 1;
export const ENTRY_UNUSED = 2;

/** Where things live on one snapshot image, derived from its sizes. */
export class ImageLayout {
  readonly chunkBlocks: number;
  readonly headerChunks: number;
  readonly headerCopyBlocks: number;
  readonly areaChunks: number;
  readonly entriesPerArea: number;
  readonly entriesPerBlock: number;
  /** Number of data slots the image can hold. */
  readonly slotCapacity: number;

  constructor(
    readonly blockSize: number,
    readonly chunkSizeBytes: number,
    readonly imageBlockCount: number,
  ) {
    this.chunkBlocks = chunkSizeBytes / blockSize;
    this.headerCopyBlocks = headerCopyBlocks(blockSize);
    this.headerChunks = Math.ceil((2 * this.headerCopyBlocks) / this.chunkBlocks);
    this.areaChunks = Math.max(1, Math.ceil(1024 / chunkSizeBytes));
    this.entriesPerBlock = Math.floor(blockSize / ENTRY_BYTES);
    this.entriesPerArea = this.areaChunks * this.chunkBlocks * this.entriesPerBlock;
    const chunks = Math.floor(imageBlockCount / this.chunkBlocks) - this.headerChunks;
    const group = 2 * this.areaChunks + this.entriesPerArea;
    const whole = Math.max(0, Math.floor(chunks / group));
    const rest = Math.max(0, chunks - whole * group);
    this.slotCapacity = whole * this.entriesPerArea + Math.max(0, rest - 2 * this.areaChunks);
  }

  /** First block of header copy 0 (A) or 1 (B). */
  headerBlock(copy: 0 | 1): number {
    return copy * this.headerCopyBlocks;
  }

  /** First block of data slot `slot`. */
  slotBlock(slot: number): number {
    const group = Math.floor(slot / this.entriesPerArea);
    const within = slot - group * this.entriesPerArea;
    const chunk = this.headerChunks + group * (2 * this.areaChunks + this.entriesPerArea) + 2 * this.areaChunks + within;
    return chunk * this.chunkBlocks;
  }

  /** First block of metadata area `group` (its mirror follows it: see mirrorOffset). */
  areaBlock(group: number): number {
    return (this.headerChunks + group * (2 * this.areaChunks + this.entriesPerArea)) * this.chunkBlocks;
  }

  /** Blocks from a metadata block to its mirror copy. */
  get mirrorOffset(): number {
    return this.areaChunks * this.chunkBlocks;
  }

  /** The metadata block holding slot's entry, and the entry's byte offset inside it. */
  entryPosition(slot: number): { block: number; offset: number } {
    const group = Math.floor(slot / this.entriesPerArea);
    const within = slot - group * this.entriesPerArea;
    const inBlock = within % this.entriesPerBlock;
    return { block: this.areaBlock(group) + (within - inBlock) / this.entriesPerBlock, offset: inBlock * ENTRY_BYTES };
  }

  get areaCount(): number {
    return Math.ceil(this.slotCapacity / this.entriesPerArea);
  }
}

/** Checks that block and chunk sizes can carry the format; returns a reason or undefined. */
export function formatUnsupportedReason(blockSize: number, chunkSizeBytes: number): string | undefined {
  if (blockSize % ENTRY_BYTES !== 0) return `block size ${blockSize} is not a multiple of ${ENTRY_BYTES} bytes`;
  if (chunkSizeBytes % blockSize !== 0) return `chunk size ${chunkSizeBytes} is not a multiple of the block size ${blockSize}`;
  return undefined;
}

/** One lookup-table entry as stored. */
export interface StoredEntry {
  kind: typeof ENTRY_CHUNK | typeof ENTRY_UNUSED;
  /** The origin chunk (ENTRY_CHUNK), or -1. */
  originChunk: number;
  dataCrc: number;
  durableBelow: number;
}

/** Writes one entry into `target` at `offset`. */
export function encodeEntry(target: Uint8Array, offset: number, slot: number, entry: StoredEntry, nonce: number): void {
  const view = new DataView(target.buffer, target.byteOffset + offset, ENTRY_BYTES);
  view.setUint32(0, entry.kind === ENTRY_CHUNK ? entry.originChunk + 1 : 0, true);
  view.setUint32(4, entry.dataCrc >>> 0, true);
  view.setUint32(8, entry.durableBelow, true);
  view.setUint32(12, entryChecksum(target, offset, slot, nonce), true);
}

/** Reads one entry; undefined when the entry is empty, stale, torn or another slot's. */
export function decodeEntry(source: Uint8Array, offset: number, slot: number, nonce: number): StoredEntry | undefined {
  const view = new DataView(source.buffer, source.byteOffset + offset, ENTRY_BYTES);
  if (entryChecksum(source, offset, slot, nonce) !== view.getUint32(12, true)) return undefined;
  const stored = view.getUint32(0, true);
  const durableBelow = view.getUint32(8, true);
  if (stored === 0) return { kind: ENTRY_UNUSED, originChunk: -1, dataCrc: 0, durableBelow };
  return { kind: ENTRY_CHUNK, originChunk: stored - 1, dataCrc: view.getUint32(4, true), durableBelow };
}

const slotBytes = new Uint8Array(4);
const slotView = new DataView(slotBytes.buffer);

function entryChecksum(bytes: Uint8Array, offset: number, slot: number, nonce: number): number {
  slotView.setUint32(0, slot, true);
  return crc32(slotBytes, crc32(bytes.subarray(offset, offset + 12), nonce));
}

/** The checksum a slot's data carries in its entry. */
export function dataChecksum(bytes: Uint8Array): number {
  return crc32(bytes);
}

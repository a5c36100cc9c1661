import { crc32 } from 'node:zlib';
import { headerCopyBlocks } from './image-header.js';

export * from './image-header.js';

/**
 * The on-disk format of a snapshot image (version 2), in the spirit of dm-snapshot's persistent
 * exception store, with the checksums dm-snapshot lacks. All integers little-endian. The image is
 * divided into chunks:
 *
 *   [header copies A and B: H chunks] [area 0: A chunks][data: E chunks] [area 1: ...][data] ...
 *
 * Header: see image-header.ts. Metadata area g (A = max(1, ceil(4096 / chunkSize)) chunks) holds
 * E entries, one per data slot of group g, in slot order, floor(blockSize / 32) to a block (an
 * entry never straddles two blocks, so a torn metadata write tears whole entries). Entry (32 bytes):
 *   0 originChunk + 1 (u32 low) | 4 originChunk + 1 (u32 high) | 8 slot u32 | 12 CRC-32 of the
 *   slot's data (the whole chunk as copied) | 16 durableBelow u32 | 20 kind u32 (1 chunk, 2 unused
 *   slot) | 24 reserved | 28 CRC-32 of bytes 0..27 seeded with the header's nonce.
 * Entries are written once: a slot's data never changes after its entry is durable (a dual write
 * moves the chunk to a new slot whose entry supersedes the old one: the highest slot of a chunk
 * wins), so the data checksum stays true and a crash leaves either the old or the new entry.
 * durableBelow: when the entry was written, every slot below it had a durable entry. A slot below
 * any entry's durableBelow that holds no valid entry is damage, not a crash, and the snapshot is
 * invalid. An entry whose CRC does not match (never written, torn, or left by an earlier snapshot)
 * is empty. Loading scans areas until one holds no valid entry.
 */
export const ENTRY_BYTES = 32;
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
    this.areaChunks = Math.max(1, Math.ceil(4096 / chunkSizeBytes));
    this.entriesPerBlock = Math.floor(blockSize / ENTRY_BYTES);
    this.entriesPerArea = this.areaChunks * this.chunkBlocks * this.entriesPerBlock;
    const chunks = Math.floor(imageBlockCount / this.chunkBlocks) - this.headerChunks;
    const group = this.areaChunks + this.entriesPerArea;
    const whole = Math.max(0, Math.floor(chunks / group));
    const rest = Math.max(0, chunks - whole * group);
    this.slotCapacity = whole * this.entriesPerArea + Math.max(0, rest - this.areaChunks);
  }

  /** First block of header copy 0 (A) or 1 (B). */
  headerBlock(copy: 0 | 1): number {
    return copy * this.headerCopyBlocks;
  }

  /** First block of data slot `slot`. */
  slotBlock(slot: number): number {
    const group = Math.floor(slot / this.entriesPerArea);
    const within = slot - group * this.entriesPerArea;
    const chunk = this.headerChunks + group * (this.areaChunks + this.entriesPerArea) + this.areaChunks + within;
    return chunk * this.chunkBlocks;
  }

  /** First block of metadata area `group`. */
  areaBlock(group: number): number {
    return (this.headerChunks + group * (this.areaChunks + this.entriesPerArea)) * this.chunkBlocks;
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
  if (blockSize < ENTRY_BYTES || blockSize % 16 !== 0) return `block size ${blockSize} is not a multiple of 16 bytes of at least ${ENTRY_BYTES}`;
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
  const stored = entry.kind === ENTRY_CHUNK ? entry.originChunk + 1 : 0;
  view.setUint32(0, stored >>> 0, true);
  view.setUint32(4, Math.floor(stored / 0x1_0000_0000), true);
  view.setUint32(8, slot, true);
  view.setUint32(12, entry.dataCrc >>> 0, true);
  view.setUint32(16, entry.durableBelow, true);
  view.setUint32(20, entry.kind, true);
  view.setUint32(24, 0, true);
  view.setUint32(28, crc32(target.subarray(offset, offset + 28), nonce), true);
}

/** Reads one entry; undefined when the entry is empty, stale or torn. */
export function decodeEntry(source: Uint8Array, offset: number, slot: number, nonce: number): StoredEntry | undefined {
  const view = new DataView(source.buffer, source.byteOffset + offset, ENTRY_BYTES);
  if (view.getUint32(8, true) !== slot) return undefined;
  if (crc32(source.subarray(offset, offset + 28), nonce) !== view.getUint32(28, true)) return undefined;
  const kind = view.getUint32(20, true);
  const stored = view.getUint32(0, true) + view.getUint32(4, true) * 0x1_0000_0000;
  if (kind === ENTRY_UNUSED && stored === 0) return { kind, originChunk: -1, dataCrc: 0, durableBelow: view.getUint32(16, true) };
  if (kind !== ENTRY_CHUNK || stored === 0) return undefined;
  return { kind, originChunk: stored - 1, dataCrc: view.getUint32(12, true), durableBelow: view.getUint32(16, true) };
}

/** The checksum a slot's data carries in its entry. */
export function dataChecksum(bytes: Uint8Array): number {
  return crc32(bytes);
}

import { crc32 } from 'node:zlib';
import { ImageFormatError } from './errors.js';

/**
 * The on-disk format of a snapshot image (version 1), in the spirit of dm-snapshot's persistent
 * exception store. All integers little-endian. The image is divided into chunks:
 *
 *   [header: H chunks] [area 0: A chunks][data: E chunks] [area 1: A chunks][data: E chunks] ...
 *
 * Header (first 256 bytes of chunk 0; H = ceil(256 / chunkSize)):
 *   0 magic "COWSNAP\0" | 8 version u32 | 12 blockSize u32 | 16 chunkSizeBytes u32 | 20 state u32
 *   (1 valid, 2 invalid, 3 deleted) | 24 snapshotId u32 | 28 areaChunks u32 | 32 preserveSequence
 *   f64 | 40 createdAtNs f64 | 48 originBlockCount f64 | 56 imageBlockCount f64 | 64 reasonLength
 *   u32 | 68 reason UTF-8 (<= 184 bytes) | 252 CRC-32 of bytes 0..251.
 * Metadata area g (A = max(1, ceil(4096 / chunkSize)) chunks) holds E = A * chunkSize / 16
 * entries, one per data slot of group g, in slot order. Entry (16 bytes):
 *   0 originChunk + 1 (u32 low) | 4 originChunk + 1 (u32 high) | 8 slot u32 | 12 CRC-32 of bytes
 *   0..11 seeded with the header's nonce.
 * An entry whose CRC does not match (never written, torn, or left by an earlier snapshot that
 * used the same space) counts as empty. Loading scans areas until one holds no valid entry, so a
 * crash may leave at most E - 1 slots of one area unrecorded in a row without losing later ones.
 */
export const FORMAT_MAGIC = 'COWSNAP\0';
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 256;
export const ENTRY_BYTES = 16;
const REASON_MAX_BYTES = 184;
const MAGIC_BYTES = new TextEncoder().encode(FORMAT_MAGIC);

export type PersistedState = 'valid' | 'invalid' | 'deleted';
const stateCodes: Record<PersistedState, number> = { valid: 1, invalid: 2, deleted: 3 };

export interface ImageHeader {
  blockSize: number;
  chunkSizeBytes: number;
  state: PersistedState;
  snapshotId: number;
  preserveSequence: number;
  createdAtNs: number;
  originBlockCount: number;
  imageBlockCount: number;
  reason: string;
}

/** Where things live on one snapshot image, derived from its sizes. */
export class ImageLayout {
  readonly chunkBlocks: number;
  readonly headerChunks: number;
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
    this.headerChunks = Math.ceil(HEADER_BYTES / chunkSizeBytes);
    this.areaChunks = Math.max(1, Math.ceil(4096 / chunkSizeBytes));
    this.entriesPerArea = (this.areaChunks * chunkSizeBytes) / ENTRY_BYTES;
    this.entriesPerBlock = blockSize / ENTRY_BYTES;
    const chunks = Math.floor(imageBlockCount / this.chunkBlocks) - this.headerChunks;
    const group = this.areaChunks + this.entriesPerArea;
    const whole = Math.max(0, Math.floor(chunks / group));
    const rest = Math.max(0, chunks - whole * group);
    this.slotCapacity = whole * this.entriesPerArea + Math.max(0, rest - this.areaChunks);
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
    const byte = within * ENTRY_BYTES;
    return { block: this.areaBlock(group) + Math.floor(byte / this.blockSize), offset: byte % this.blockSize };
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

/** The seed that ties metadata entries to one snapshot's header, so stale entries read as empty. */
export function headerNonce(header: ImageHeader): number {
  const identity = new DataView(new ArrayBuffer(24));
  identity.setUint32(0, header.snapshotId, true);
  identity.setFloat64(8, header.preserveSequence, true);
  identity.setFloat64(16, header.createdAtNs, true);
  return crc32(new Uint8Array(identity.buffer));
}

/** Encodes the header into `headerChunks * chunkSize` bytes. */
export function encodeHeader(header: ImageHeader, layout: ImageLayout): Uint8Array {
  const bytes = new Uint8Array(layout.headerChunks * layout.chunkSizeBytes);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC_BYTES, 0);
  view.setUint32(8, FORMAT_VERSION, true);
  view.setUint32(12, header.blockSize, true);
  view.setUint32(16, header.chunkSizeBytes, true);
  view.setUint32(20, stateCodes[header.state], true);
  view.setUint32(24, header.snapshotId, true);
  view.setUint32(28, layout.areaChunks, true);
  view.setFloat64(32, header.preserveSequence, true);
  view.setFloat64(40, header.createdAtNs, true);
  view.setFloat64(48, header.originBlockCount, true);
  view.setFloat64(56, header.imageBlockCount, true);
  let reason = new TextEncoder().encode(header.reason);
  if (reason.length > REASON_MAX_BYTES) reason = reason.subarray(0, REASON_MAX_BYTES);
  view.setUint32(64, reason.length, true);
  bytes.set(reason, 68);
  view.setUint32(252, crc32(bytes.subarray(0, 252)), true);
  return bytes;
}

/** Decodes and verifies a header; a damaged or foreign image is an ImageFormatError naming `source`. */
export function decodeHeader(bytes: Uint8Array, source: string): ImageHeader {
  if (bytes.length < HEADER_BYTES) throw new ImageFormatError(`${source}: too small to hold a snapshot image header (${bytes.length} bytes)`);
  for (let i = 0; i < MAGIC_BYTES.length; i++) {
    if (bytes[i] !== MAGIC_BYTES[i]) throw new ImageFormatError(`${source}: not a cowsim snapshot image (bad magic; expected "COWSNAP")`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const storedCrc = view.getUint32(252, true);
  if (crc32(bytes.subarray(0, 252)) !== storedCrc) throw new ImageFormatError(`${source}: snapshot image header is damaged (checksum mismatch)`);
  const version = view.getUint32(8, true);
  if (version !== FORMAT_VERSION) throw new ImageFormatError(`${source}: snapshot image format version ${version}; this cowsim reads version ${FORMAT_VERSION}`);
  const stateCode = view.getUint32(20, true);
  const state = (Object.keys(stateCodes) as PersistedState[]).find((name) => stateCodes[name] === stateCode);
  if (state === undefined) throw new ImageFormatError(`${source}: unknown snapshot state code ${stateCode}`);
  const reasonLength = view.getUint32(64, true);
  return {
    blockSize: view.getUint32(12, true),
    chunkSizeBytes: view.getUint32(16, true),
    state,
    snapshotId: view.getUint32(24, true),
    preserveSequence: view.getFloat64(32, true),
    createdAtNs: view.getFloat64(40, true),
    originBlockCount: view.getFloat64(48, true),
    imageBlockCount: view.getFloat64(56, true),
    reason: new TextDecoder().decode(bytes.subarray(68, 68 + Math.min(reasonLength, REASON_MAX_BYTES))),
  };
}

/** Writes one entry into `target` at `offset`. */
export function encodeEntry(target: Uint8Array, offset: number, originChunk: number, slot: number, nonce: number): void {
  const view = new DataView(target.buffer, target.byteOffset + offset, ENTRY_BYTES);
  const stored = originChunk + 1;
  view.setUint32(0, stored >>> 0, true);
  view.setUint32(4, Math.floor(stored / 0x1_0000_0000), true);
  view.setUint32(8, slot, true);
  view.setUint32(12, crc32(target.subarray(offset, offset + 12), nonce), true);
}

/** Reads one entry; returns the origin chunk, or -1 when the entry is empty, stale or torn. */
export function decodeEntry(source: Uint8Array, offset: number, slot: number, nonce: number): number {
  const view = new DataView(source.buffer, source.byteOffset + offset, ENTRY_BYTES);
  const stored = view.getUint32(0, true) + view.getUint32(4, true) * 0x1_0000_0000;
  if (stored === 0 || view.getUint32(8, true) !== slot) return -1;
  if (crc32(source.subarray(offset, offset + 12), nonce) !== view.getUint32(12, true)) return -1;
  return stored - 1;
}

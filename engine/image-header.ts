import { crc32 } from 'node:zlib';
import { ImageFormatError } from './errors.js';

/**
 * The header of a snapshot image (format version 2). It is kept twice, in copies A and B at the
 * start of the image; each update goes to the copy not holding the newest valid header, with a
 * serial one higher, so a torn or lost header write leaves the previous header readable (the
 * superblock ring of ext4/ZFS in small). All integers little-endian; each copy is 256 bytes:
 *   0 magic "COWSNAP\0" | 8 version u32 | 12 blockSize u32 | 16 chunkSizeBytes u32 | 20 state u32
 *   (1 valid, 2 invalid, 3 deleted) | 24 snapshotId u32 | 28 areaChunks u32 | 32 preserveSequence
 *   f64 | 40 createdAtNs f64 | 48 originBlockCount f64 | 56 imageBlockCount f64 | 64 generation
 *   u32 | 68 serial u32 | 72 reasonLength u32 | 76 reason UTF-8 (<= 176 bytes) | 252 CRC-32 of
 *   bytes 0..251.
 * The generation counts the snapshots an image has held: a new snapshot takes the image's
 * newest generation + 1, and it seeds the checksums of the lookup-table entries, so entries an
 * earlier snapshot left on the image never read as valid, even when the snapshot id, sequence
 * number and creation time repeat (a volume reopened without this image).
 */
export const FORMAT_MAGIC = 'COWSNAP\0';
export const FORMAT_VERSION = 2;
export const HEADER_BYTES = 256;
const REASON_MAX_BYTES = 176;
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
  generation: number;
  serial: number;
}

/** Blocks one header copy takes: copy A starts at block 0, copy B right after it. */
export function headerCopyBlocks(blockSize: number): number {
  return Math.ceil(HEADER_BYTES / blockSize);
}

/** The seed that ties metadata entries to one snapshot's header, so stale entries read as empty. */
export function headerNonce(header: ImageHeader): number {
  const identity = new DataView(new ArrayBuffer(32));
  identity.setUint32(0, header.snapshotId, true);
  identity.setUint32(4, header.generation, true);
  identity.setFloat64(8, header.preserveSequence, true);
  identity.setFloat64(16, header.createdAtNs, true);
  return crc32(new Uint8Array(identity.buffer));
}

/** Encodes one header copy into `headerCopyBlocks * blockSize` bytes. */
export function encodeHeader(header: ImageHeader, areaChunks: number): Uint8Array {
  const bytes = new Uint8Array(headerCopyBlocks(header.blockSize) * header.blockSize);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC_BYTES, 0);
  view.setUint32(8, FORMAT_VERSION, true);
  view.setUint32(12, header.blockSize, true);
  view.setUint32(16, header.chunkSizeBytes, true);
  view.setUint32(20, stateCodes[header.state], true);
  view.setUint32(24, header.snapshotId, true);
  view.setUint32(28, areaChunks, true);
  view.setFloat64(32, header.preserveSequence, true);
  view.setFloat64(40, header.createdAtNs, true);
  view.setFloat64(48, header.originBlockCount, true);
  view.setFloat64(56, header.imageBlockCount, true);
  view.setUint32(64, header.generation, true);
  view.setUint32(68, header.serial, true);
  let reason = new TextEncoder().encode(header.reason);
  if (reason.length > REASON_MAX_BYTES) reason = reason.subarray(0, REASON_MAX_BYTES);
  view.setUint32(72, reason.length, true);
  bytes.set(reason, 76);
  view.setUint32(252, crc32(bytes.subarray(0, 252)), true);
  return bytes;
}

/** What one header copy holds: a header, nothing ever written, or damage (with why). */
export type HeaderCopy = { kind: 'header'; header: ImageHeader } | { kind: 'blank' } | { kind: 'damaged'; reason: string };

/** Decodes one header copy without throwing. */
export function readHeaderCopy(bytes: Uint8Array): HeaderCopy {
  if (bytes.length < HEADER_BYTES) return { kind: 'damaged', reason: `too small to hold a snapshot image header (${bytes.length} bytes)` };
  const head = bytes.subarray(0, HEADER_BYTES);
  if (head.every((byte) => byte === 0)) return { kind: 'blank' };
  for (let i = 0; i < MAGIC_BYTES.length; i++) {
    if (head[i] !== MAGIC_BYTES[i]) return { kind: 'damaged', reason: 'not a cowsim snapshot image (bad magic; expected "COWSNAP")' };
  }
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (crc32(head.subarray(0, 252)) !== view.getUint32(252, true)) return { kind: 'damaged', reason: 'snapshot image header is damaged (checksum mismatch)' };
  const version = view.getUint32(8, true);
  if (version !== FORMAT_VERSION) return { kind: 'damaged', reason: `snapshot image format version ${version}; this cowsim reads version ${FORMAT_VERSION}` };
  const stateCode = view.getUint32(20, true);
  const state = (Object.keys(stateCodes) as PersistedState[]).find((name) => stateCodes[name] === stateCode);
  if (state === undefined) return { kind: 'damaged', reason: `unknown snapshot state code ${stateCode}` };
  const reasonLength = view.getUint32(72, true);
  return {
    kind: 'header',
    header: {
      blockSize: view.getUint32(12, true),
      chunkSizeBytes: view.getUint32(16, true),
      state,
      snapshotId: view.getUint32(24, true),
      preserveSequence: view.getFloat64(32, true),
      createdAtNs: view.getFloat64(40, true),
      originBlockCount: view.getFloat64(48, true),
      imageBlockCount: view.getFloat64(56, true),
      generation: view.getUint32(64, true),
      serial: view.getUint32(68, true),
      reason: new TextDecoder().decode(head.subarray(76, 76 + Math.min(reasonLength, REASON_MAX_BYTES))),
    },
  };
}

/** The newest valid header of the two copies, and which copy holds it (0 = A, 1 = B). */
export interface NewestHeader {
  header: ImageHeader;
  copy: 0 | 1;
}

/**
 * Picks the newest valid copy. Throws an ImageFormatError naming `source` when neither copy is
 * valid and one holds something (damage); returns undefined when both are blank.
 */
export function newestHeader(copies: [Uint8Array, Uint8Array], source: string): NewestHeader | undefined {
  const read = copies.map(readHeaderCopy);
  let newest: NewestHeader | undefined;
  read.forEach((copy, index) => {
    if (copy.kind !== 'header') return;
    if (newest === undefined || copy.header.serial > newest.header.serial) newest = { header: copy.header, copy: index as 0 | 1 };
  });
  if (newest !== undefined) return newest;
  const damage = read.find((copy): copy is { kind: 'damaged'; reason: string } => copy.kind === 'damaged');
  if (damage !== undefined) throw new ImageFormatError(`${source}: ${damage.reason}`);
  return undefined;
}

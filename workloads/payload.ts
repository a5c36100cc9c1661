/**
 * Self-describing block content (fio's verify header, in small): every block a workload writes
 * names the write that produced it, so a mismatch report says which write was expected and which
 * was found. Layout, little-endian, in the first 32 bytes of the payload block:
 *   0 magic "CWB1" u32 | 4 writeId u32 | 8 block address f64 | 16 writer (workload index) u16 |
 *   18 job u16 | 20 write sequence of the writer u32 | 24 reserved u32 | 28 CRC-32 of bytes 0..27
 * Write ids count writes in receive order from 1; 0 means the initial (all zero) content.
 *
 * Stamping and checking run once per block of every I/O, so both work in place on the bytes:
 * no DataView, no object and no native call per block (the CRC-32 is zlib's, computed from a
 * table). Only a block that fails its check is decoded into objects, for the report.
 */

const MAGIC = 0x31425743; // "CWB1"
export const PAYLOAD_HEADER_BYTES = 32;
const CHECKED_BYTES = 28;

/** What stampedWriteId returns for a block that is neither a valid stamp nor the initial zeros. */
export const GARBAGE = -1;

export interface BlockStamp {
  writeId: number;
  block: number;
  writer: number;
  job: number;
  writerSequence: number;
}

/** What a block holds: a valid stamp, the initial zeros, or something else (damage, misplaced data). */
export type DecodedBlock = { kind: 'stamp'; stamp: BlockStamp } | { kind: 'initial' } | { kind: 'garbage'; reason: string };

/**
 * zlib's CRC-32 (reflected, polynomial 0xEDB88320), four bytes a step ("slicing by 4", as zlib
 * does): table k gives the CRC of a byte followed by k zero bytes.
 */
const CRC_TABLES = (() => {
  const tables = [new Int32Array(256), new Int32Array(256), new Int32Array(256), new Int32Array(256)] as const;
  for (let byte = 0; byte < 256; byte++) {
    let value = byte;
    for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
    tables[0][byte] = value;
  }
  for (let byte = 0; byte < 256; byte++) {
    for (let table = 1; table < 4; table++) {
      const previous = tables[table - 1][byte]!;
      tables[table][byte] = (previous >>> 8) ^ tables[0][previous & 0xff]!;
    }
  }
  return tables;
})();
const [CRC0, CRC1, CRC2, CRC3] = CRC_TABLES;

/** CRC-32 of bytes[offset, offset + length), as zlib's crc32() computes it. */
export function crc32Of(bytes: Uint8Array, offset: number, length: number): number {
  let crc = -1;
  let index = offset;
  const end = offset + length;
  for (const wordsEnd = end - 3; index < wordsEnd; index += 4) {
    crc ^= bytes[index]! | (bytes[index + 1]! << 8) | (bytes[index + 2]! << 16) | (bytes[index + 3]! << 24);
    crc = CRC3[crc & 0xff]! ^ CRC2[(crc >>> 8) & 0xff]! ^ CRC1[(crc >>> 16) & 0xff]! ^ CRC0[crc >>> 24]!;
  }
  for (; index < end; index++) crc = CRC0[(crc ^ bytes[index]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

/** The block address field: a float64 read and written through one shared 8-byte scratch. */
const addressScratch = new Float64Array(1);
const addressBytes = new Uint8Array(addressScratch.buffer);

function setUint32(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value;
  bytes[offset + 1] = value >>> 8;
  bytes[offset + 2] = value >>> 16;
  bytes[offset + 3] = value >>> 24;
}

function getUint32(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>> 0;
}

function getUint16(bytes: Uint8Array, offset: number): number {
  return bytes[offset]! | (bytes[offset + 1]! << 8);
}

function getAddress(bytes: Uint8Array, offset: number): number {
  for (let index = 0; index < 8; index++) addressBytes[index] = bytes[offset + index]!;
  return addressScratch[0]!;
}

/** Fills `count` payload blocks for one write; each block carries its own address. */
export function encodeWrite(payloadBytes: number, firstBlock: number, count: number, stamp: Omit<BlockStamp, 'block'>): Uint8Array {
  const { writeId, writer, job, writerSequence } = stamp;
  const bytes = new Uint8Array(payloadBytes * count);
  for (let index = 0; index < count; index++) {
    const offset = index * payloadBytes;
    setUint32(bytes, offset, MAGIC);
    setUint32(bytes, offset + 4, writeId);
    addressScratch[0] = firstBlock + index;
    for (let byte = 0; byte < 8; byte++) bytes[offset + 8 + byte] = addressBytes[byte]!;
    bytes[offset + 16] = writer;
    bytes[offset + 17] = writer >>> 8;
    bytes[offset + 18] = job;
    bytes[offset + 19] = job >>> 8;
    setUint32(bytes, offset + 20, writerSequence);
    setUint32(bytes, offset + 28, crc32Of(bytes, offset, CHECKED_BYTES));
  }
  return bytes;
}

/**
 * The write id a payload block at `offset` holds: its stamp's write id, 0 for the initial zeros,
 * or GARBAGE for anything else (damage, a torn block, another block's data). Allocates nothing.
 */
export function stampedWriteId(bytes: Uint8Array, offset: number, expectedBlock: number): number {
  const magic = getUint32(bytes, offset);
  if (magic === 0) {
    for (let index = 4; index < PAYLOAD_HEADER_BYTES; index++) if (bytes[offset + index] !== 0) return GARBAGE;
    return 0;
  }
  if (magic !== MAGIC) return GARBAGE;
  if (crc32Of(bytes, offset, CHECKED_BYTES) !== getUint32(bytes, offset + CHECKED_BYTES)) return GARBAGE;
  if (getAddress(bytes, offset + 8) !== expectedBlock) return GARBAGE;
  return getUint32(bytes, offset + 4);
}

/** Reads the stamp of one payload block at `offset` of `bytes`, saying what is wrong with it if anything. */
export function decodeBlock(bytes: Uint8Array, offset: number, expectedBlock: number): DecodedBlock {
  const magic = getUint32(bytes, offset);
  if (magic === 0) {
    for (let index = 0; index < PAYLOAD_HEADER_BYTES; index++) {
      if (bytes[offset + index] !== 0) return { kind: 'garbage', reason: 'no magic but non-zero bytes' };
    }
    return { kind: 'initial' };
  }
  if (magic !== MAGIC) return { kind: 'garbage', reason: `bad magic 0x${magic.toString(16)}` };
  if (crc32Of(bytes, offset, CHECKED_BYTES) !== getUint32(bytes, offset + CHECKED_BYTES)) return { kind: 'garbage', reason: 'checksum mismatch (torn or damaged block)' };
  const stamp: BlockStamp = {
    writeId: getUint32(bytes, offset + 4),
    block: getAddress(bytes, offset + 8),
    writer: getUint16(bytes, offset + 16),
    job: getUint16(bytes, offset + 18),
    writerSequence: getUint32(bytes, offset + 20),
  };
  if (stamp.block !== expectedBlock) return { kind: 'garbage', reason: `data of block ${stamp.block} (write ${stamp.writeId}) found at block ${expectedBlock}` };
  return { kind: 'stamp', stamp };
}

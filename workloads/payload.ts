/**
 * Self-describing block content (fio's verify header, in small): every block a workload writes
 * names the write that produced it, so a mismatch report says which write was expected and
 * which was found. Layout, little-endian, in the first 32 bytes of the payload block:
 *   0 magic "CWB1" u32 | 4 writeId u32 | 8 block address f64 | 16 writer (workload index) u16 |
 *   18 job u16 | 20 write sequence of the writer u32 | 24 reserved u32 | 28 CRC-32 of bytes 0..27
 * Write ids count writes in receive order from 1; 0 means the initial (all zero) content.
 */
import { crc32 } from 'node:zlib';

const MAGIC = 0x31425743; // "CWB1"
export const PAYLOAD_HEADER_BYTES = 32;

export interface BlockStamp {
  writeId: number;
  block: number;
  writer: number;
  job: number;
  writerSequence: number;
}

/** What a block holds: a valid stamp, the initial zeros, or something else (damage, misplaced data). */
export type DecodedBlock = { kind: 'stamp'; stamp: BlockStamp } | { kind: 'initial' } | { kind: 'garbage'; reason: string };

/** Fills `count` payload blocks for one write; each block carries its own address. */
export function encodeWrite(payloadBytes: number, firstBlock: number, count: number, stamp: Omit<BlockStamp, 'block'>): Uint8Array {
  const bytes = new Uint8Array(payloadBytes * count);
  const view = new DataView(bytes.buffer);
  for (let index = 0; index < count; index++) {
    const offset = index * payloadBytes;
    view.setUint32(offset, MAGIC, true);
    view.setUint32(offset + 4, stamp.writeId, true);
    view.setFloat64(offset + 8, firstBlock + index, true);
    view.setUint16(offset + 16, stamp.writer, true);
    view.setUint16(offset + 18, stamp.job, true);
    view.setUint32(offset + 20, stamp.writerSequence, true);
    view.setUint32(offset + 28, crc32(bytes.subarray(offset, offset + 28)), true);
  }
  return bytes;
}

/** Reads the stamp of one payload block at `offset` of `bytes`. */
export function decodeBlock(bytes: Uint8Array, offset: number, expectedBlock: number): DecodedBlock {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, PAYLOAD_HEADER_BYTES);
  const magic = view.getUint32(0, true);
  if (magic === 0) {
    for (let index = 0; index < PAYLOAD_HEADER_BYTES; index++) {
      if (bytes[offset + index] !== 0) return { kind: 'garbage', reason: 'no magic but non-zero bytes' };
    }
    return { kind: 'initial' };
  }
  if (magic !== MAGIC) return { kind: 'garbage', reason: `bad magic 0x${magic.toString(16)}` };
  if (crc32(bytes.subarray(offset, offset + 28)) !== view.getUint32(28, true)) return { kind: 'garbage', reason: 'checksum mismatch (torn or damaged block)' };
  const stamp: BlockStamp = {
    writeId: view.getUint32(4, true),
    block: view.getFloat64(8, true),
    writer: view.getUint16(16, true),
    job: view.getUint16(18, true),
    writerSequence: view.getUint32(20, true),
  };
  if (stamp.block !== expectedBlock) return { kind: 'garbage', reason: `data of block ${stamp.block} (write ${stamp.writeId}) found at block ${expectedBlock}` };
  return { kind: 'stamp', stamp };
}

import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32Of, decodeBlock, encodeWrite, GARBAGE, stampedWriteId } from '../../workloads/payload.js';

const PAYLOAD = 64;

describe('payload stamps checked in place', () => {
  it("computes zlib's CRC-32", () => {
    const bytes = new Uint8Array(300).map((_, index) => (index * 131 + 7) & 0xff);
    for (const [offset, length] of [[0, 0], [0, 1], [3, 3], [0, 28], [5, 28], [2, 31], [17, 200], [0, 300]] as const) {
      expect(crc32Of(bytes, offset, length)).toBe(crc32(bytes.subarray(offset, offset + length)));
    }
  });

  it('keeps the header layout: magic, write id, f64 address, writer, job, sequence, CRC-32 of bytes 0..27', () => {
    const bytes = encodeWrite(PAYLOAD, 2 ** 40 + 3, 1, { writeId: 0xfffffffe, writer: 513, job: 65535, writerSequence: 0x80000001 });
    const view = new DataView(bytes.buffer);
    expect(view.getUint32(0, true)).toBe(0x31425743);
    expect(view.getUint32(4, true)).toBe(0xfffffffe);
    expect(view.getFloat64(8, true)).toBe(2 ** 40 + 3);
    expect(view.getUint16(16, true)).toBe(513);
    expect(view.getUint16(18, true)).toBe(65535);
    expect(view.getUint32(20, true)).toBe(0x80000001);
    expect(view.getUint32(28, true)).toBe(crc32(bytes.subarray(0, 28)));
    expect(bytes.subarray(32).every((byte) => byte === 0)).toBe(true);
  });

  it('reads the write id of a good stamp, 0 for the initial zeros, and GARBAGE for anything else, agreeing with decodeBlock', () => {
    const bytes = encodeWrite(PAYLOAD, 100, 3, { writeId: 42, writer: 1, job: 2, writerSequence: 3 });
    expect(stampedWriteId(bytes, PAYLOAD * 2, 102)).toBe(42);
    expect(stampedWriteId(new Uint8Array(PAYLOAD), 0, 7)).toBe(0);
    expect(stampedWriteId(bytes, 0, 101)).toBe(GARBAGE); // another block's data
    const cases: [string, (copy: Uint8Array) => void][] = [
      ['flipped address bit', (copy) => (copy[9] ^= 1)],
      ['flipped checksum bit', (copy) => (copy[30] ^= 4)],
      ['bad magic', (copy) => (copy[0] = 0x55)],
      ['zero magic, non-zero rest', (copy) => copy.fill(0, 0, 4)],
    ];
    for (const [name, damage] of cases) {
      const copy = bytes.slice(0, PAYLOAD);
      damage(copy);
      expect(stampedWriteId(copy, 0, 100), name).toBe(GARBAGE);
      expect(decodeBlock(copy, 0, 100).kind, name).toBe('garbage');
    }
    const zeroTail = new Uint8Array(PAYLOAD);
    zeroTail[31] = 1;
    expect(stampedWriteId(zeroTail, 0, 0)).toBe(GARBAGE);
  });
});

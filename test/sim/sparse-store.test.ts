import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SparseStore } from '../../sim/sparse-store.js';

describe('SparseStore', () => {
  it('gives a view of blocks within one page without a copy, zeros where nothing was written, and none across pages', () => {
    const store = new SparseStore(32, 1000, 32 * 16);
    store.write(20, new Uint8Array(32 * 2).fill(9));
    const view = store.view(19, 4)!;
    expect(Array.from(view.subarray(0, 32)).every((byte) => byte === 0)).toBe(true);
    expect(Array.from(view.subarray(32, 96)).every((byte) => byte === 9)).toBe(true);
    store.write(21, new Uint8Array(32).fill(5));
    expect(view[64]).toBe(5); // a view, not a copy
    expect(Array.from(store.view(100, 3)!).every((byte) => byte === 0)).toBe(true);
    expect(store.view(100, 3)!.length).toBe(96);
    expect(store.view(15, 2)).toBeUndefined();
    expect(store.allocatedBytes).toBe(32 * 16);
  });

  it('allocates nothing for zeros written where nothing was, and still overwrites data with zeros', () => {
    const store = new SparseStore(32, 1000, 32 * 16);
    store.write(100, new Uint8Array(32 * 50));
    expect(store.allocatedBytes).toBe(0);
    store.write(5, new Uint8Array(32).fill(7));
    expect(store.allocatedBytes).toBe(32 * 16);
    store.write(0, new Uint8Array(32 * 16)); // zeros over the page that holds block 5
    const back = new Uint8Array(32 * 16).fill(1);
    store.read(0, 16, back);
    expect(back.every((byte) => byte === 0)).toBe(true);
    expect(store.allocatedBytes).toBe(32 * 16);
  });

  it('behaves like a flat array across page boundaries (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 3, 16, 200),
        fc.array(fc.record({ block: fc.nat(99), count: fc.integer({ min: 1, max: 12 }), value: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 255 })) }), { maxLength: 30 }),
        (blockSize, writes) => {
          const blockCount = 100;
          const store = new SparseStore(blockSize, blockCount, 7 * blockSize + 1); // odd page size: 7 blocks
          const flat = new Uint8Array(blockSize * blockCount);
          for (const { block, count, value } of writes) {
            const blocks = Math.min(count, blockCount - block);
            // value 0: a write of zeros, which must still overwrite whatever a page holds.
            const data = new Uint8Array(blocks * blockSize).map((_, index) => (value === 0 ? 0 : (value + index) & 0xff));
            store.write(block, data);
            flat.set(data, block * blockSize);
          }
          const all = new Uint8Array(flat.length).fill(0xaa);
          store.read(0, blockCount, all);
          expect(all).toEqual(flat);
          const some = new Uint8Array(13 * blockSize);
          store.read(40, 13, some, 0, true);
          expect(some).toEqual(flat.subarray(40 * blockSize, 53 * blockSize));
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('allocates only the pages written, never past the end of the device', () => {
    const store = new SparseStore(64, 1e9);
    expect(store.allocatedBytes).toBe(0);
    store.write(1e9 - 1, new Uint8Array(64).fill(1));
    store.write(5, new Uint8Array(64).fill(2));
    store.write(6, new Uint8Array(64).fill(3));
    // A full page of 1024 blocks, and the device's last page, short: 1e9 mod 1024 = 512 blocks.
    expect(store.allocatedBytes).toBe(64 * 1024 + 512 * 64);
    const target = new Uint8Array(64 * 3);
    store.read(1e9 - 3, 3, target);
    expect(target[0]).toBe(0);
    expect(target[191]).toBe(1);
    const small = new SparseStore(100, 10, 64 * 1024);
    small.write(9, new Uint8Array(100).fill(4));
    expect(small.allocatedBytes).toBe(1000);
  });
});

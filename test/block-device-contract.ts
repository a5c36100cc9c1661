/**
 * The one contract every BlockDevice honours (design.md section 6, after random-access-storage):
 * MemoryDevice, FileDevice and SimDevice run this same suite. It uses only the BlockDevice
 * interface; `make` returns a fresh device (of at least 4 blocks) whose promises settle on their
 * own (a simulated device needs a driver that runs its kernel).
 */
import { describe, expect, it } from 'vitest';
import type { BlockDevice } from '../engine/block-device.js';
import { DeviceError } from '../engine/errors.js';

/** A block of recognisable bytes: seed, block and position all show in the content. */
function pattern(device: BlockDevice, block: number, seed: number, count = 1): Uint8Array {
  const data = new Uint8Array(count * device.blockSize);
  for (let index = 0; index < data.length; index++) {
    data[index] = (seed * 31 + (block + Math.floor(index / device.blockSize)) * 7 + index) & 0xff;
  }
  return data;
}

/** Makes a call's synchronous throw and its rejection look the same. */
async function attempt<T>(call: () => Promise<T>): Promise<T> {
  return call();
}

export function describeBlockDevice(name: string, make: () => BlockDevice | Promise<BlockDevice>): void {
  describe(`BlockDevice contract: ${name}`, () => {
    it('has positive integer sizes and at least 4 blocks', async () => {
      const device = await make();
      expect(Number.isInteger(device.blockSize) && device.blockSize > 0).toBe(true);
      expect(Number.isInteger(device.blockCount) && device.blockCount >= 4).toBe(true);
    });

    it('reads blocks never written as zeros', async () => {
      const device = await make();
      const last = device.blockCount - 1;
      expect(await device.read(0, 1)).toEqual(new Uint8Array(device.blockSize));
      expect(await device.read(last, 1)).toEqual(new Uint8Array(device.blockSize));
      expect(await device.read(1, 3)).toEqual(new Uint8Array(3 * device.blockSize));
    });

    it('reads back what was written, first and last block included', async () => {
      const device = await make();
      const last = device.blockCount - 1;
      await device.write(0, pattern(device, 0, 1));
      await device.write(last, pattern(device, last, 2));
      expect(await device.read(0, 1)).toEqual(pattern(device, 0, 1));
      expect(await device.read(last, 1)).toEqual(pattern(device, last, 2));
    });

    it('resolves a read with exactly count * blockSize bytes', async () => {
      const device = await make();
      const data = await device.read(0, 2);
      expect(data).toBeInstanceOf(Uint8Array);
      expect(data.length).toBe(2 * device.blockSize);
    });

    it('writes several blocks at once, readable one by one and together', async () => {
      const device = await make();
      const data = pattern(device, 1, 3, 3);
      await device.write(1, data);
      for (let index = 0; index < 3; index++) {
        const expected = data.subarray(index * device.blockSize, (index + 1) * device.blockSize);
        expect(await device.read(1 + index, 1)).toEqual(expected);
      }
      expect(await device.read(1, 3)).toEqual(data);
      // A read straddling written and unwritten blocks.
      const straddle = await device.read(0, 2);
      expect(straddle.subarray(0, device.blockSize)).toEqual(new Uint8Array(device.blockSize));
      expect(straddle.subarray(device.blockSize)).toEqual(data.subarray(0, device.blockSize));
    });

    it('leaves neighbouring blocks untouched and lets a write replace an earlier one', async () => {
      const device = await make();
      await device.write(0, pattern(device, 0, 4, 3));
      await device.write(1, pattern(device, 1, 5));
      expect(await device.read(0, 1)).toEqual(pattern(device, 0, 4));
      expect(await device.read(1, 1)).toEqual(pattern(device, 1, 5));
      expect(await device.read(2, 1)).toEqual(pattern(device, 0, 4, 3).subarray(2 * device.blockSize));
    });

    it('keeps concurrent writes to different blocks', async () => {
      const device = await make();
      const blocks = [0, 1, 2, 3].map((index) => index % device.blockCount);
      await Promise.all(blocks.map((block) => device.write(block, pattern(device, block, 6))));
      const read = await Promise.all(blocks.map((block) => device.read(block, 1)));
      blocks.forEach((block, index) => expect(read[index]).toEqual(pattern(device, block, 6)));
    });

    it('does not alias buffers: changing a read result or a written buffer afterwards changes nothing', async () => {
      const device = await make();
      const data = pattern(device, 2, 7);
      await device.write(2, data);
      data.fill(0xee);
      const first = await device.read(2, 1);
      expect(first).toEqual(pattern(device, 2, 7));
      first.fill(0xdd);
      expect(await device.read(2, 1)).toEqual(pattern(device, 2, 7));
    });

    it('flushes', async () => {
      const device = await make();
      await device.write(0, pattern(device, 0, 8));
      await device.flush();
      expect(await device.read(0, 1)).toEqual(pattern(device, 0, 8));
    });

    it('rejects reads outside the device or of no blocks with a DeviceError', async () => {
      const device = await make();
      const count = device.blockCount;
      for (const [block, blocks] of [
        [-1, 1],
        [count, 1],
        [count - 1, 2],
        [0, 0],
        [0, -1],
        [0.5, 1],
        [0, 1.5],
      ] as const) {
        await expect(attempt(() => device.read(block, blocks)), `read(${block}, ${blocks})`).rejects.toBeInstanceOf(DeviceError);
      }
    });

    it('rejects writes outside the device or of a partial block with a DeviceError', async () => {
      const device = await make();
      const size = device.blockSize;
      const count = device.blockCount;
      const cases: [number, Uint8Array][] = [
        [-1, new Uint8Array(size)],
        [count, new Uint8Array(size)],
        [count - 1, new Uint8Array(2 * size)],
        [0, new Uint8Array(0)],
        [0, new Uint8Array(size + 1)],
        [0.5, new Uint8Array(size)],
      ];
      if (size > 1) cases.push([0, new Uint8Array(size - 1)]);
      for (const [block, data] of cases) {
        await expect(attempt(() => device.write(block, data)), `write(${block}, ${data.length} bytes)`).rejects.toBeInstanceOf(DeviceError);
      }
      // A refused write changes nothing.
      expect(await device.read(count - 1, 1)).toEqual(new Uint8Array(size));
    });
  });
}

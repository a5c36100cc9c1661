import { DeviceError } from './errors.js';

/**
 * A linear array of fixed-size blocks. Memory, a real file and a simulated disk implement it,
 * and the engine runs unchanged on each (design.md section 3).
 */
export interface BlockDevice {
  readonly blockSize: number;
  readonly blockCount: number;
  /** Reads `count` blocks starting at `block`; resolves with count * blockSize bytes. */
  read(block: number, count: number): Promise<Uint8Array>;
  /** Writes whole blocks starting at `block`; data.length must be a multiple of blockSize. */
  write(block: number, data: Uint8Array): Promise<void>;
  /** Resolves once every completed write is durable. */
  flush(): Promise<void>;
}

/** A BlockDevice that holds a resource (a file handle) and must be closed. */
export interface ClosableBlockDevice extends BlockDevice {
  close(): Promise<void>;
}

/** Throws a DeviceError unless [block, block + count) lies inside the device and count >= 1. */
export function checkRange(name: string, device: BlockDevice, block: number, count: number): void {
  if (!Number.isInteger(block) || !Number.isInteger(count) || count < 1) {
    throw new DeviceError(`${name}: block ${block} count ${count}: expected integers with count >= 1`);
  }
  if (block < 0 || block + count > device.blockCount) {
    throw new DeviceError(
      `${name}: blocks ${block}..${block + count - 1} are outside the device (0..${device.blockCount - 1})`,
    );
  }
}

/** Throws a DeviceError unless data is a non-empty whole number of blocks; returns the block count. */
export function checkWriteBuffer(name: string, device: BlockDevice, block: number, data: Uint8Array): number {
  if (!(data instanceof Uint8Array) || data.length === 0 || data.length % device.blockSize !== 0) {
    throw new DeviceError(
      `${name}: write at block ${block}: buffer of ${data?.length} bytes, expected a non-zero multiple of the block size ${device.blockSize}`,
    );
  }
  const count = data.length / device.blockSize;
  checkRange(name, device, block, count);
  return count;
}

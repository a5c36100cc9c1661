/**
 * Test helpers: a SimDevice whose kernel runs by itself whenever a request is waiting, so suites
 * written for plain BlockDevices (the shared contract) can await it directly.
 */
import type { BlockDevice } from '../../engine/block-device.js';
import type { Kernel } from '../../sim/kernel.js';

/** Wraps a device so every call makes sure its kernel runs until quiet; a failed run fails the call. */
export function driven(device: BlockDevice, kernel: Kernel): BlockDevice {
  const drive = <T>(promise: Promise<T>): Promise<T> => {
    if (kernel.isRunning) return promise;
    const run = kernel.run();
    return Promise.race([promise, run.then(() => promise)]);
  };
  return {
    blockSize: device.blockSize,
    blockCount: device.blockCount,
    read: (block, count) => drive(device.read(block, count)),
    write: (block, data) => drive(device.write(block, data)),
    flush: () => drive(device.flush()),
  };
}

/**
 * Reopening a crash state as the engine's user would after power comes back: `Volume.open` over
 * the state's origin and the snapshot images partitioned as the snapshot schedule divided the
 * store, leaving out (not failing on) images that are blank or damaged.
 */
import type { BlockDevice } from '../../engine/block-device.js';
import { MemoryDevice } from '../../engine/memory-device.js';
import { PartitionDevice } from '../../engine/partition-device.js';
import { Volume } from '../../engine/volume.js';
import type { Scenario } from '../scenario/resolve.js';

/** Blocks per snapshot image on the store, as the schedule computes it. */
export function imageBlocksOf(scenario: Scenario): number {
  return Math.floor(scenario.snapshots.imageSizeBytes / scenario.volume.blockSizeBytes);
}

/** The schedule's name for image `index`. */
export function imageName(index: number): string {
  return `snapshot image ${index}`;
}

/** The snapshot images on `store`, as the schedule made them. */
export function imagesOf(store: BlockDevice, scenario: Scenario): { device: BlockDevice; name: string }[] {
  const imageBlocks = imageBlocksOf(scenario);
  return Array.from({ length: scenario.snapshots.maxAlive }, (_, index) => ({
    device: new PartitionDevice(store, index * imageBlocks, imageBlocks, imageName(index)),
    name: imageName(index),
  }));
}

/** Opens the volume on `origin` and the images on `store`; `onlyImage` opens one image alone. */
export function reopenVolume(origin: BlockDevice, store: BlockDevice, scenario: Scenario, onlyImage?: number): Promise<Volume> {
  const images = imagesOf(store, scenario);
  return Volume.open({
    origin,
    chunkSizeBytes: scenario.volume.chunkBlocks * scenario.volume.payloadBytes,
    images: onlyImage === undefined ? images : [images[onlyImage]!],
    damagedImages: 'skip',
    locks: { policy: scenario.engine.locks, stripes: scenario.engine.stripes, mode: scenario.engine.lockMode },
  });
}

/** A copy of a memory device, so a reopen that writes (recovery) leaves the original as it was. */
export function copyDevice(device: MemoryDevice): MemoryDevice {
  const copy = new MemoryDevice(device.blockSize, device.blockCount, device.name);
  copy.writeNow(0, device.readNow(0, device.blockCount));
  return copy;
}

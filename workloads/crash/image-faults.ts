/**
 * S5: corruption injected into a snapshot image of a crash state, where a failing drive or a
 * stray write would put it: the header region, the lookup-table entry of a used slot, or the data
 * of a used slot (within the block's stamp, so a wrong read is visible). Bits flipped or bytes
 * zeroed. The engine must answer with a clear error (a CowsimError at open or read), an image left
 * out, an invalid snapshot, or the accepted values; never a wrong value silently.
 */
import { CowsimError } from '../../engine/errors.js';
import type { MemoryDevice } from '../../engine/memory-device.js';
import { ENTRY_BYTES, ImageLayout } from '../../engine/snapshot-image-format.js';
import type { RandomStream } from '../../sim/random.js';
import { PAYLOAD_HEADER_BYTES } from '../payload.js';
import type { Scenario } from '../scenario/resolve.js';
import { copyDevice, imageBlocksOf, imageName, reopenVolume } from './reopen.js';

export type FaultRegion = 'header' | 'metadata' | 'data';

export interface InjectedFault {
  image: number;
  /** The snapshot the image held when the fault was injected. */
  snapshotId: number;
  region: FaultRegion;
  /** Block within the image, and the byte range within it. */
  block: number;
  fromByte: number;
  toByte: number;
  kind: 'flip' | 'zero';
  description: string;
}

/** The valid snapshot each image holds on its own, with its used data slots (images opened one at a time, on copies). */
export async function validImages(origin: MemoryDevice, store: MemoryDevice, scenario: Scenario): Promise<{ image: number; snapshotId: number; usedSlots: number }[]> {
  const found: { image: number; snapshotId: number; usedSlots: number }[] = [];
  for (let image = 0; image < scenario.snapshots.maxAlive; image++) {
    try {
      const volume = await reopenVolume(copyDevice(origin), copyDevice(store), scenario, image);
      const info = volume.snapshots().find((snapshot) => snapshot.state === 'valid');
      if (info !== undefined) found.push({ image, snapshotId: info.id, usedSlots: info.storeChunksUsed });
    } catch (error) {
      if (!(error instanceof CowsimError)) throw error;
    }
  }
  return found;
}

/** Corrupts one image on `store` (in place); undefined when no image holds a valid snapshot. */
export async function injectImageFault(origin: MemoryDevice, store: MemoryDevice, scenario: Scenario, random: RandomStream): Promise<InjectedFault | undefined> {
  const targets = await validImages(origin, store, scenario);
  if (targets.length === 0) return undefined;
  const target = random.pick(targets);
  const { payloadBytes, chunkBlocks } = scenario.volume;
  const imageBlocks = imageBlocksOf(scenario);
  const layout = new ImageLayout(payloadBytes, chunkBlocks * payloadBytes, imageBlocks);
  const regions: FaultRegion[] = target.usedSlots > 0 ? ['header', 'metadata', 'data'] : ['header'];
  const region = random.pick(regions);
  let block: number;
  let fromByte = 0;
  let toByte = payloadBytes;
  if (region === 'header') {
    block = random.integer(0, layout.headerChunks * layout.chunkBlocks - 1);
  } else {
    const slot = random.integer(0, target.usedSlots - 1);
    if (region === 'metadata') {
      const position = layout.entryPosition(slot);
      block = position.block;
      fromByte = position.offset;
      toByte = position.offset + ENTRY_BYTES;
    } else {
      block = layout.slotBlock(slot) + random.integer(0, chunkBlocks - 1);
      toByte = Math.min(payloadBytes, PAYLOAD_HEADER_BYTES);
    }
  }
  const storeBlock = target.image * imageBlocks + block;
  const bytes = store.readNow(storeBlock, 1);
  const range = bytes.subarray(fromByte, toByte);
  let kind: 'flip' | 'zero' = random.chance(0.5) ? 'flip' : 'zero';
  // Zeroing what is already zero changes nothing: flip bits instead.
  if (kind === 'zero' && range.every((byte) => byte === 0)) kind = 'flip';
  let what: string;
  if (kind === 'zero') {
    range.fill(0);
    what = `zeroed bytes ${fromByte}..${toByte - 1}`;
  } else {
    const flips = random.integer(1, 3);
    const bits = new Set<number>();
    while (bits.size < flips) bits.add(random.integer(0, range.length * 8 - 1));
    for (const bit of bits) range[bit >> 3]! ^= 1 << (bit & 7);
    what = `flipped bit${flips === 1 ? '' : 's'} ${[...bits].sort((a, b) => a - b).map((bit) => `${fromByte + (bit >> 3)}.${bit & 7}`).join(', ')} (byte.bit)`;
  }
  store.writeNow(storeBlock, bytes);
  return {
    image: target.image,
    snapshotId: target.snapshotId,
    region,
    block,
    fromByte,
    toByte,
    kind,
    description: `${region} of ${imageName(target.image)} (snapshot ${target.snapshotId}), block ${block}: ${what}`,
  };
}

/**
 * Checks at the end of a run beyond the views' contents (design.md section 2's blind spots):
 * every snapshot became invalid exactly when its store filled, and the volume reopened from its
 * devices (as after a clean shutdown) has the same snapshots with the same contents.
 */
import type { BlockDevice } from '../engine/block-device.js';
import { Volume } from '../engine/volume.js';
import type { Oracle } from './oracle.js';
import type { SnapshotResult } from './run-result.js';

const STORE_FULL = 'snapshot store full';

/**
 * A snapshot invalid because its store is full must have used every slot; one still valid must
 * not have needed more slots than its image has (each chunk written after its command takes one).
 */
export function checkStoreFull(snapshots: readonly SnapshotResult[], oracle: Oracle, chunkBlocks: number): void {
  for (const snapshot of snapshots) {
    const view = `snapshot ${snapshot.id}`;
    if (snapshot.state === 'invalid' && snapshot.reason.startsWith(STORE_FULL) && snapshot.storeChunksUsed !== snapshot.storeChunksCapacity) {
      oracle.addFinding(view, 'store check', `invalid as full only with all ${snapshot.storeChunksCapacity} chunks used`, `${snapshot.storeChunksUsed} used`);
    }
    if (snapshot.state !== 'valid') continue;
    const needed = oracle.chunksWrittenSince(snapshot.id, chunkBlocks);
    if (needed > snapshot.storeChunksCapacity) {
      oracle.addFinding(view, 'store check', `invalid (store full): ${needed} chunks written since its command, ${snapshot.storeChunksCapacity} fit`, 'valid');
    }
  }
}

export interface ReopenCheck {
  origin: BlockDevice;
  images: { device: BlockDevice; name: string }[];
  chunkSizeBytes: number;
  blockCount: number;
  /** Snapshots valid at the end of the run, not deleted. */
  validIds: readonly number[];
  oracle: Oracle;
  checkBlocks: number;
}

/** Reopens the volume from its closed devices and checks every view again. */
export async function reopenAndCheck(check: ReopenCheck): Promise<void> {
  const { oracle } = check;
  const volume = await Volume.open({ origin: check.origin, chunkSizeBytes: check.chunkSizeBytes, images: check.images, damagedImages: 'skip' });
  for (const image of volume.unopenedImages) {
    if (!image.blank) oracle.addFinding(image.name, 'reopen', 'an image that opens', image.reason);
  }
  const reopened = new Set(volume.snapshots().filter((info) => info.state === 'valid').map((info) => info.id));
  for (const id of reopened) {
    if (!check.validIds.includes(id)) oracle.addFinding(`snapshot ${id}`, 'reopen', 'gone (deleted or invalid before the reopen)', 'valid after the reopen');
  }
  for (const id of check.validIds) {
    if (!reopened.has(id)) oracle.addFinding(`snapshot ${id}`, 'reopen', 'valid after the reopen', 'missing or invalid');
  }
  const views: (number | 'live')[] = [...check.validIds.filter((id) => reopened.has(id)), 'live'];
  for (const view of views) {
    for (let block = 0; block < check.blockCount; block += check.checkBlocks) {
      const count = Math.min(check.checkBlocks, check.blockCount - block);
      const bytes = view === 'live' ? await volume.readLive(block, count) : await volume.readSnapshot(view, block, count);
      oracle.checkRange(view, block, bytes, 'check after reopen');
    }
  }
}

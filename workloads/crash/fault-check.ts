/**
 * S5's verdict on one injected fault: reopen the corrupted state and read the struck snapshot
 * chunk by chunk (so a clear error on one chunk does not hide a silent wrong read on another).
 * Detected: a CowsimError at open or read, the image left out, the snapshot invalid or gone.
 * Violations: a wrong or garbage value read without an error, or an error that is not a
 * CowsimError (a crash of the engine is not a clear report).
 */
import { CowsimError } from '../../engine/errors.js';
import type { MemoryDevice } from '../../engine/memory-device.js';
import type { Volume } from '../../engine/volume.js';
import type { InjectedFault } from './image-faults.js';
import type { RecordedRun } from './recorded-run.js';
import { imageName, reopenVolume } from './reopen.js';
import { type CutViews, describeError, type StateFinding } from './state-check.js';
import { checkViewBytes } from './view-check.js';

export interface FaultCheck {
  detected: boolean;
  blocksChecked: number;
  findings: StateFinding[];
}

/** Reopens `origin` and `store` (already corrupted by `fault`) and judges what the engine made of it. */
export async function checkInjectedFault(run: RecordedRun, views: CutViews, origin: MemoryDevice, store: MemoryDevice, fault: InjectedFault): Promise<FaultCheck> {
  const check: FaultCheck = { detected: false, blocksChecked: 0, findings: [] };
  const unclear = (error: unknown, when: string): void => {
    check.findings.push({ property: 'S5', view: `snapshot ${fault.snapshotId}`, found: `${when} failed with an error that is not a CowsimError: ${describeError(error)}`, unclear: true });
  };
  let volume: Volume;
  try {
    volume = await reopenVolume(origin, store, run.scenario);
  } catch (error) {
    if (error instanceof CowsimError) check.detected = true;
    else unclear(error, 'reopen');
    return check;
  }
  const info = volume.snapshots().find((snapshot) => snapshot.id === fault.snapshotId);
  if (volume.unopenedImages.some((image) => image.name === imageName(fault.image)) || info === undefined || info.state !== 'valid') {
    check.detected = true;
    return check;
  }
  const accepted = views.snapshot(fault.snapshotId)!;
  const { payloadBytes, blockCount, chunkBlocks } = run.scenario.volume;
  for (let block = 0; block < blockCount; block += chunkBlocks) {
    const count = Math.min(chunkBlocks, blockCount - block);
    let bytes: Uint8Array;
    try {
      bytes = await volume.readSnapshot(fault.snapshotId, block, count);
    } catch (error) {
      if (error instanceof CowsimError) check.detected = true;
      else unclear(error, `read of blocks ${block}..${block + count - 1}`);
      return check;
    }
    const result = checkViewBytes(`snapshot ${fault.snapshotId}`, bytes, block, payloadBytes, accepted, { wrongValue: 'S5', garbage: 'S5' });
    check.blocksChecked += result.blocksChecked;
    check.findings.push(...result.findings);
  }
  return check;
}

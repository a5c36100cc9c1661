import type { BlockDevice } from '../block-device.js';
import type { Clock } from '../clock.js';
import type { Intake } from '../intake.js';
import type { EngineMutant } from '../mutants.js';
import type { VolumeOptions } from '../volume-options.js';

/** What a RedirectOnWriteVolume is built from. */
export interface RedirectOnWriteOptions {
  /** The origin image: its units hold the live data at first. */
  origin: BlockDevice;
  /** The snapshot store device, whole: a metadata region, then units any view can be redirected to. */
  pool: BlockDevice;
  /** The allocation unit in bytes: a multiple of the block size. */
  chunkSizeBytes: number;
  /** As for Volume; in `shared` mode reads share a unit and every write still takes it exclusively. */
  locks?: VolumeOptions['locks'];
  intake?: Intake;
  clock?: Clock;
  /** `none`, or `row-no-fill`; the other strategies' mutants are refused. */
  mutant?: EngineMutant;
}

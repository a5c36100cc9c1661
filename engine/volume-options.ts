import type { BlockDevice } from './block-device.js';
import type { Clock } from './clock.js';
import type { Intake } from './intake.js';
import type { LockMode, LockPolicy, LockStats } from './lock-manager.js';
import type { EngineMutant } from './mutants.js';

/** What a Volume is built from, and the figures it reports. */
export interface VolumeOptions {
  /** The origin image: the storage that holds the live data. */
  origin: BlockDevice;
  /** Chunk size in bytes: a multiple of the block size (the unit of copy-on-write). */
  chunkSizeBytes: number;
  /** Lock policy, stripes, and mode: `exclusive` (default, the claims) or `shared` (writes that need no copy share a chunk). */
  locks?: { policy: LockPolicy; stripes?: number; mode?: LockMode };
  /** The stage between receipt and the chunk lock (design.md section 1); immediate by default. */
  intake?: Intake;
  /** Time source for lock figures and snapshot creation times; a counter of zero by default. */
  clock?: Clock;
  /** A deliberately broken variant for checker self-tests. */
  mutant?: EngineMutant;
}

/** Copy-on-write cost so far, over all snapshots. */
export interface CowFigures {
  copies: number;
  dualWrites: number;
  /** Origin chunk reads made to copy chunks. */
  copyReads: number;
  /** Data writes to snapshot images (copies and dual writes). */
  imageWrites: number;
  /** Data reads of snapshot images (verified snapshot-view reads and dual writes). */
  imageReads: number;
  metadataWrites: number;
  /** Metadata blocks read back to check they landed. */
  metadataReads: number;
  flushes: number;
}

/** An image Volume.open left out (damagedImages: 'skip'), and why. */
export interface UnopenedImage {
  name: string;
  reason: string;
  /** True when no header was ever written on it. */
  blank: boolean;
}

export interface OpenOptions extends VolumeOptions {
  images: { device: BlockDevice; name: string }[];
  /** 'fail' (default): a blank or damaged image fails the open; 'skip': it is left out and listed. */
  damagedImages?: 'fail' | 'skip';
}

export interface VolumeStats {
  writes: number;
  liveReads: number;
  snapshotReads: number;
  cow: CowFigures;
  locks: LockStats;
}

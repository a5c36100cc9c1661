/**
 * One contract for every way of keeping a snapshot (design.md section 8): the method of section 1
 * (`Volume`), quiesce-then-copy-on-write (dm-snapshot, LVM) and redirect-on-write (dm-thin, ZFS,
 * btrfs). The workloads, the schedule and the oracle see only this surface, so every strategy is
 * driven and checked the same way.
 */
import type { BlockDevice } from './block-device.js';
import type { SnapshotInfo } from './snapshot.js';
import type { VolumeStats } from './volume-options.js';

export const STRATEGY_NAMES = ['method', 'quiesce', 'redirect-on-write'] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

/** A preserve command as it is given: the snapshot's id at once, its completion later. */
export interface PreserveCommand {
  /** The id the snapshot has (or will have, once a quiescing strategy has drained) in `snapshots()`. */
  readonly id: number;
  /** Settles when the snapshot is usable and durable as far as the strategy keeps it; rejects if it was refused or failed. */
  readonly done: Promise<SnapshotInfo>;
}

/** Figures a strategy keeps beyond the volume's: named counters, times in nanoseconds (`...Ns`). */
export type StrategyFigures = Record<string, number>;

export interface SnapshotStrategy {
  readonly strategy: StrategyName;
  readonly blockSize: number;
  readonly blockCount: number;
  readonly chunkBlocks: number;
  /** Writes the live view; the write is received at the call. */
  write(block: number, data: Uint8Array): Promise<void>;
  readLive(block: number, count: number): Promise<Uint8Array>;
  /** Reads a snapshot view; fails with SnapshotUnavailableError for a snapshot deleted, invalid or not yet taken. */
  readSnapshot(id: number, block: number, count: number): Promise<Uint8Array>;
  /** The preserve command, received at the call, on the snapshot image it may use. */
  command(image: BlockDevice): PreserveCommand;
  deleteSnapshot(id: number): Promise<void>;
  /** Every snapshot taken and not deleted, in command order. */
  snapshots(): SnapshotInfo[];
  stats(): VolumeStats;
  /** What this strategy alone measures (quiesce: how long writes were held). */
  strategyFigures(): StrategyFigures;
  lockWaitDistribution(): [waitNs: number, fraction: number][];
  /**
   * Where a view's block lives now, then where its data was copied from (newest first), for a
   * strategy that moves data and keeps no checksum of it (redirect-on-write): an injected fault at
   * any of them explains a wrong read. Absent for strategies whose live data stays at its own
   * origin block and whose preserved data is checksummed.
   */
  locate?(view: number | 'live', block: number): { role: 'origin' | 'snapshotStore'; block: number }[];
  /** Makes every write acknowledged before the call durable. */
  flush(): Promise<void>;
  /** Waits for background work and flushes every device. */
  close(): Promise<void>;
}

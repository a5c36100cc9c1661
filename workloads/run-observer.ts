/**
 * Hooks into one run for tools built around it (the crash explorer, fault injection): they see
 * the devices the engine is given, the volume once it is built, and every application write and
 * preserve command, without flags threaded through the run itself.
 */
import type { BlockDevice } from '../engine/block-device.js';
import type { SnapshotStrategy } from '../engine/snapshot-strategy.js';
import type { Kernel } from '../sim/kernel.js';
import type { SnapshotSchedule } from './snapshot-schedule.js';

export type DeviceRole = 'origin' | 'snapshotStore';

export interface RunObserver {
  /** Wraps a simulated device before the engine and the schedule see it (a recorder, a fault decorator). */
  decorate?(device: BlockDevice, role: DeviceRole): BlockDevice;
  /** The run is built (kernel, volume, schedule); no event has run yet. */
  started?(run: { kernel: Kernel; volume: SnapshotStrategy; schedule: SnapshotSchedule }): void;
  /**
   * An application write is received: volume.write is about to be called with this write id's data.
   * `workload` and `writerSequence` (its 1-based count of writes received from that workload) name
   * the same write in runs of the same scenario and seed with another strategy (common random numbers).
   */
  writeReceived?(writeId: number, block: number, count: number, workload: number, writerSequence: number): void;
  /** That write completed (ok) or failed with an error (not ok). */
  writeSettled?(writeId: number, ok: boolean): void;
  /** A preserve command was received: `nextWriteId` is the first write id received after it. */
  preserved?(snapshotId: number, nextWriteId: number): void;
  /** The schedule asked the volume to delete a snapshot. */
  deleted?(snapshotId: number): void;
}

/**
 * The run observer of the crash explorer: wraps the origin and the snapshot store in recording
 * devices sharing one operation log, keeps the write history, and runs a flusher process that
 * calls `volume.flush()` every interval of virtual time, as a file system's journal commit does,
 * so that "acknowledged and flushed" happens all through the run.
 */
import type { BlockDevice } from '../../engine/block-device.js';
import type { Volume } from '../../engine/volume.js';
import type { Kernel } from '../../sim/kernel.js';
import type { DeviceRole, RunObserver } from '../run-observer.js';
import type { SnapshotSchedule } from '../snapshot-schedule.js';
import { OperationLog } from './operation-log.js';
import { RecordingDevice } from './recording-device.js';
import { WriteHistory } from './write-history.js';

export class CrashRecorder implements RunObserver {
  readonly log: OperationLog;
  readonly history: WriteHistory;
  /** Log device index per role, once decorated. */
  readonly deviceIndex: Partial<Record<DeviceRole, number>> = {};
  /** The run's kernel and volume, once built. */
  run: { kernel: Kernel; volume: Volume; schedule: SnapshotSchedule } | undefined;

  constructor(
    private readonly flushIntervalNs: number,
    maxLogBytes?: number,
  ) {
    if (!Number.isSafeInteger(flushIntervalNs) || flushIntervalNs < 1) throw new RangeError(`flush interval ${flushIntervalNs} ns: expected a positive integer`);
    this.log = new OperationLog(maxLogBytes);
    this.history = new WriteHistory(() => this.log.boundaries);
  }

  decorate(device: BlockDevice, role: DeviceRole): BlockDevice {
    const recording = new RecordingDevice(device, this.log, role);
    this.deviceIndex[role] = recording.logIndex;
    return recording;
  }

  started(run: { kernel: Kernel; volume: Volume; schedule: SnapshotSchedule }): void {
    this.run = run;
    const { kernel, volume, schedule } = run;
    kernel.spawn('crash flusher', async () => {
      for (;;) {
        await kernel.sleep(this.flushIntervalNs);
        // The schedule stops with the run: the drain must find no more timers.
        if (schedule.stopped) return;
        const flush = this.history.flushStarted();
        await volume.flush();
        this.history.flushCompleted(flush);
      }
    });
  }

  writeReceived(writeId: number, block: number, count: number): void {
    this.history.received(writeId, block, count);
  }

  writeSettled(writeId: number, ok: boolean): void {
    this.history.settled(writeId, ok);
  }

  preserved(snapshotId: number, nextWriteId: number): void {
    this.history.preserved(snapshotId, nextWriteId);
  }

  deleted(snapshotId: number): void {
    this.history.deleted(snapshotId);
  }
}

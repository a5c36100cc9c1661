import type { Kernel } from '../sim/kernel.js';
import type { RandomStreams } from '../sim/random.js';
import type { ApplicationIo } from './application-io.js';
import type { MetricsRecorder } from './metrics.js';
import type { RunControl } from './run-control.js';
import type { SnapshotSchedule } from './snapshot-schedule.js';

/** What a workload's processes use: the kernel, the application I/O layer, random streams, the schedule. */
export interface WorkloadContext {
  kernel: Kernel;
  io: ApplicationIo;
  streams: RandomStreams;
  schedule: SnapshotSchedule;
  metrics: MetricsRecorder;
  control: RunControl;
  /** Nominal volume block size in bytes. */
  blockSizeBytes: number;
}

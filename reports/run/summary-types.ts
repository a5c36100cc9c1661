/**
 * The shape of summary.json (summary.ts builds it): stable keys of design.md section 4 first,
 * extra keys after, `units` last. Times are microseconds unless a key names another unit.
 */
import type { LockPurpose } from '../../engine/lock-manager.js';
import type { CowFigures } from '../../engine/volume-options.js';
import type { FaultKind } from '../../sim/faults/fault-plan.js';
import type { DeviceResult, IoKind, WorkloadResult } from '../../workloads/run-result.js';
import type { BaselineSummary } from './baseline.js';

/**
 * A figure of a distribution, µs: null when the distribution is empty (no I/Os of the kind), because
 * an operation with no I/Os has no latency and a 0 would be averaged as a real one.
 */
export type DistributionFigure = number | null;

/** A latency distribution in microseconds. `mean`, the percentiles and `max` are stable keys; `count` is extra. Null figures when `count` is 0. */
export interface LatencyFiguresUs {
  count: number;
  mean: DistributionFigure;
  p50: DistributionFigure;
  p90: DistributionFigure;
  p99: DistributionFigure;
  p999: DistributionFigure;
  max: DistributionFigure;
  /** The scenario's report.percentiles, keyed by the percentile as written ("99.99"); only when it lists any. */
  percentiles?: Record<string, DistributionFigure>;
}

/** Lock contention figures in microseconds (converted from the engine's nanoseconds); wait and hold figures null with no acquisitions. */
export interface LockFiguresUs {
  acquisitions: number;
  contended: number;
  waitMean: DistributionFigure;
  waitP99: DistributionFigure;
  waitMax: DistributionFigure;
  maxQueue: number;
  /** Extra keys below. */
  waitP50: DistributionFigure;
  holdMean: DistributionFigure;
  holdP99: DistributionFigure;
  holdMax: DistributionFigure;
}

export interface SnapshotSummary {
  id: number;
  takenAtSeconds: number;
  cowCopies: number;
  dualWrites: number;
  storeChunksUsed: number;
  valid: boolean;
  /** Extra keys below. */
  state: string;
  /** Why the snapshot is invalid; empty when it is not. */
  reason: string;
  storeChunksCapacity: number;
  deletedAtSeconds: number | null;
}

export interface DeviceSummary {
  name: string;
  model: string;
  utilization: number;
  /** Extra keys below. */
  role: DeviceResult['role'];
  preset: string | null;
  scheduler: string;
  requests: number;
  iops: number;
  throughputMBps: number;
  meanQueueDepth: number;
  maxQueueDepth: number;
  responseTime: LatencyFiguresUs;
  /** The disk model's own figures (seeks, write amplification, ...), in the model's order. */
  figures: Record<string, number>;
}

export interface WorkloadSummary {
  name: string;
  profile: string | null;
  target: WorkloadResult['target'];
  ios: number;
  iops: number;
  throughputMBps: number;
  /** Failed I/Os by reason, reasons in alphabetical order. */
  errors: Record<string, number>;
  latency: Partial<Record<IoKind, LatencyFiguresUs>>;
}

export interface PreserveSummary {
  snapshotId: number;
  atSeconds: number;
  /**
   * The longest I/O in flight across the command: of the application I/Os that arrived before the
   * command and completed after it, the longest from arrival to completion, µs. It is not a pause
   * (the method holds and drains nothing; the writes quiesce holds arrive after the command and
   * are not counted): it is the slowest I/O the command happened to find in flight. Was `pauseUs`.
   * Null when no I/O was in flight across the command.
   */
  longestInFlightIoUs: number | null;
  /** Application I/Os in flight when the command arrived. */
  inFlight: number;
}

/** One device's injected faults: by kind (every kind, in a fixed order), by tag, and failed operations. */
export interface DeviceFaultSummary {
  injected: Record<FaultKind, number>;
  survive: number;
  detect: number;
  failedReads: number;
  failedWrites: number;
}

/** The faults of a run whose scenario has a `faults:` section, and what became of them. */
export interface FaultSummary {
  origin: DeviceFaultSummary;
  snapshotStore: DeviceFaultSummary;
  /** Application I/Os that failed with a device fault; finalCheck counts blocks the final check could not read. */
  ioErrors: { read: number; write: number; snapshotRead: number; finalCheck: number };
  failedPreserves: number;
  failedDeletes: number;
  /** Mismatches on origin blocks an injected `detect` fault damaged: reported, not counted in correctness.mismatches. */
  explainedMismatches: number;
  /** Snapshots the engine invalidated because their image failed or was found damaged (checksums, read-backs). */
  snapshotsInvalidated: number;
}

/** The summary.json object. */
export interface RunSummary {
  /** The scenario's name. */
  scenario: string;
  seed: number;
  simulatedSeconds: number;
  /** Wall-clock time of the run: the only key that differs between runs of one scenario and seed. */
  wallSeconds: number;
  /** `reads` counts live and snapshot reads; `snapshotReads` (extra) the snapshot reads alone. */
  ios: { total: number; reads: number; writes: number; snapshotReads: number };
  /** Completed I/Os per simulated second, all workloads and kinds. */
  iops: number;
  /** Megabytes (1e6 bytes) read and written per simulated second. */
  throughputMBps: number;
  latency: { read: LatencyFiguresUs; write: LatencyFiguresUs; snapshotRead: LatencyFiguresUs };
  snapshots: SnapshotSummary[];
  correctness: {
    checkedBlocks: number;
    mismatches: number;
    /** `pass` or `fail`; `skipped` when the scenario turned verification off. */
    verdict: 'pass' | 'fail' | 'skipped';
    checkedReads: number;
    uncheckedReads: number;
    reproduce: string;
  };
  /** Over all acquisitions; `policy`, `stripes`, `maxLocks` and `byPurpose` are extra. */
  locks: LockFiguresUs & {
    policy: string;
    stripes: number;
    /** exclusive or shared, and how many acquisitions held their chunk each way. */
    mode: string;
    exclusiveAcquisitions: number;
    sharedAcquisitions: number;
    maxLocks: number;
    byPurpose: Record<LockPurpose, LockFiguresUs>;
  };
  devices: DeviceSummary[];
  /** Extra keys below. */
  events: number;
  bytes: { read: number; written: number };
  /** The engine's copy-on-write figures (engine/volume-options.ts), and the store's chunks. */
  cow: CowFigures & { storeChunksUsed: number; storeChunksCapacity: number };
  /** The snapshot strategy (engine.strategy) and the figures it alone keeps; times in µs (quiesce: how long writes were held). */
  strategy: { name: string } & Record<string, number | string>;
  /**
   * Preserve commands given, taken, and skipped because every snapshot image was in use
   * (snapshots.maxAlive), with the time of each skipped one; a skip is also a warning.
   */
  schedule: { commands: number; taken: number; skipped: number; skippedAtSeconds: number[] };
  preserves: PreserveSummary[];
  /** The modelled intake between receipt and chunk lock; null when the scenario has none. */
  intake: {
    admitted: number;
    reordered: number;
    maxQueueLength: number;
    queueTime: LatencyFiguresUs;
    intakeTime: LatencyFiguresUs;
  } | null;
  workloads: WorkloadSummary[];
  /** Only in runs with faults, so the keys of other runs stay as they were. */
  faults?: FaultSummary;
  /**
   * What the run did not do that the scenario asked for (a preserve command after the end or
   * skipped for want of a free snapshot image; a snapshot reader with nothing to read); only
   * when there is one.
   */
  warnings?: string[];
  /**
   * This run against the same scenario and seed with snapshots off (`cowsim run --baseline`,
   * baseline.ts); only in such runs, last, so other summaries keep their bytes.
   */
  baseline?: BaselineSummary;
  /** The unit of every figure above, by dotted key with array indices as `*` (summary-units.ts). */
  units: Record<string, string>;
}

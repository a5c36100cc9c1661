/**
 * Everything one run produced, before it is written anywhere: the runner (workloads/run.ts)
 * fills it; reports/ turns it into summary.json, CSV files, report.html and the text summary.
 * Times are microseconds unless a name says otherwise; time points on timelines are seconds of
 * virtual time since the start of the run.
 */
import type { CowFigures, LockStats, SnapshotInfo } from '../engine/index.js';
import type { StrategyFigures, StrategyName } from '../engine/snapshot-strategy.js';
import type { FaultRecord, FaultStats } from '../sim/faults/fault-log.js';
import type { LatencySummaryUs } from '../sim/latency-histogram.js';
import type { ModelledIntakeStats } from '../sim/modelled-intake.js';
import type { SimDeviceStats } from '../sim/sim-device.js';
import type { Scenario } from './scenario/resolve.js';

export type IoKind = 'read' | 'write' | 'snapshotRead';
export const ioKinds: readonly IoKind[] = ['read', 'write', 'snapshotRead'];

/** A latency distribution as points of its CDF: [latencyUs, fraction of I/Os at or below]. */
export type CdfPoints = [latencyUs: number, fraction: number][];

export interface WorkloadResult {
  name: string;
  profile?: string;
  target: 'live' | 'snapshot';
  /** Completed I/Os counted in the figures (after ramp-up). */
  ios: number;
  bytes: number;
  /** I/Os that failed (a snapshot deleted under a backup, for example), by reason. */
  errors: Record<string, number>;
  latency: Partial<Record<IoKind, LatencySummaryUs>>;
  cdf: Partial<Record<IoKind, CdfPoints>>;
}

export interface TimelineRow {
  /** Start of the interval, seconds. */
  atSeconds: number;
  ios: number;
  iops: number;
  throughputMBps: number;
  /** p99 latency of the I/Os completed in the interval, all kinds together; null when none completed. */
  p99Us: number | null;
  /** The same of reads (live and snapshot) and of writes alone; null when none of that kind completed. */
  readP99Us: number | null;
  writeP99Us: number | null;
  /** Snapshot store chunks in use over all snapshots at the end of the interval. */
  storeChunksUsed: number;
  /** Cumulative copies and dual writes at the end of the interval. */
  cowCopies: number;
  dualWrites: number;
  /** Time-weighted mean requests in each device over the interval, by device name. */
  queueDepth: Record<string, number>;
  /** Utilisation of each device over the interval (0..1), by device name. */
  utilization: Record<string, number>;
}

export interface PreserveEvent {
  snapshotId: number;
  atSeconds: number;
  /**
   * The longest application I/O in flight across the command (arrived before it, completed after
   * it), from arrival to completion, µs. Not a pause: the method holds and drains nothing, so this
   * is the slowest I/O the command happened to find in flight (the writes quiesce holds arrive after
   * the command and are not counted). Null when no I/O was in flight across the command: the
   * longest of none is no latency, not 0.
   */
  longestInFlightIoUs: number | null;
  /** I/Os in flight when the command was received. */
  inFlight: number;
}

export interface SnapshotResult extends SnapshotInfo {
  takenAtSeconds: number;
  deletedAtSeconds?: number;
  valid: boolean;
  /** Why its preserve command or delete failed with a device fault (runs with faults only). */
  failure?: string;
}

export interface DeviceResult {
  role: 'origin' | 'snapshotStore';
  preset?: string;
  stats: SimDeviceStats;
}

export interface Mismatch {
  /** 'live' or 'snapshot N'. */
  view: string;
  block: number;
  /** When it was seen: 'final check' or 'read at 1.234 s'. */
  when: string;
  expected: string;
  found: string;
}

export interface CorrectnessResult {
  verdict: 'pass' | 'fail' | 'skipped';
  /** Blocks compared in the final check, over all views. */
  checkedBlocks: number;
  /** Reads checked as they returned. */
  checkedReads: number;
  /** Reads whose value the oracle does not define (a write to the block was in flight). */
  uncheckedReads: number;
  mismatches: number;
  /** The first mismatches in detail. */
  details: Mismatch[];
  /** The command that reproduces this run exactly. */
  reproduce: string;
}

/** What the faults of a run with a `faults:` section did, and what became of them. */
export interface FaultResult {
  /** Per device: faults injected by kind and tag, and operations that failed. */
  devices: Record<'origin' | 'snapshotStore', FaultStats>;
  /** The first injected faults of each device, for the report. */
  records: Record<'origin' | 'snapshotStore', FaultRecord[]>;
  /** Application I/Os that failed with a device fault, by operation; finalCheck: blocks the final check could not read. */
  ioErrors: { read: number; write: number; snapshotRead: number; finalCheck: number };
  /** Preserve commands and deletes that failed with a device fault. */
  failedPreserves: number;
  failedDeletes: number;
  /** Mismatches on origin blocks a `detect` fault damaged (the origin carries no checksums): reported, not failing. */
  explainedMismatches: number;
  /** The first of them in detail. */
  explainedDetails: Mismatch[];
}

export interface LockWaitDistribution {
  policy: string;
  /** Wait-time CDF in µs over all acquisitions. */
  cdf: CdfPoints;
}

export interface RunResult {
  scenario: Scenario;
  seed: number;
  simulatedNs: number;
  /** The window the figures count: from the end of the earliest ramp-up to the end of the run. */
  measuredNs: number;
  wallSeconds: number;
  /** Kernel events run: the cost of the simulation. */
  events: number;
  ios: { total: number; reads: number; writes: number; snapshotReads: number };
  bytes: { read: number; written: number };
  /** Over all workloads, after ramp-up. snapshotRead counts as a read in iops/throughput. */
  latency: Record<IoKind, LatencySummaryUs>;
  workloads: WorkloadResult[];
  timeline: { intervalSeconds: number; rows: TimelineRow[] };
  preserves: PreserveEvent[];
  snapshots: SnapshotResult[];
  cow: CowFigures & { storeChunksUsed: number; storeChunksCapacity: number };
  locks: LockStats;
  lockWait: LockWaitDistribution;
  intake?: ModelledIntakeStats;
  devices: DeviceResult[];
  correctness: CorrectnessResult;
  /** Present when the scenario injects faults. */
  faults?: FaultResult;
  /** The snapshot strategy and the figures it alone keeps (quiesce: how long writes were held). */
  strategy: { name: StrategyName; figures: StrategyFigures };
  /**
   * Preserve commands the schedule gave, and those skipped because no snapshot image was free
   * (all snapshots.maxAlive images in use), with the time of each skipped one.
   */
  schedule: { commands: number; skipped: number; skippedAtSeconds: number[] };
}

/**
 * summary.json: the figures of one run under the stable keys of design.md section 4, plus extra
 * keys that are useful but carry no stability promise. Times are microseconds unless a key says
 * otherwise. Every value is rounded to a fixed number of decimals and every object is built in a
 * fixed key order, so equal results give byte-identical JSON; only `wallSeconds` varies between
 * runs of the same scenario and seed.
 */
import { summaryUnits } from './summary-units.js';
import { invalidatedByImage } from '../../engine/copy-on-write.js';
import type { LockFigures, LockPurpose } from '../../engine/lock-manager.js';
import { faultKinds, type FaultKind } from '../../sim/faults/fault-plan.js';
import type { FaultStats } from '../../sim/faults/fault-log.js';
import type { LatencySummaryUs } from '../../sim/latency-histogram.js';
import type { DeviceResult, FaultResult, IoKind, RunResult, SnapshotResult, WorkloadResult } from '../../workloads/run-result.js';
import { lateSnapshotWarnings, nothingToReadWarnings, skippedCommandWarnings } from '../../workloads/scenario/schedule-warnings.js';
import type { BaselineSummary } from './baseline.js';
import { fraction, nsToSeconds, nsToUs, rate, roundTo, seconds, us } from './round.js';

/** A latency distribution in microseconds. `mean`, the percentiles and `max` are stable keys; `count` is extra. */
export interface LatencyFiguresUs {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  /** The scenario's report.percentiles, keyed by the percentile as written ("99.99"); only when it lists any. */
  percentiles?: Record<string, number>;
}

/** Lock contention figures in microseconds (converted from the engine's nanoseconds). */
export interface LockFiguresUs {
  acquisitions: number;
  contended: number;
  waitMean: number;
  waitP99: number;
  waitMax: number;
  maxQueue: number;
  /** Extra keys below. */
  waitP50: number;
  holdMean: number;
  holdP99: number;
  holdMax: number;
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
   */
  longestInFlightIoUs: number;
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
  cow: {
    copies: number;
    dualWrites: number;
    copyReads: number;
    imageWrites: number;
    /** Verified reads of preserved chunks (snapshot-view reads and dual writes). */
    imageReads: number;
    metadataWrites: number;
    /** Metadata blocks read back to check they landed. */
    metadataReads: number;
    flushes: number;
    storeChunksUsed: number;
    storeChunksCapacity: number;
  };
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

const lockPurposes: readonly LockPurpose[] = ['write', 'snapshotRead'];

/** Builds the summary.json object of a run. */
export function buildSummary(result: RunResult): RunSummary {
  const simulatedSeconds = nsToSeconds(result.simulatedNs);
  // Rates over the measured window: I/Os completed during ramp-up are not counted, nor is its time.
  const perSecond = (count: number): number => rate(result.measuredNs > 0 ? count / (result.measuredNs / 1e9) : 0);
  const megabytesPerSecond = (bytes: number): number => perSecond(bytes / 1e6);
  const { locks } = result;
  const summary: Omit<RunSummary, 'units'> = {
    scenario: result.scenario.name,
    seed: result.seed,
    simulatedSeconds,
    wallSeconds: roundTo(result.wallSeconds, 3),
    ios: {
      total: result.ios.total,
      // Every I/O that is not a write reads something: live reads and snapshot reads together.
      reads: result.ios.total - result.ios.writes,
      writes: result.ios.writes,
      snapshotReads: result.ios.snapshotReads,
    },
    iops: perSecond(result.ios.total),
    throughputMBps: megabytesPerSecond(result.bytes.read + result.bytes.written),
    latency: {
      read: latencyFigures(result.latency.read),
      write: latencyFigures(result.latency.write),
      snapshotRead: latencyFigures(result.latency.snapshotRead),
    },
    snapshots: result.snapshots.map(snapshotSummary),
    correctness: {
      checkedBlocks: result.correctness.checkedBlocks,
      mismatches: result.correctness.mismatches,
      verdict: result.correctness.verdict,
      checkedReads: result.correctness.checkedReads,
      uncheckedReads: result.correctness.uncheckedReads,
      reproduce: result.correctness.reproduce,
    },
    locks: {
      ...lockFigures(locks.total),
      policy: locks.policy,
      stripes: locks.stripes,
      mode: locks.mode,
      exclusiveAcquisitions: locks.exclusiveAcquisitions,
      sharedAcquisitions: locks.sharedAcquisitions,
      maxLocks: locks.maxLocks,
      byPurpose: Object.fromEntries(lockPurposes.map((purpose) => [purpose, lockFigures(locks.byPurpose[purpose])])) as Record<
        LockPurpose,
        LockFiguresUs
      >,
    },
    devices: result.devices.map(deviceSummary),
    events: result.events,
    bytes: { read: result.bytes.read, written: result.bytes.written },
    cow: {
      copies: result.cow.copies,
      dualWrites: result.cow.dualWrites,
      copyReads: result.cow.copyReads,
      imageWrites: result.cow.imageWrites,
      imageReads: result.cow.imageReads,
      metadataWrites: result.cow.metadataWrites,
      metadataReads: result.cow.metadataReads,
      flushes: result.cow.flushes,
      storeChunksUsed: result.cow.storeChunksUsed,
      storeChunksCapacity: result.cow.storeChunksCapacity,
    },
    strategy: strategySummary(result.strategy),
    schedule: {
      commands: result.schedule.commands,
      taken: result.schedule.commands - result.schedule.skipped,
      skipped: result.schedule.skipped,
      skippedAtSeconds: result.schedule.skippedAtSeconds.map((atSeconds) => seconds(atSeconds)),
    },
    preserves: result.preserves.map((event) => ({
      snapshotId: event.snapshotId,
      atSeconds: seconds(event.atSeconds),
      longestInFlightIoUs: us(event.longestInFlightIoUs),
      inFlight: event.inFlight,
    })),
    intake:
      result.intake === undefined
        ? null
        : {
            admitted: result.intake.admitted,
            reordered: result.intake.reordered,
            maxQueueLength: result.intake.maxQueueLength,
            queueTime: latencyFigures(result.intake.queueTimeUs),
            intakeTime: latencyFigures(result.intake.intakeTimeUs),
          },
    workloads: result.workloads.map((workload) => ({
      name: workload.name,
      profile: workload.profile ?? null,
      target: workload.target,
      ios: workload.ios,
      iops: perSecond(workload.ios),
      throughputMBps: megabytesPerSecond(workload.bytes),
      errors: Object.fromEntries(Object.entries(workload.errors).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      latency: Object.fromEntries(
        (['read', 'write', 'snapshotRead'] as const)
          .filter((kind) => workload.latency[kind] !== undefined)
          .map((kind) => [kind, latencyFigures(workload.latency[kind]!)]),
      ),
    })),
    ...(result.faults === undefined ? {} : { faults: faultSummary(result.faults, result.snapshots) }),
    ...warningsOf(result),
  };
  return { ...summary, units: summaryUnits(summary) };
}

/** The strategy object: its name, then its figures in their own order, times in µs. */
function strategySummary(strategy: RunResult['strategy']): RunSummary['strategy'] {
  return { name: strategy.name, ...strategyFiguresUs(strategy.figures) };
}

/** A strategy's figures with every time (a name with `Ns` as a word: `drainNsTotal`, `holdNsMax`) in µs (`drainUsTotal`). */
export function strategyFiguresUs(figures: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(figures).map(([name, value]) => (/Ns(?=[A-Z]|$)/.test(name) ? [name.replace(/Ns(?=[A-Z]|$)/, 'Us'), nsToUs(value)] : [name, value])),
  );
}

/** The `warnings` key, present only when there is a warning, so that other summaries keep their bytes. */
function warningsOf(result: RunResult): { warnings?: string[] } {
  const warnings = [
    ...lateSnapshotWarnings(result.scenario.snapshots, result.simulatedNs),
    ...skippedCommandWarnings(result.schedule, result.scenario.snapshots),
    ...nothingToReadWarnings(result.scenario, result.workloads, result.simulatedNs),
  ];
  return warnings.length === 0 ? {} : { warnings };
}

/** The faults object of summary.json, keys in a fixed order. */
export function faultSummary(faults: FaultResult, snapshots: readonly { reason: string }[]): FaultSummary {
  const device = (stats: FaultStats): DeviceFaultSummary => ({
    injected: Object.fromEntries(faultKinds.map((kind) => [kind, stats.injected[kind]])) as Record<FaultKind, number>,
    survive: stats.tags.survive,
    detect: stats.tags.detect,
    failedReads: stats.failedReads,
    failedWrites: stats.failedWrites,
  });
  const { ioErrors } = faults;
  return {
    origin: device(faults.devices.origin),
    snapshotStore: device(faults.devices.snapshotStore),
    ioErrors: { read: ioErrors.read, write: ioErrors.write, snapshotRead: ioErrors.snapshotRead, finalCheck: ioErrors.finalCheck },
    failedPreserves: faults.failedPreserves,
    failedDeletes: faults.failedDeletes,
    explainedMismatches: faults.explainedMismatches,
    snapshotsInvalidated: snapshots.filter((snapshot) => invalidatedByImage(snapshot.reason)).length,
  };
}

/** summary.json text: two-space indented JSON with a final newline. */
export function summaryJson(summary: RunSummary): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}

/** A latency summary in µs, rounded, in the key order of summary.json. */
export function latencyFigures(latency: LatencySummaryUs): LatencyFiguresUs {
  return {
    count: latency.count,
    mean: us(latency.mean),
    p50: us(latency.p50),
    p90: us(latency.p90),
    p99: us(latency.p99),
    p999: us(latency.p999),
    max: us(latency.max),
    ...(latency.percentiles === undefined
      ? {}
      : { percentiles: Object.fromEntries(Object.entries(latency.percentiles).map(([percentile, valueUs]) => [percentile, us(valueUs)])) }),
  };
}

/** Engine lock figures (ns) as summary figures (µs). */
export function lockFigures(figures: LockFigures): LockFiguresUs {
  return {
    acquisitions: figures.acquisitions,
    contended: figures.contended,
    waitMean: nsToUs(figures.waitMeanNs),
    waitP99: nsToUs(figures.waitP99Ns),
    waitMax: nsToUs(figures.waitMaxNs),
    maxQueue: figures.maxQueue,
    waitP50: nsToUs(figures.waitP50Ns),
    holdMean: nsToUs(figures.holdMeanNs),
    holdP99: nsToUs(figures.holdP99Ns),
    holdMax: nsToUs(figures.holdMaxNs),
  };
}

function snapshotSummary(snapshot: SnapshotResult): SnapshotSummary {
  return {
    id: snapshot.id,
    takenAtSeconds: seconds(snapshot.takenAtSeconds),
    cowCopies: snapshot.cowCopies,
    dualWrites: snapshot.dualWrites,
    storeChunksUsed: snapshot.storeChunksUsed,
    valid: snapshot.valid,
    state: snapshot.state,
    reason: snapshot.reason,
    storeChunksCapacity: snapshot.storeChunksCapacity,
    deletedAtSeconds: snapshot.deletedAtSeconds === undefined ? null : seconds(snapshot.deletedAtSeconds),
  };
}

function deviceSummary(device: DeviceResult): DeviceSummary {
  const { stats } = device;
  return {
    name: stats.name,
    model: stats.model,
    utilization: fraction(stats.utilization),
    role: device.role,
    preset: device.preset ?? null,
    scheduler: stats.scheduler,
    requests: stats.requests,
    iops: rate(stats.iops),
    throughputMBps: rate(stats.throughputMBps),
    meanQueueDepth: rate(stats.queueDepth.meanInDevice),
    maxQueueDepth: stats.queueDepth.maxInDevice,
    responseTime: latencyFigures(stats.responseTimeUs),
    figures: Object.fromEntries(Object.entries(stats.figures).map(([name, value]) => [name, roundTo(value, 6)])),
  };
}

/**
 * summary.json: the figures of one run under the stable keys of design.md section 4, plus extra
 * keys that are useful but carry no stability promise. Times are microseconds unless a key says
 * otherwise. Every value is rounded to a fixed number of decimals and every object is built in a
 * fixed key order, so equal results give byte-identical JSON; only `wallSeconds` varies between
 * runs of the same scenario and seed.
 */
import { invalidatedByImage } from '../../engine/copy-on-write.js';
import type { LockFigures, LockPurpose } from '../../engine/lock-manager.js';
import { faultKinds, type FaultKind } from '../../sim/faults/fault-plan.js';
import type { FaultStats } from '../../sim/faults/fault-log.js';
import type { LatencySummaryUs } from '../../sim/latency-histogram.js';
import type { DeviceResult, FaultResult, RunResult, SnapshotResult } from '../../workloads/run-result.js';
import { lateSnapshotWarnings, nothingToReadWarnings, skippedCommandWarnings } from '../../workloads/scenario/schedule-warnings.js';
import { fraction, nsToSeconds, nsToUs, rate, roundTo, seconds, us } from './round.js';
import { summaryUnits } from './summary-units.js';
import type { LatencyFiguresUs, LockFiguresUs, SnapshotSummary, DeviceSummary, PreserveSummary, DeviceFaultSummary, FaultSummary, RunSummary } from './summary-types.js';

// The summary's types live in summary-types.ts; importers keep naming this module.
export type { DistributionFigure, LatencyFiguresUs, LockFiguresUs, SnapshotSummary, DeviceSummary, WorkloadSummary, PreserveSummary, DeviceFaultSummary, FaultSummary, RunSummary } from './summary-types.js';

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
      longestInFlightIoUs: event.longestInFlightIoUs === null ? null : us(event.longestInFlightIoUs),
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

/** A latency summary in µs, rounded, in the key order of summary.json; with no I/Os every figure but the count is null. */
export function latencyFigures(latency: LatencySummaryUs): LatencyFiguresUs {
  const figure = (valueUs: number): number | null => latencyOrNull(valueUs, latency.count);
  return {
    count: latency.count,
    mean: figure(latency.mean),
    p50: figure(latency.p50),
    p90: figure(latency.p90),
    p99: figure(latency.p99),
    p999: figure(latency.p999),
    max: figure(latency.max),
    ...(latency.percentiles === undefined
      ? {}
      : { percentiles: Object.fromEntries(Object.entries(latency.percentiles).map(([percentile, valueUs]) => [percentile, figure(valueUs)])) }),
  };
}

/** A distribution's figure in µs, rounded; null when it counts nothing, since an empty distribution has no latency (a 0 would be averaged as real). */
export function latencyOrNull(valueUs: number, count: number): number | null {
  return count === 0 ? null : us(valueUs);
}

/** One distribution figure minus another, µs, rounded; null when either is null (nothing to compare with). */
export function latencyDelta(mineUs: number | null, theirsUs: number | null): number | null {
  return mineUs === null || theirsUs === null ? null : us(mineUs - theirsUs);
}

/** Engine lock figures (ns) as summary figures (µs); wait and hold figures null when there were no acquisitions. */
export function lockFigures(figures: LockFigures): LockFiguresUs {
  // With no acquisitions there is no wait or hold to measure: null, as for a latency with no I/Os.
  const time = (valueNs: number): number | null => latencyOrNull(valueNs / 1000, figures.acquisitions);
  return {
    acquisitions: figures.acquisitions,
    contended: figures.contended,
    waitMean: time(figures.waitMeanNs),
    waitP99: time(figures.waitP99Ns),
    waitMax: time(figures.waitMaxNs),
    maxQueue: figures.maxQueue,
    waitP50: time(figures.waitP50Ns),
    holdMean: time(figures.holdMeanNs),
    holdP99: time(figures.holdP99Ns),
    holdMax: time(figures.holdMaxNs),
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

/** The preserve command that found the longest I/O in flight; undefined when none found any. */
export function longestInFlightPreserve(preserves: readonly PreserveSummary[]): PreserveSummary | undefined {
  let longest: PreserveSummary | undefined;
  for (const event of preserves) {
    if (event.longestInFlightIoUs !== null && (longest === undefined || event.longestInFlightIoUs > longest.longestInFlightIoUs!)) longest = event;
  }
  return longest;
}

/**
 * An arm's own figures, from its run of the first replication: throughput, latency per operation,
 * I/O amplification (device requests per application write), snapshot store space, snapshots
 * taken and skipped, and the strategy's own figures. Rounded as summary.json rounds them, in a
 * fixed key order.
 */
import { strategyDescriptions } from '../../engine/strategies.js';
import type { StrategyName } from '../../engine/snapshot-strategy.js';
import type { DeviceResult, RunResult } from '../../workloads/run-result.js';
import { roundTo } from '../run/round.js';
import { buildSummary, type LatencyFiguresUs, strategyFiguresUs, type WorkloadSummary } from '../run/summary.js';
import { liveThroughputMBps } from './arms.js';

/** Device requests of one kind of one device, and per application write. */
export interface DeviceRequests {
  readonly reads: number;
  readonly writes: number;
  readonly flushes: number;
  readonly readsPerWrite: number | null;
  readonly writesPerWrite: number | null;
  readonly flushesPerWrite: number | null;
}

export interface Amplification {
  /** Application writes completed by the end of the run. */
  readonly applicationWrites: number;
  readonly origin: DeviceRequests;
  readonly snapshotStore: DeviceRequests;
}

export interface ArmFigures {
  readonly iops: number;
  readonly throughputMBps: number;
  /** MB/s of the workloads on the live view alone (the throughput ratio compares this). */
  readonly liveThroughputMBps: number;
  readonly latency: { readonly read: LatencyFiguresUs; readonly write: LatencyFiguresUs; readonly snapshotRead: LatencyFiguresUs };
  readonly amplification: Amplification;
  readonly store: { readonly chunksUsed: number; readonly bytesUsed: number; readonly chunksCapacity: number };
  readonly snapshots: { readonly commands: number; readonly taken: number; readonly skipped: number };
  /** The strategy's own figures in their order; times in µs (`holdNsMax` becomes `holdUsMax`). */
  readonly strategyFigures: Readonly<Record<string, number>>;
  /** Each workload's own figures, as summary.json gives them (a phase of an experiment is often one workload). */
  readonly workloads: readonly WorkloadSummary[];
}

/** Decimals of a per-write ratio. */
const RATIO_DECIMALS = 6;

/** What an arm is, in a line. */
export function armDescription(strategy: StrategyName | null): string {
  return strategy === null ? 'the same scenario with no preserve command: the baseline' : strategyDescriptions[strategy];
}

function deviceRequests(device: DeviceResult | undefined, writes: number): DeviceRequests {
  const operations = device?.stats.operations;
  const reads = operations?.read.requests ?? 0;
  const deviceWrites = operations?.write.requests ?? 0;
  const flushes = operations?.flush.requests ?? 0;
  const per = (count: number): number | null => (writes === 0 ? null : roundTo(count / writes, RATIO_DECIMALS));
  return { reads, writes: deviceWrites, flushes, readsPerWrite: per(reads), writesPerWrite: per(deviceWrites), flushesPerWrite: per(flushes) };
}

/** The figures of one arm's run; `writesCompleted` counts its application writes completed by the end. */
export function armFigures(result: RunResult, writesCompleted: number): ArmFigures {
  const summary = buildSummary(result);
  const device = (role: DeviceResult['role']) => result.devices.find((entry) => entry.role === role);
  return {
    iops: summary.iops,
    throughputMBps: summary.throughputMBps,
    liveThroughputMBps: liveThroughputMBps(result),
    latency: { read: summary.latency.read, write: summary.latency.write, snapshotRead: summary.latency.snapshotRead },
    amplification: {
      applicationWrites: writesCompleted,
      origin: deviceRequests(device('origin'), writesCompleted),
      snapshotStore: deviceRequests(device('snapshotStore'), writesCompleted),
    },
    store: {
      chunksUsed: result.cow.storeChunksUsed,
      bytesUsed: result.cow.storeChunksUsed * result.scenario.volume.chunkSizeBytes,
      chunksCapacity: result.cow.storeChunksCapacity,
    },
    snapshots: { commands: result.schedule.commands, taken: result.schedule.commands - result.schedule.skipped, skipped: result.schedule.skipped },
    strategyFigures: strategyFiguresUs(result.strategy.figures),
    workloads: summary.workloads,
  };
}

/**
 * One run of a scenario: builds the kernel, the simulated devices, the engine's volume (unchanged:
 * it sees only BlockDevices and a Clock), the workloads and the snapshot schedule; runs until the
 * duration or I/O count; drains the I/O in flight; checks every block of every valid snapshot view
 * and of the live view against the oracle; and returns everything measured as a RunResult.
 */
import type { EngineMutant } from '../engine/mutants.js';
import { createStrategy } from '../engine/strategies.js';
import { findDiskModel } from '../sim/disk-models.js';
import { checkStoreFull, reopenAndCheck } from './final-checks.js';
import { FaultyDevice } from '../sim/faults/faulty-device.js';
import { Kernel } from '../sim/kernel.js';
import { ModelledIntake } from '../sim/modelled-intake.js';
import { RandomStreams } from '../sim/random.js';
import { SimDevice, type SimDeviceStats } from '../sim/sim-device.js';
import { ApplicationIo } from './application-io.js';
import { BlockGuard } from './block-guard.js';
import { MetricsRecorder } from './metrics.js';
import { Oracle } from './oracle.js';
import { RunControl } from './run-control.js';
import type { RunResult, TimelineRow } from './run-result.js';
import type { ResolvedDevice, Scenario } from './scenario/resolve.js';
import { SnapshotSchedule } from './snapshot-schedule.js';
import { startSyntheticWorkload } from './synthetic.js';
import { startTraceReplay } from './trace-replay.js';
import type { RunObserver } from './run-observer.js';
import type { WorkloadContext } from './workload-context.js';

export interface RunOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Overrides the scenario's engine mutant (self-tests). */
  mutant?: EngineMutant;
  /** Called at every timeline interval with the fraction of the run done. */
  onProgress?: (fraction: number) => void;
  /**
   * Called as the final check goes, with the fraction of blocks checked: 0 when it starts, 1
   * when it ends. The check runs outside simulated time and can take most of a run's wall time.
   */
  onFinalCheckProgress?: (fraction: number) => void;
  /** Hooks for tools built around a run (crash explorer, fault injection). */
  observer?: RunObserver;
  /** After the final check, reopen the volume from its closed devices and check every view again. */
  reopenCheck?: boolean;
}

/** Blocks per read in the reopen check: large reads keep the check cheap in events. */
const CHECK_BLOCKS = 256;
/** Blocks per read in the final check, which runs outside virtual time: fewer calls per block. */
const FINAL_CHECK_BLOCKS = 4096;
/** Injected faults per device listed in the report. */
const FAULT_RECORDS = 20;

interface IntervalSample {
  storeChunksUsed: number;
  cowCopies: number;
  dualWrites: number;
  busyNs: Record<string, number>;
}

/** Runs a resolved scenario to the end and returns what it measured (wallSeconds left at 0). */
export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<RunResult> {
  const seed = options.seed ?? scenario.seed;
  const streams = new RandomStreams(seed);
  // The scenario's bounds: a run past them stops with a RunLimitError instead of going on forever.
  const kernel = new Kernel({ maxEvents: scenario.limits.maxEvents, maxPredicateNs: scenario.limits.maxSimulatedTimeNs });
  const { volume: shape } = scenario;
  const intervalNs = scenario.report.timelineIntervalNs;

  const makeDevice = (device: ResolvedDevice, name: string): SimDevice => {
    const plugin = findDiskModel(device.model)!;
    return new SimDevice({
      name,
      kernel,
      model: plugin.create(device.params, streams.get(`device.${name}`).next),
      scheduler: device.scheduler,
      blockSize: shape.payloadBytes,
      blockCount: Math.floor(device.sizeBytes / shape.blockSizeBytes),
      nominalBlockSizeBytes: shape.blockSizeBytes,
      queueDepthSampleIntervalNs: intervalNs,
    });
  };
  const origin = makeDevice(scenario.devices.origin, 'origin');
  const store = makeDevice(scenario.devices.snapshotStore, 'snapshot-store');
  const devices = [origin, store];
  const observer = options.observer;
  // Faults wrap the simulated devices (a seeded stream each); a tool's decorator wraps outermost.
  const { faults } = scenario;
  const faulty = (device: SimDevice, role: 'origin' | 'snapshotStore'): FaultyDevice | undefined =>
    faults && new FaultyDevice(device, faults[role], streams.get(`faults.${role}`).next, { clock: kernel, delay: (ns) => kernel.sleep(ns) });
  const faultyOrigin = faulty(origin, 'origin');
  const faultyStore = faulty(store, 'snapshotStore');
  // What the engine and the schedule see: the simulated devices, wrapped where a tool asks.
  const engineOrigin = observer?.decorate?.(faultyOrigin ?? origin, 'origin') ?? faultyOrigin ?? origin;
  const engineStore = observer?.decorate?.(faultyStore ?? store, 'snapshotStore') ?? faultyStore ?? store;
  const intake = scenario.engine.intake ? new ModelledIntake(kernel, scenario.engine.intake, streams.get('intake')) : undefined;
  const volume = createStrategy(scenario.engine.strategy, {
    origin: engineOrigin,
    store: engineStore,
    // The engine sees payload-sized blocks; a chunk keeps its number of blocks.
    chunkSizeBytes: shape.chunkBlocks * shape.payloadBytes,
    locks: { policy: scenario.engine.locks, stripes: scenario.engine.stripes, mode: scenario.engine.lockMode },
    ...(intake ? { intake } : {}),
    clock: kernel,
    mutant: options.mutant ?? scenario.engine.mutant,
  });

  const control = new RunControl();
  const guard = new BlockGuard();
  const workloadNames = scenario.workloads.map((workload) => workload.name);
  // The origin image carries no checksums: silent corruption injected there explains a mismatch.
  // So does any on a strategy's moved data it keeps no checksum of (it says where a block lives).
  const explained =
    faultyOrigin &&
    faultyStore &&
    ((block: number, view: number | 'live'): boolean => {
      const places = volume.locate?.(view, block) ?? [{ role: 'origin', block }];
      return places.some((where) => (where.role === 'origin' ? faultyOrigin : faultyStore).wasFaulted(where.block, 'detect'));
    });
  const oracle = scenario.verify ? new Oracle(guard, shape.payloadBytes, workloadNames, explained) : undefined;
  const metrics = new MetricsRecorder(
    scenario.workloads.map((workload) => ({
      name: workload.name,
      ...(workload.profile ? { profile: workload.profile } : {}),
      target: workload.target,
      countFromNs: workload.startAtNs + workload.rampUpNs,
    })),
    intervalNs,
  );
  metrics.reportPercentiles = scenario.parsed.report.percentiles ?? [];
  let schedule: SnapshotSchedule | undefined;
  const io = new ApplicationIo(kernel, volume, guard, oracle, metrics, shape.payloadBytes, shape.blockSizeBytes, scenario.workloads.length, (workload) =>
    schedule!.completed(workload),
    observer,
    faults !== undefined,
  );
  schedule = new SnapshotSchedule(kernel, volume, engineStore, scenario, oracle, metrics, () => io.inFlight, control.fail, observer, faults !== undefined);
  observer?.started?.({ kernel, volume, schedule });
  const context: WorkloadContext = { kernel, io, streams, schedule, metrics, control, blockSizeBytes: shape.blockSizeBytes };
  scenario.workloads.forEach((workload, index) => (workload.trace ? startTraceReplay(context, workload, index) : startSyntheticWorkload(context, workload, index)));
  schedule.start();

  // The timeline: engine and device state sampled at every interval boundary.
  const samples: IntervalSample[] = [];
  const sample = (): void => {
    const snapshots = volume.snapshots();
    const { cow } = volume.stats();
    samples.push({
      storeChunksUsed: snapshots.reduce((sum, info) => sum + info.storeChunksUsed, 0),
      cowCopies: cow.copies,
      dualWrites: cow.dualWrites,
      busyNs: Object.fromEntries(devices.map((device) => [device.name, device.busyNs()])),
    });
    const fraction = Number.isFinite(scenario.durationNs) ? kernel.nowNs() / scenario.durationNs : metrics.completed / scenario.ios;
    options.onProgress?.(Math.min(1, fraction));
    if (!control.stopped) kernel.scheduleAfter(intervalNs, sample);
  };
  kernel.schedule(intervalNs, sample);

  const ioLimit = scenario.ios;
  await kernel.run({
    ...(Number.isFinite(scenario.durationNs) ? { untilNs: scenario.durationNs } : {}),
    until: () => control.stopped || metrics.completed >= ioLimit,
  });
  if (control.failure !== undefined) throw control.failure;
  const stopNs = kernel.nowNs();
  control.stopped = true;
  schedule.stopped = true;
  metrics.endNs = stopNs;
  // Figures as of the end of the run, before the drain and the final check touch the devices.
  if (samples.length * intervalNs < stopNs) sample();
  const deviceStats: SimDeviceStats[] = devices.map((device) => device.stats());
  const engineStats = volume.stats();
  const strategyFigures = volume.strategyFigures();
  const lockWait = volume.lockWaitDistribution();
  const intakeStats = intake?.stats();

  // Drain: workloads stop issuing; what is in flight completes.
  await kernel.run();
  if (control.failure !== undefined) throw control.failure;
  if (io.inFlight !== 0) throw new Error(`run drained with ${io.inFlight} application I/Os still in flight`);
  // Snapshot states after the drain: a retention delete started by the last command has landed.
  const snapshotResults = schedule.results();
  // CoW totals after the drain too, so they add up to the snapshots' own figures (the drain's
  // copies and dual writes are work the run's writes caused).
  const cowAfterDrain = volume.stats().cow;
  // The final check reads what the faults left behind, without new ones.
  faultyOrigin?.disarm();
  faultyStore?.disarm();

  const snapshotViews = oracle ? schedule.validIds() : [];
  // One process, so that closing never starts before the check has read everything. The check
  // reads every block of every view through the engine (its routing is what is checked), from
  // devices switched to inspection: what they hold, with no simulated time. Range by range, the
  // live view first: a snapshot view's blocks not written since its command are compared with the
  // live view's, just checked. Closing flushes the devices in virtual time.
  kernel.spawn('final check and close', async () => {
    for (const device of devices) device.inspecting = true;
    options.onFinalCheckProgress?.(0);
    for (let block = 0; oracle && block < shape.blockCount; block += FINAL_CHECK_BLOCKS) {
      const count = Math.min(FINAL_CHECK_BLOCKS, shape.blockCount - block);
      const live = await io.checkRange('live', block, count);
      for (const view of snapshotViews) await io.checkRange(view, block, count, live);
      options.onFinalCheckProgress?.((block + count) / shape.blockCount);
    }
    options.onFinalCheckProgress?.(1);
    for (const device of devices) device.inspecting = false;
    await volume.close();
  });
  await kernel.run();
  if (control.failure !== undefined) throw control.failure;
  if (oracle) {
    // Faults may leave a copy or a slot short of what the chunks written needed: the store check
    // holds only without them.
    // The check is of the method's snapshot images; redirect-on-write fills one pool shared with live.
    if (!scenario.faults && scenario.engine.strategy !== 'redirect-on-write') checkStoreFull(snapshotResults, oracle, shape.chunkBlocks);
    // Redirect-on-write keeps its maps in memory only: it has no reopen to check.
    if (options.reopenCheck && scenario.engine.strategy !== 'redirect-on-write') {
      const validIds = schedule.validIds();
      kernel.spawn('reopen check', () =>
        reopenAndCheck({
          origin: engineOrigin,
          images: schedule.imageDevices(),
          chunkSizeBytes: shape.chunkBlocks * shape.payloadBytes,
          blockCount: shape.blockCount,
          validIds,
          oracle,
          checkBlocks: CHECK_BLOCKS,
        }),
      );
      await kernel.run();
    }
  }

  const reproduce = `npx cowsim run${scenario.source.startsWith('(') ? '' : ` --scenario ${scenario.source}`} --seed ${seed}`;
  const counts = metrics.counts;
  const intervals = Math.max(1, Math.ceil(stopNs / intervalNs));
  const figures = metrics.intervalFigures(intervals);
  const queueTimelines = Object.fromEntries(deviceStats.map((stats) => [stats.name, stats.queueDepth.timeline?.meanInDevice ?? []]));
  const timeline: TimelineRow[] = figures.map((figure, index) => {
    const at = samples[Math.min(index, samples.length - 1)];
    const before = index === 0 ? undefined : samples[Math.min(index - 1, samples.length - 1)];
    return {
      atSeconds: (index * intervalNs) / 1e9,
      ...figure,
      storeChunksUsed: at?.storeChunksUsed ?? 0,
      cowCopies: at?.cowCopies ?? 0,
      dualWrites: at?.dualWrites ?? 0,
      queueDepth: Object.fromEntries(deviceStats.map((stats) => [stats.name, queueTimelines[stats.name]![index] ?? 0])),
      utilization: Object.fromEntries(
        deviceStats.map((stats) => [stats.name, at ? Math.min(1, ((at.busyNs[stats.name] ?? 0) - (before?.busyNs[stats.name] ?? 0)) / intervalNs) : 0]),
      ),
    };
  });
  const alive = snapshotResults.filter((snapshot) => snapshot.state !== 'deleted');
  return {
    scenario,
    seed,
    simulatedNs: stopNs,
    measuredNs: Math.max(0, stopNs - Math.min(...scenario.workloads.map((workload) => workload.startAtNs + workload.rampUpNs))),
    wallSeconds: 0,
    events: kernel.eventsRun,
    ios: { total: counts.total, reads: counts.reads, writes: counts.writes, snapshotReads: counts.snapshotReads },
    bytes: { read: counts.bytesRead, written: counts.bytesWritten },
    latency: { read: metrics.latency('read'), write: metrics.latency('write'), snapshotRead: metrics.latency('snapshotRead') },
    workloads: metrics.workloadResults(),
    timeline: { intervalSeconds: intervalNs / 1e9, rows: timeline },
    preserves: metrics.preserveEvents(),
    snapshots: snapshotResults,
    cow: {
      ...cowAfterDrain,
      storeChunksUsed: alive.reduce((sum, snapshot) => sum + snapshot.storeChunksUsed, 0),
      storeChunksCapacity: alive.reduce((sum, snapshot) => sum + snapshot.storeChunksCapacity, 0),
    },
    locks: engineStats.locks,
    lockWait: { policy: engineStats.locks.policy, cdf: lockWait.map(([waitNs, fraction]) => [waitNs / 1000, fraction]) },
    ...(intakeStats ? { intake: intakeStats } : {}),
    devices: [
      { role: 'origin', ...(scenario.devices.origin.preset ? { preset: scenario.devices.origin.preset } : {}), stats: deviceStats[0]! },
      { role: 'snapshotStore', ...(scenario.devices.snapshotStore.preset ? { preset: scenario.devices.snapshotStore.preset } : {}), stats: deviceStats[1]! },
    ],
    strategy: { name: scenario.engine.strategy, figures: strategyFigures },
    schedule: { commands: schedule.commands, skipped: schedule.skipped, skippedAtSeconds: schedule.skippedAtNs.map((atNs) => atNs / 1e9) },
    correctness: oracle
      ? {
          verdict: oracle.mismatches === 0 ? 'pass' : 'fail',
          checkedBlocks: oracle.checkedBlocks,
          checkedReads: oracle.checkedReads,
          uncheckedReads: oracle.uncheckedReads,
          mismatches: oracle.mismatches,
          details: oracle.details,
          reproduce,
        }
      : { verdict: 'skipped', checkedBlocks: 0, checkedReads: 0, uncheckedReads: 0, mismatches: 0, details: [], reproduce },
    ...(faultyOrigin && faultyStore
      ? {
          faults: {
            devices: { origin: faultyOrigin.stats(), snapshotStore: faultyStore.stats() },
            records: { origin: faultyOrigin.records().slice(0, FAULT_RECORDS), snapshotStore: faultyStore.records().slice(0, FAULT_RECORDS) },
            ioErrors: { ...metrics.ioErrors },
            failedPreserves: schedule.failedPreserves,
            failedDeletes: schedule.failedDeletes,
            explainedMismatches: oracle?.explainedByFaults ?? 0,
            explainedDetails: oracle?.explainedDetails ?? [],
          },
        }
      : {}),
  };
}

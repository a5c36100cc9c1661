/**
 * The cross-field limits of a scenario, checked while it is resolved: past them the engine, a
 * disk model or the run itself would fail or never end, so each is a scenario issue (exit 2)
 * naming the field and the limit, found before any run starts. limits.ts holds the numbers.
 */
import { MAX_CHUNK } from '../../engine/lookup-table.js';
import { ImageLayout } from '../../engine/snapshot-image-format.js';
import {
  DEFAULT_MAX_EVENTS,
  DEFAULT_MAX_SIMULATED_NS,
  formatCount,
  MAX_IN_FLIGHT,
  MAX_PRESERVES,
  MAX_TIMELINE_ROWS,
  MAX_WORKLOADS,
} from './limits.js';
import type { ResolvedWorkload } from './resolve.js';
import type { ParsedScenario } from './schema.js';

/** Reports one issue at a field path. */
export type IssueSink = (path: PropertyKey[], expected: string) => void;

/** The run bounds of a resolved scenario (see limits.ts). */
export interface RunLimits {
  /** Kernel events the whole run may take. */
  readonly maxEvents: number;
  /** Simulated time the run may reach: limits.maxSimulatedTime, else the duration, else 1 h. */
  readonly maxSimulatedTimeNs: number;
}

/** The volume's chunk count fits the engine's 32-bit chunk numbers (engine/volume.ts). */
export function checkVolumeChunks(volume: { size: number; chunkSize: number }, issue: IssueSink): void {
  if (!(volume.chunkSize > 0)) return;
  const chunks = Math.ceil(volume.size / volume.chunkSize);
  if (chunks > MAX_CHUNK) {
    issue(['volume', 'size'], `at most ${formatCount(MAX_CHUNK)} chunks of volume.chunkSize (${volume.chunkSize} bytes), the most the engine numbers; found ${formatCount(chunks)} (use larger chunks or a smaller volume)`);
  }
}

/**
 * Each snapshot image holds at least one chunk and its metadata as the engine lays it out: the
 * engine sees payload-sized blocks, so the layout is computed at that block size.
 */
export function checkImageLayout(
  shape: { blockSizeBytes: number; payloadBytes: number; chunkBlocks: number },
  images: { imageSizeBytes: number; maxAlive: number; storeBytes: number },
  issue: IssueSink,
): void {
  const imageBlocks = Math.floor(images.imageSizeBytes / shape.blockSizeBytes);
  const layout = (blocks: number) => new ImageLayout(shape.payloadBytes, shape.chunkBlocks * shape.payloadBytes, blocks);
  if (layout(imageBlocks).slotCapacity >= 1) return;
  // The header, one metadata area and its mirror, then one data chunk (snapshot-image-format.ts).
  const empty = layout(0);
  const leastBytes = (empty.headerChunks + 2 * empty.areaChunks + 1) * empty.chunkBlocks * shape.blockSizeBytes;
  const share = `the ${images.storeBytes}-byte snapshot store is divided among ${formatCount(images.maxAlive)} snapshot images`;
  issue(
    ['snapshots', 'imageSize'],
    `room for one chunk and its metadata: at least ${leastBytes} bytes per snapshot image, found ${images.imageSizeBytes} (${share}; keep fewer snapshots with snapshots.retain, take fewer, or give a larger store)`,
  );
}

/** Workloads after profiles expand, and the I/Os they may hold in flight at once. */
export function checkWorkloadCounts(workloads: readonly ResolvedWorkload[], indexOf: (workload: ResolvedWorkload) => number, issue: IssueSink): void {
  if (workloads.length > MAX_WORKLOADS) issue(['workloads'], `at most ${MAX_WORKLOADS} workloads once profiles expand into their parts, found ${workloads.length}`);
  let inFlight = 0;
  for (const workload of workloads) {
    inFlight += workload.jobs * workload.iodepth;
    if (inFlight > MAX_IN_FLIGHT) {
      issue(
        ['workloads', indexOf(workload), 'iodepth'],
        `at most ${formatCount(MAX_IN_FLIGHT)} I/Os in flight over all workloads (jobs x iodepth summed; each is a live process with its buffers), reached ${formatCount(inFlight)} with this workload (${workload.jobs} jobs x ${workload.iodepth})`,
      );
      return;
    }
  }
}

/**
 * The most I/Os a workload can ever issue, or Infinity: its ios, a sequential live workload's
 * passes over its range, a trace's maxRecords when it does not loop.
 */
export function mostIos(workload: ResolvedWorkload): number {
  let most = workload.ios;
  const sequential = workload.rw === 'read' || workload.rw === 'write' || workload.rw === 'readwrite';
  // A snapshot reader starts its pass again when its snapshot goes, so only live passes are bounded.
  if (sequential && workload.target === 'live' && !workload.trace && Number.isFinite(workload.loops)) {
    const smallest = Math.min(...workload.blockSizes.map((size) => size.blocks));
    // Each job walks its own slice; every I/O but a slice's last covers at least the smallest size.
    most = Math.min(most, workload.loops * (Math.ceil(workload.rangeBlocks / smallest) + workload.jobs));
  }
  if (workload.trace && !workload.trace.loop && workload.trace.maxRecords !== undefined) most = Math.min(most, workload.trace.maxRecords);
  return most;
}

/** A run that stops on `ios` alone must be able to reach it: the workloads must be able to issue that many. */
export function checkIosReachable(parsed: ParsedScenario, workloads: readonly ResolvedWorkload[], issue: IssueSink): void {
  if (parsed.ios === undefined || parsed.duration !== undefined || workloads.length === 0) return;
  const most = workloads.reduce((sum, workload) => sum + mostIos(workload), 0);
  if (most >= parsed.ios) return;
  const parts = workloads.map((workload) => `${workload.name} ${formatCount(mostIos(workload))}`).join(', ');
  issue(['ios'], `a count the workloads can reach: they can issue at most ${formatCount(most)} I/Os (${parts}), so a run without a duration would never end at ios ${formatCount(parsed.ios)}; lower ios or give a duration`);
}

/** Preserve commands and timeline rows of a run with a duration stay within what a run keeps in memory. */
export function checkRunShape(parsed: ParsedScenario, durationNs: number, issue: IssueSink): void {
  if (!Number.isFinite(durationNs)) return;
  const { every, at, after } = parsed.snapshots;
  if (every !== undefined && every > 0) {
    const commands = Math.floor(durationNs / every) + 1 + at.length + after.length;
    if (commands > MAX_PRESERVES) {
      issue(['snapshots', 'every'], `an interval giving at most ${formatCount(MAX_PRESERVES)} preserve commands in the ${durationNs / 1e9} s run: at least ${Math.ceil(durationNs / MAX_PRESERVES)} ns, found ${every} ns`);
    }
  }
  const interval = parsed.report.timelineInterval;
  if (interval !== undefined && interval > 0 && durationNs / interval > MAX_TIMELINE_ROWS) {
    issue(['report', 'timelineInterval'], `an interval giving at most ${formatCount(MAX_TIMELINE_ROWS)} timeline rows in the ${durationNs / 1e9} s run: at least ${Math.ceil(durationNs / MAX_TIMELINE_ROWS)} ns, found ${interval} ns`);
  }
  if (interval !== undefined && interval <= 0) issue(['report', 'timelineInterval'], 'a positive interval');
}

/** The run bounds: the scenario's limits section, or defaults; a duration past limits.maxSimulatedTime is refused. */
export function resolveRunLimits(parsed: ParsedScenario, durationNs: number, issue: IssueSink): RunLimits {
  const limits = parsed.limits;
  const maxEvents = limits?.maxEvents ?? DEFAULT_MAX_EVENTS;
  const explicitTime = limits?.maxSimulatedTime;
  if (explicitTime !== undefined && explicitTime <= 0) issue(['limits', 'maxSimulatedTime'], 'a positive duration');
  if (explicitTime !== undefined && Number.isFinite(durationNs) && durationNs > explicitTime) {
    issue(['duration'], `at most limits.maxSimulatedTime (${explicitTime / 1e9} s), found ${durationNs / 1e9} s; raise limits.maxSimulatedTime to run longer`);
  }
  const maxSimulatedTimeNs = explicitTime ?? (Number.isFinite(durationNs) ? durationNs : DEFAULT_MAX_SIMULATED_NS);
  return { maxEvents, maxSimulatedTimeNs };
}

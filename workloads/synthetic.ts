/**
 * Synthetic jobs in the spirit of fio: sequential or random, read/write mixes, request size
 * mixes, closed loop (jobs x iodepth) or open loop (Poisson or constant arrivals, capped at
 * jobs x iodepth outstanding, latency counted from arrival), think time, and a target: the live
 * view, or the newest snapshot view (a backup).
 */
import { SnapshotUnavailableError } from '../engine/errors.js';
import { WeightedChoice } from '../sim/random.js';
import { RandomAddresses } from './addresses.js';
import type { WorkloadContext } from './workload-context.js';
import type { ResolvedWorkload } from './scenario/resolve.js';

/** The sequential position of one job in its slice of the range. */
interface SequentialCursor {
  next: number;
  readonly start: number;
  readonly end: number;
  passes: number;
  /** The snapshot a backup pass reads. */
  snapshotId: number | undefined;
}

const SNAPSHOT_POLL_NS = 10_000_000;

/** Starts one synthetic workload's processes in the kernel. */
export function startSyntheticWorkload(context: WorkloadContext, workload: ResolvedWorkload, index: number): void {
  const { kernel } = context;
  const random = context.streams.get(`workload.${workload.name}`);
  const sizes = workload.blockSizes.map((size) => size.blocks);
  const sizeChoice = sizes.length > 1 ? new WeightedChoice(workload.blockSizes.map((size) => size.weight)) : undefined;
  const alignBlocks = Math.min(...sizes);
  const sequential = workload.rw === 'read' || workload.rw === 'write' || workload.rw === 'readwrite';
  const addresses = sequential ? undefined : new RandomAddresses(workload.distribution, workload.rangeStartBlock, workload.rangeBlocks, alignBlocks);
  let issued = 0;
  let finishedJobs = 0;

  const pickSize = (): number => (sizeChoice ? sizes[sizeChoice.sample(random)]! : sizes[0]!);
  const exhausted = (): boolean => context.control.stopped || issued >= workload.ios || kernel.nowNs() >= workload.stopAtNs || finishedJobs >= workload.jobs;

  const cursors: SequentialCursor[] = Array.from({ length: workload.jobs }, (_, job) => {
    const slice = Math.floor(workload.rangeBlocks / workload.jobs);
    const start = workload.rangeStartBlock + job * slice;
    return { next: start, start, end: job === workload.jobs - 1 ? workload.rangeStartBlock + workload.rangeBlocks : start + slice, passes: 0, snapshotId: undefined };
  });

  /** Waits for a valid snapshot when the workload reads one; undefined when the run ends first. */
  const snapshotToRead = async (): Promise<number | undefined> => {
    for (;;) {
      const id = workload.snapshot === 'any' ? context.schedule.anyValid(() => random.next()) : context.schedule.newestValid();
      if (id !== undefined || exhausted()) return id;
      await kernel.sleep(SNAPSHOT_POLL_NS);
    }
  };

  /** Issues one I/O for `job`; false when the job has nothing more to do. */
  const issueOne = async (job: number, arrivedAtNs: number): Promise<boolean> => {
    let sizeBlocks = pickSize();
    let block: number;
    const cursor = cursors[job]!;
    if (addresses) {
      block = addresses.next(random, sizeBlocks);
    } else {
      if (cursor.passes >= workload.loops) return false;
      block = cursor.next;
      sizeBlocks = Math.min(sizeBlocks, cursor.end - block);
      cursor.next += sizeBlocks;
      if (cursor.next >= cursor.end) {
        cursor.next = cursor.start;
        cursor.passes++;
      }
    }
    issued++;
    const read = workload.readFraction >= 1 || (workload.readFraction > 0 && random.chance(workload.readFraction));
    if (!read) {
      await context.io.write(index, job, block, sizeBlocks, arrivedAtNs);
    } else if (workload.target === 'live') {
      await context.io.read(index, block, sizeBlocks, arrivedAtNs);
    } else {
      // Random readers pick a snapshot per read (the newest, or any); a sequential pass (a backup) keeps its own.
      const snapshotId = addresses ? await snapshotToRead() : (cursor.snapshotId ??= await snapshotToRead());
      if (snapshotId === undefined) return false;
      try {
        await context.io.snapshotRead(index, snapshotId, block, sizeBlocks, arrivedAtNs);
      } catch (error) {
        if (!(error instanceof SnapshotUnavailableError)) throw error;
        // The snapshot was deleted or invalidated under the backup: start over on the newest.
        context.metrics.error(index, 'snapshot gone');
        cursor.snapshotId = undefined;
        cursor.next = cursor.start;
      }
      if (!addresses && cursor.next === cursor.start) cursor.snapshotId = undefined; // a pass ended
    }
    return true;
  };

  const begin = async (): Promise<boolean> => {
    if (workload.startAtNs > kernel.nowNs()) await kernel.wakeAt(workload.startAtNs);
    if (workload.target === 'snapshot' && (await snapshotToRead()) === undefined) return false;
    return !exhausted();
  };

  if (workload.rate === undefined) {
    for (let job = 0; job < workload.jobs; job++) {
      let slotsDone = 0;
      for (let slot = 0; slot < workload.iodepth; slot++) {
        kernel.spawn(`${workload.name} job ${job} slot ${slot}`, async () => {
          if (await begin()) {
            while (!exhausted()) {
              if (!(await issueOne(job, kernel.nowNs()))) break;
              if (workload.thinkTimeNs > 0) await kernel.sleep(workload.thinkTimeNs);
            }
          }
          if (++slotsDone === workload.iodepth) finishedJobs++;
        });
      }
    }
    return;
  }

  const { iops, arrival } = workload.rate;
  const cap = workload.jobs * workload.iodepth;
  kernel.spawn(`${workload.name} arrivals`, async () => {
    if (!(await begin())) return;
    const waiting: number[] = [];
    let outstanding = 0;
    let arrivals = 0;
    const startNs = kernel.nowNs();
    const launch = (arrivedAtNs: number): void => {
      outstanding++;
      const job = arrivals++ % workload.jobs;
      issueOne(job, arrivedAtNs).then((more) => {
        outstanding--;
        if (!more) finishedJobs = workload.jobs;
        const next = waiting.shift();
        if (next !== undefined && !context.control.stopped) launch(next);
      }, context.control.fail);
    };
    for (let count = 1; !exhausted(); count++) {
      const atNs = arrival === 'constant' ? startNs + Math.round((count * 1e9) / iops) : kernel.nowNs() + Math.round(random.exponential(1e9 / iops));
      await kernel.wakeAt(atNs);
      if (exhausted()) break;
      if (outstanding < cap) launch(atNs);
      else waiting.push(atNs);
    }
  });
}

/**
 * The limits a scenario must stay within, and the run bounds it may raise. Past these the
 * simulator would lose exactness, exhaust memory or never end, so each is refused as bad input
 * (exit 2) while the scenario is resolved, naming the field and the limit, before any run.
 */

/**
 * Simulated time is an integer of nanoseconds, exact only below 2^53. Every time a scenario
 * gives is at most half of that, so that the clock plus any one delay stays exact.
 */
export const MAX_TIME_NS = 2 ** 52;
/** MAX_TIME_NS for people. */
export const MAX_TIME_TEXT = '2^52 ns (about 52 days)';

/** Sizes are integers of bytes, exact only below 2^53. */
export const MAX_SIZE_BYTES = Number.MAX_SAFE_INTEGER;

/** Workloads after profiles expand (the oracle keeps a writer index per block in 16 bits). */
export const MAX_WORKLOADS = 1024;
/** fio's numjobs per workload. */
export const MAX_JOBS = 4096;
/** I/Os in flight per job. */
export const MAX_IODEPTH = 65_536;
/**
 * jobs x iodepth summed over the workloads: each slot is a live process with its buffers (a
 * million of them took 3 GB).
 */
export const MAX_IN_FLIGHT = 65_536;
/** Open-loop arrivals per second (ten times a fast NVMe drive). */
export const MAX_RATE_IOPS = 10_000_000;
/** Servers of the modelled intake (each is scanned per write). */
export const MAX_INTAKE_SERVERS = 4096;
/** Stripes of the striped lock policy. */
export const MAX_STRIPES = 1_048_576;

/** Preserve commands one run may schedule (each keeps a snapshot record). */
export const MAX_PRESERVES = 100_000;
/** Rows of the timeline (duration / report.timelineInterval). */
export const MAX_TIMELINE_ROWS = 100_000;

/** Kernel events a run may take unless the scenario raises limits.maxEvents (about half an hour of a busy run). */
export const DEFAULT_MAX_EVENTS = 100_000_000;
/** Upper bound of limits.maxEvents. */
export const MAX_MAX_EVENTS = 1e12;
/**
 * Simulated time a run that stops on an I/O count (no duration) may take unless
 * limits.maxSimulatedTime raises it. One hour: a run whose workloads stopped short of their ios
 * count then ends within seconds of wall time, not hours.
 */
export const DEFAULT_MAX_SIMULATED_NS = 3600e9;

/** A whole number for people: 65,536. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/**
 * The snapshot store a retention window needs, extrapolated from one run.
 *
 * Model: every snapshot's image gains chunks at the same steady rate g (chunks per second of its
 * life: the first write to each chunk after the preserve command copies it), up to the volume's
 * chunk count, when every chunk has been preserved. g is measured as the chunks each snapshot of
 * the run held divided by the seconds it lived (its CoW copies per second). Linear growth is an
 * upper bound for workloads that rewrite the same chunks: their images grow ever more slowly.
 *
 * With preserve commands every T seconds and N snapshots retained, the store is fullest just
 * before a preserve command, holding snapshots aged T, 2T, ..., NT: Σ min(C, g·k·T) chunks. A
 * retention window W keeps N = floor(W / T) snapshots (at least one); without periodic preserve
 * commands, one snapshot kept for W needs min(C, g·W). A retention at least as long as the run's
 * own never gets less than the most the run itself used (the timeline's peak).
 */
import { InputError } from '../../engine/errors.js';
import { parseDurationNs } from '../../workloads/scenario/units.js';

/** How long snapshots are kept: a time window, or a number of snapshots. */
export type Retention = { readonly kind: 'window'; readonly seconds: number } | { readonly kind: 'snapshots'; readonly count: number };

/** What the extrapolation reads from a run. */
export interface StoreGrowthInput {
  /** The run's timeline: chunks in use over all snapshots at the end of each interval. */
  readonly timeline: readonly { readonly atSeconds: number; readonly storeChunksUsed: number }[];
  readonly intervalSeconds: number;
  /** Every snapshot taken, with the chunks its image held when it was deleted or the run ended. */
  readonly snapshots: readonly {
    readonly id: number;
    readonly takenAtSeconds: number;
    readonly deletedAtSeconds?: number | null;
    readonly storeChunksUsed: number;
    readonly state?: string;
  }[];
  /** End of the run, seconds of virtual time. */
  readonly endSeconds: number;
  /** The scenario's periodic preserve interval (snapshots.every), if any. */
  readonly preserveIntervalSeconds?: number;
  /** Chunks of the volume: no snapshot image holds more. */
  readonly volumeChunks: number;
  readonly chunkSizeBytes: number;
  /** Snapshots the run itself kept (snapshots.retain); default: every snapshot it took. */
  readonly runRetained?: number;
}

/** One snapshot's measured growth. */
export interface SnapshotGrowth {
  readonly id: number;
  readonly takenAtSeconds: number;
  readonly lifeSeconds: number;
  readonly chunks: number;
  readonly chunksPerSecond: number;
}

export interface StoreEstimate {
  readonly retention: Retention;
  /** Per snapshot, chunks per second of its life. */
  readonly growthChunksPerSecond: number;
  readonly snapshots: readonly SnapshotGrowth[];
  /** The most chunks in use at once in the run (from the timeline), and when. */
  readonly observedPeakChunks: number;
  readonly observedPeakAtSeconds: number;
  /** Seconds between preserve commands used for the extrapolation; undefined with one snapshot kept for a window. */
  readonly preserveIntervalSeconds?: number;
  /** Snapshots alive when the store is fullest, and the oldest one's age. */
  readonly snapshotsRetained: number;
  readonly oldestAgeSeconds: number;
  /** Chunks of the oldest snapshot's image: the size each image must have. */
  readonly largestImageChunks: number;
  readonly chunks: number;
  readonly bytes: number;
  /** True when some retained snapshot reaches the volume's chunk count (the cap applies). */
  readonly capped: boolean;
  readonly notes: readonly string[];
}

/** Parses `--retention`: a whole number of snapshots (`8`), or a time window (`24h`, `90min`, `30s`). */
export function parseRetention(text: string): Retention {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const count = Number(trimmed);
    if (count >= 1) return { kind: 'snapshots', count };
  } else {
    const ns = parseDurationNs(trimmed);
    if (ns !== undefined && ns > 0) return { kind: 'window', seconds: ns / 1e9 };
  }
  throw new InputError('--retention', 'retention', 'a number of snapshots (8) or a time window with a unit (24h, 90min, 30s)', JSON.stringify(text));
}

/** A retention for people: `24 h`, `8 snapshots`. */
export function describeRetention(retention: Retention): string {
  if (retention.kind === 'snapshots') return `${retention.count} snapshot${retention.count === 1 ? '' : 's'}`;
  const { seconds } = retention;
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** Extrapolates the store a retention needs from a run's snapshots and timeline. */
export function estimateStore(input: StoreGrowthInput, retention: Retention): StoreEstimate {
  const notes: string[] = [];
  const snapshots: SnapshotGrowth[] = input.snapshots
    .map((snapshot) => {
      const lifeSeconds = (snapshot.deletedAtSeconds ?? input.endSeconds) - snapshot.takenAtSeconds;
      return {
        id: snapshot.id,
        takenAtSeconds: snapshot.takenAtSeconds,
        lifeSeconds,
        chunks: snapshot.storeChunksUsed,
        chunksPerSecond: lifeSeconds > 0 ? snapshot.storeChunksUsed / lifeSeconds : 0,
      };
    })
    .filter((snapshot) => snapshot.lifeSeconds > 0);
  if (snapshots.length === 0) throw new InputError('--retention', 'store size', 'a scenario that takes a snapshot before its run ends, to measure how fast snapshot images grow', 'no snapshot alive for any time');
  const overflowed = input.snapshots.filter((snapshot) => snapshot.state === 'invalid');
  if (overflowed.length > 0) {
    notes.push(`${overflowed.length} snapshot(s) were invalidated (image full) during the run, so their growth stopped early: the rate is a lower bound; give the scenario larger images`);
  }
  const totalChunks = snapshots.reduce((sum, snapshot) => sum + snapshot.chunks, 0);
  const totalSeconds = snapshots.reduce((sum, snapshot) => sum + snapshot.lifeSeconds, 0);
  const growth = totalChunks / totalSeconds;

  let peakChunks = 0;
  let peakAt = 0;
  for (const row of input.timeline) {
    if (row.storeChunksUsed > peakChunks) {
      peakChunks = row.storeChunksUsed;
      peakAt = row.atSeconds + input.intervalSeconds;
    }
  }

  const taken = [...input.snapshots].map((snapshot) => snapshot.takenAtSeconds).sort((a, b) => a - b);
  const observedInterval = taken.length >= 2 ? (taken.at(-1)! - taken[0]!) / (taken.length - 1) : undefined;
  const interval = input.preserveIntervalSeconds ?? observedInterval;
  if (input.preserveIntervalSeconds === undefined && observedInterval !== undefined) {
    notes.push(`no periodic preserve commands: the mean gap between the run's ${taken.length} preserve commands (${round(observedInterval)} s) stands for the interval`);
  }

  const capacity = input.volumeChunks;
  let retained: number;
  let chunks: number;
  let oldestAge: number;
  let usedInterval: number | undefined = interval;
  if (retention.kind === 'snapshots') {
    if (interval === undefined) {
      throw new InputError('--retention', describeRetention(retention), 'a time window such as 24h: the scenario takes a single snapshot, so a count of snapshots has no interval to grow over');
    }
    retained = retention.count;
    ({ chunks } = retainedChunks(growth, interval, retained, capacity));
    oldestAge = retained * interval;
  } else if (interval === undefined) {
    retained = 1;
    oldestAge = retention.seconds;
    chunks = Math.min(capacity, growth * retention.seconds);
  } else {
    retained = Math.max(1, Math.floor(retention.seconds / interval));
    ({ chunks } = retainedChunks(growth, interval, retained, capacity));
    oldestAge = retained * interval;
    if (retention.seconds < interval) {
      usedInterval = undefined;
      oldestAge = retention.seconds;
      chunks = Math.min(capacity, growth * retention.seconds);
      notes.push(`the window is shorter than the preserve interval (${round(interval)} s): one snapshot at a time`);
    }
  }
  const largestImageChunks = Math.ceil(Math.min(capacity, growth * oldestAge));
  const capped = growth * oldestAge >= capacity;
  if (capped) notes.push(`the oldest retained snapshots reach the volume's ${capacity} chunks: they hold a full copy of the volume`);
  let chunksNeeded = Math.ceil(chunks);
  // Keeping at least as many snapshots as the run did needs at least what the run itself used.
  if (retained >= (input.runRetained ?? input.snapshots.length) && peakChunks > chunksNeeded) {
    notes.push(
      `the run itself used ${peakChunks} chunks at ${round(peakAt)} s, more than the model's ${chunksNeeded} (snapshots lived longer than the interval times the retention: skipped preserve commands or late deletions, or images grew fastest when young); the estimate is the run's peak`,
    );
    chunksNeeded = peakChunks;
  }
  return {
    retention,
    growthChunksPerSecond: growth,
    snapshots,
    observedPeakChunks: peakChunks,
    observedPeakAtSeconds: peakAt,
    ...(usedInterval === undefined ? {} : { preserveIntervalSeconds: usedInterval }),
    snapshotsRetained: retained,
    oldestAgeSeconds: oldestAge,
    largestImageChunks,
    chunks: chunksNeeded,
    bytes: chunksNeeded * input.chunkSizeBytes,
    capped,
    notes,
  };
}

/** Σ_{k=1..count} min(capacity, growth·k·interval), in closed form (count may be large). */
export function retainedChunks(growth: number, interval: number, count: number, capacity: number): { chunks: number } {
  const perStep = growth * interval;
  if (perStep <= 0) return { chunks: 0 };
  const uncapped = Math.min(count, Math.floor(capacity / perStep));
  return { chunks: (perStep * uncapped * (uncapped + 1)) / 2 + (count - uncapped) * capacity };
}

function round(value: number): number {
  return Number(value.toPrecision(4));
}

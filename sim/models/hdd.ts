/**
 * `hdd`: a rotating disk. Service time of a command on the medium = command overhead + seek +
 * rotational latency + media transfer, with
 * - seek: Ruemmler & Wilkes' two-regime curve fitted to track-to-track, average and full-stroke
 *   seek times (hdd-seek.ts); a write adds writeSettleMs to any seek that moves the head, as
 *   datasheets' longer write seeks show (hdd-mechanism.ts);
 * - rotational latency: the platter's angle is a deterministic function of virtual time
 *   (angle = (t mod revolution) / revolution, angle 0 at t = 0), the target's angle follows from
 *   its offset on its track (hdd-geometry.ts); the drive waits until the target passes the head;
 * - transfer: zoned media rate, linear from outerRateMBps at LBA 0 to innerRateMBps at the end;
 * - read-ahead: after a read the head keeps reading the following readAheadBytes into the drive
 *   buffer, so a sequential read stream, at QD1 or queued, runs at media rate (hdd-read-ahead.ts);
 * - write cache: a volatile write-back cache of writeCacheBytes in writeCacheSegments segments
 *   (0 bytes = off). A write that fits completes after the command overhead and its transfer at
 *   interfaceRateMBps; the drive destages it later, in SPTF order, when idle, above the high-water
 *   mark or when a write waits for room, and then the mechanism is busy for reads. A flush
 *   completes only once everything cached before it is on the medium, at the cost of writing it.
 *   Reads of data still in the cache are served from it (hdd-write-cache.ts, hdd-drive.ts);
 * - NCQ: the drive holds up to queueDepth commands and serves the one with the shortest
 *   positioning time first (SPTF), aged: positioning counts agingWeight ns less per ns waited, and
 *   a command that has waited maxWaitMs is served first (hdd-sptf.ts). With queueDepth 1 it
 *   serves what the host hands it, in that order.
 *
 * Simplifications (documented so results are read with them in mind): no forced unit access (the
 * model contract has no FUA flag: a write is made durable by a flush); a crash does not drop the
 * cache's contents here (crash states come from the device log, design.md section 7); no
 * track/cylinder skew or head-switch time; a transfer uses the rate of the cylinder it starts on;
 * the head position after a command is the cylinder where its data ends; reads and cached writes
 * use the host link while the mechanism destages, with no contention between them.
 *
 * Sources: the seek model and the service-time decomposition follow C. Ruemmler and J. Wilkes,
 * "An introduction to disk drive modeling", IEEE Computer 27(3), 1994; SPTF scheduling follows
 * Worthington, Ganger and Patt, "Scheduling algorithms for modern disk drives", SIGMETRICS 1994,
 * and its aging Jacobson and Wilkes, HP Labs HPL-CSP-91-7rev1, 1991. Parameter values come from
 * the presets (sim/presets.ts), which name a datasheet for each.
 *
 * Units: MB = 10^6 bytes, as datasheets use.
 */
import { z } from 'zod';
import type { DiskModel, DiskModelPlugin, DiskRequest, UniformSource } from '../disk-model.js';
import { DriveState, type ProjectedCompletion } from './hdd-drive.js';
import { seekFitProblem } from './hdd-limits.js';
import { Mechanism } from './hdd-mechanism.js';
import { SEEK_AVERAGE_SHARE_RANGE } from './hdd-seek.js';
import { WriteCache } from './hdd-write-cache.js';
import { MAX_OPERATION_MS, MAX_OPERATION_US, MIN_RATE_MBPS } from './param-limits.js';

const MAX_WAIT_MS_DEFAULT = 500;
const AGING_WEIGHT_DEFAULT = 0.01;

/** Parameters of the hdd model; defaults are the hdd-7200-sata preset (sim/presets.ts). */
export const hddParamsSchema = z
  .object({
    /** Host-visible capacity. */
    capacityBytes: z.number().int().positive().default(4_000_000_000_000),
    /** Spindle speed. */
    rpm: z.number().min(60).max(30_000).default(7200),
    /** Recording surfaces (heads); with capacity and rates it sets the cylinder count. */
    surfaces: z.number().int().positive().max(64).default(8),
    /** Single-track seek (including settling, without command overhead). */
    trackToTrackSeekMs: z.number().positive().max(MAX_OPERATION_MS).default(0.23),
    /** Average seek, weighted over all seek distances as datasheets define it. */
    averageSeekMs: z.number().positive().max(MAX_OPERATION_MS).default(7.4),
    /** Full-stroke seek. */
    fullStrokeSeekMs: z.number().positive().max(MAX_OPERATION_MS).default(15),
    /** Media transfer rate at the outer edge (LBA 0). */
    outerRateMBps: z.number().min(MIN_RATE_MBPS).default(220),
    /** Media transfer rate at the inner edge (last LBA). */
    innerRateMBps: z.number().min(MIN_RATE_MBPS).default(110),
    /** Controller time per command (decode, cache lookup, status); a write's when writeCommandOverheadUs is absent. */
    commandOverheadUs: z.number().nonnegative().max(MAX_OPERATION_US).default(100),
    /**
     * Controller time per write command, cached or not, where it differs from a read's (DiskSim's
     * write-hit overheads are not its read-miss ones). Absent: commandOverheadUs, as for every
     * preset.
     */
    writeCommandOverheadUs: z.number().nonnegative().max(MAX_OPERATION_US).optional(),
    /**
     * Whether a read that goes through the drive buffer (a miss or a read-ahead hit) pays its
     * transfer over the host link at interfaceRateMBps. 'overlapped': a miss's link transfer runs
     * alongside its media transfer, sector (512 bytes) by sector, and cannot send a sector before
     * it is read, so the read completes when the last sector has been both read and sent (the
     * slower of the two sets the pace); a read-ahead hit's transfer starts after the command
     * overhead (and waits, sector by sector, for data the stream has not yet read). This is how
     * DiskSim charges every command its bus time. 'none' (or absent): the read completes when its
     * data is in the buffer (the miss when its last byte passes the head). The presets leave it
     * off: their link (SATA/SAS, 600-1200 MB/s) is 3 to 5 times faster than their medium, so it
     * would change their read times by microseconds; it matters for the slow buses of DiskSim's validation
     * drives (3.8-5.2 MB/s, test/fixtures/disksim). Reads of cached write data always pay the link.
     */
    readBusTransfer: z.enum(['none', 'overlapped']).optional(),
    /** How far the drive reads ahead after a read (0 disables read-ahead). */
    readAheadBytes: z.number().int().nonnegative().default(2 * 1024 * 1024),
    /** NCQ depth: commands the drive holds and reorders (1 = no reordering). */
    queueDepth: z.number().int().min(1).max(256).default(32),
    /** Extra settle time of a write's seek over a read's (0 for none). */
    writeSettleMs: z.number().nonnegative().max(MAX_OPERATION_MS).default(0.8),
    /** SPTF's bound on a command's wait in the drive: past it the oldest is served first (0 = pure SPTF). */
    maxWaitMs: z.number().nonnegative().max(MAX_OPERATION_MS).default(MAX_WAIT_MS_DEFAULT),
    /** Aged SPTF: a command's positioning time counts less by this many ns per ns it has waited (0 = none). */
    agingWeight: z.number().nonnegative().max(1).default(AGING_WEIGHT_DEFAULT),
    /** Volatile write-back cache size (0 = write cache off: writes complete on the medium). */
    writeCacheBytes: z.number().int().nonnegative().max(2 ** 40).default(256 * 1024 * 1024),
    /** Dirty extents the write cache holds at most; one destage writes at most writeCacheBytes / segments. */
    writeCacheSegments: z.number().int().min(1).max(65_536).default(128),
    /** Fullness (bytes or segments) above which destaging goes before host commands; below it the drive destages when idle. */
    writeCacheHighWater: z.number().gt(0).max(1).default(0.75),
    /** Host link payload rate: cached writes and reads from the cache move at it, and reads from the medium with readBusTransfer 'overlapped'. */
    interfaceRateMBps: z.number().min(MIN_RATE_MBPS).default(600),
  })
  .strict()
  .superRefine((params, context) => {
    if (params.innerRateMBps > params.outerRateMBps) {
      context.addIssue({
        code: 'custom',
        path: ['innerRateMBps'],
        message: `expected innerRateMBps <= outerRateMBps (${params.outerRateMBps}): outer tracks are longer`,
      });
    }
    const { trackToTrackSeekMs: t1, averageSeekMs: average, fullStrokeSeekMs: full } = params;
    if (!(t1 < average && average < full)) {
      context.addIssue({
        code: 'custom',
        path: ['averageSeekMs'],
        message: 'expected trackToTrackSeekMs < averageSeekMs < fullStrokeSeekMs',
      });
      return;
    }
    const share = (average - t1) / (full - t1);
    if (share < SEEK_AVERAGE_SHARE_RANGE.min || share > SEEK_AVERAGE_SHARE_RANGE.max) {
      const low = t1 + SEEK_AVERAGE_SHARE_RANGE.min * (full - t1);
      const high = t1 + SEEK_AVERAGE_SHARE_RANGE.max * (full - t1);
      context.addIssue({
        code: 'custom',
        path: ['averageSeekMs'],
        message: `no seek curve fits: with these track-to-track and full-stroke times averageSeekMs must lie between ${low.toFixed(2)} and ${high.toFixed(2)}`,
      });
      return;
    }
    // The exact fit depends on the cylinder count; refused here rather than when the drive is built.
    const unfit = seekFitProblem(params);
    if (unfit !== undefined) context.addIssue({ code: 'custom', path: ['capacityBytes'], message: unfit });
  });

export type HddParams = z.output<typeof hddParamsSchema>;

/** An empty drive with these parameters on `mechanism` (exported for the tests of hdd-drive.ts). */
export function newDriveState(params: HddParams, mechanism: Mechanism): DriveState {
  return new DriveState(
    {
      mechanism,
      capacityBytes: params.capacityBytes,
      overheadNs: params.commandOverheadUs * 1000,
      writeOverheadNs: (params.writeCommandOverheadUs ?? params.commandOverheadUs) * 1000,
      readBusBytesPerNs: params.readBusTransfer === 'overlapped' ? params.interfaceRateMBps / 1000 : undefined,
      readAheadBytes: params.readAheadBytes,
      interfaceBytesPerNs: params.interfaceRateMBps / 1000,
      maxWaitNs: params.maxWaitMs * 1e6,
      agingWeight: params.agingWeight,
      highWater: params.writeCacheHighWater,
    },
    new WriteCache(params.writeCacheBytes, params.writeCacheSegments),
  );
}

class HardDiskModel implements DiskModel {
  readonly model = 'hdd';
  readonly capacityBytes: number;
  readonly queueDepth: number;
  private readonly mechanism: Mechanism;
  /** Committed up to the last instant the host told the drive (submit or complete). */
  private state: DriveState;
  /** The projected next completion while no command arrives; null when not projected. */
  private projected: number | undefined | null = null;
  /** The copy that projected it, run on past the committed state, if one was needed. */
  private projection: { readonly state: DriveState; readonly ran: ProjectedCompletion } | undefined;

  constructor(params: HddParams) {
    this.capacityBytes = params.capacityBytes;
    this.queueDepth = params.queueDepth;
    this.mechanism = new Mechanism(params);
    this.state = newDriveState(params, this.mechanism);
  }

  submit(request: DiskRequest, nowNs: number): void {
    if (this.outstanding() >= this.queueDepth) {
      throw new Error(`hdd: submit with ${this.outstanding()} commands held, queueDepth ${this.queueDepth}`);
    }
    if (request.offsetBytes < 0 || request.offsetBytes + request.sizeBytes > this.capacityBytes) {
      throw new RangeError(
        `hdd: request ${request.id} [${request.offsetBytes}, +${request.sizeBytes}) outside capacity ${this.capacityBytes}`,
      );
    }
    // Decisions at earlier instants are final; those at this instant include this command.
    this.adoptProjection((ran, copy) => ran.latestEventNs < nowNs && copy.nextEventNs() >= nowNs);
    this.state.advance(nowNs, false);
    this.state.accept(request, nowNs);
    this.projected = null;
  }

  nextCompletionNs(): number | undefined {
    if (this.projected !== null) return this.projected;
    const state = this.state;
    if (state.inFlight.length === 0 && state.waiting.length === 0) return (this.projected = undefined);
    const first = state.earliestCompletion()?.completionNs;
    // Project on a copy: events before the completion (destages, starts) are decided there, and
    // become the real state's if the real state would decide them the same (adoptProjection).
    if (first !== undefined && first <= state.nextEventNs()) return (this.projected = first);
    const copy = state.clone();
    const ran = copy.projectCompletion();
    this.projection = { state: copy, ran };
    return (this.projected = ran.completionNs);
  }

  complete(nowNs: number): DiskRequest {
    const completionNs = this.nextCompletionNs();
    if (completionNs === undefined) throw new Error('hdd: complete() with nothing in service');
    if (nowNs < completionNs) throw new Error(`hdd: complete() at ${nowNs} before completion at ${completionNs}`);
    this.adoptProjection((ran) => ran.latestEventNs <= completionNs);
    this.state.advance(completionNs, true);
    this.projected = null;
    return this.state.popCompletion();
  }

  /**
   * Takes the projection's copy as the real state when `same` shows that the real state, advanced
   * to where the host now needs it, would run exactly the events the copy ran (the state is
   * deterministic, so it would reach the same state): saves deciding them twice. For a submit at
   * nowNs that is every copy's event before nowNs and none at or after it; for a completion at
   * completionNs, every copy's event at or before it. Otherwise the copy is dropped.
   */
  private adoptProjection(same: (ran: ProjectedCompletion, copy: DriveState) => boolean): void {
    const projection = this.projection;
    if (projection === undefined) return;
    this.projection = undefined;
    if (same(projection.ran, projection.state)) this.state = projection.state;
  }

  outstanding(): number {
    return this.state.waiting.length + this.state.inFlight.length;
  }

  figures(): Record<string, number> {
    const c = this.state.counts;
    const cache = this.state.cache;
    return {
      commands: c.commands,
      seeks: c.seeks,
      meanSeekMs: c.seeks === 0 ? 0 : c.seekNsTotal / c.seeks / 1e6,
      meanRotationalLatencyMs: c.commands === 0 ? 0 : c.rotationNsTotal / c.commands / 1e6,
      readAheadHits: c.readAheadHits,
      bytesTransferred: c.bytesTransferred,
      busyNs: c.busyNs,
      agedCommands: c.agedCommands,
      cachedWrites: c.cachedWrites,
      cacheReadHits: c.cacheReadHits,
      destages: c.destages,
      destagedBytes: c.destagedBytes,
      dirtyBytes: cache.bytes,
      cylinders: this.mechanism.geometry.cylinderCount,
      seekBoundaryCylinders: Math.round(this.mechanism.seek.boundaryCylinders),
      fittedAverageSeekMs: this.mechanism.seek.averageNs / 1e6,
    };
  }
}

/** The hdd plug-in: a rotating disk with zoned transfer, fitted seek curve and NCQ (SPTF). */
export const hddPlugin: DiskModelPlugin<HddParams> = {
  name: 'hdd',
  description:
    'Rotating disk: Ruemmler-Wilkes seek curve with write settle, spindle angle in virtual time, zoned media rate, read-ahead, volatile write-back cache, NCQ with aged shortest-positioning-time-first',
  paramsSchema: hddParamsSchema,
  create(params: HddParams, _random: UniformSource): DiskModel {
    return new HardDiskModel(params);
  },
};

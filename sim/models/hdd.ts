/**
 * `hdd`: a rotating disk. Service time of a command = command overhead + seek + rotational
 * latency + media transfer, with
 * - seek: Ruemmler & Wilkes' two-regime curve fitted to track-to-track, average and full-stroke
 *   seek times (hdd-seek.ts);
 * - rotational latency: the platter's angle is a deterministic function of virtual time
 *   (angle = (t mod revolution) / revolution, angle 0 at t = 0), the target's angle follows from
 *   its offset on its track (hdd-geometry.ts); the drive waits until the target passes the head;
 * - transfer: zoned media rate, linear from outerRateMBps at LBA 0 to innerRateMBps at the end;
 * - read-ahead: after a read the head keeps reading the following readAheadBytes into the drive
 *   buffer, so a sequential read stream runs at media rate without missing a revolution per
 *   command (what every drive's look-ahead cache does);
 * - NCQ: the drive holds up to queueDepth commands and serves the one with the shortest
 *   positioning time first (SPTF: overhead + seek + rotational wait from the current head position
 *   and platter angle). With queueDepth 1 it serves what the host hands it, in that order.
 *
 * Simplifications (documented so results are read with them in mind): no write cache (writes go
 * to the medium before they complete, as with write cache disabled); a flush costs only the
 * command overhead; no track/cylinder skew or head-switch time; a transfer uses the rate of the
 * cylinder it starts on; no SPTF aging (a far request can wait while near ones keep arriving);
 * the head position after a command is the cylinder where its data ends; read and write seeks
 * cost the same; the host link (SATA/SAS) is never the bottleneck and is not modelled.
 *
 * Sources: the seek model and the service-time decomposition follow C. Ruemmler and J. Wilkes,
 * "An introduction to disk drive modeling", IEEE Computer 27(3), 1994; SPTF scheduling follows
 * Worthington, Ganger and Patt, "Scheduling algorithms for modern disk drives", SIGMETRICS 1994.
 * Parameter values come from the presets (sim/presets.ts), which name a datasheet for each.
 *
 * Units: MB = 10^6 bytes, as datasheets use.
 */
import { z } from 'zod';
import type { DiskModel, DiskModelPlugin, DiskRequest, UniformSource } from '../disk-model.js';
import { HddGeometry } from './hdd-geometry.js';
import { seekFitProblem } from './hdd-limits.js';
import { MAX_OPERATION_MS, MAX_OPERATION_US, MIN_RATE_MBPS } from './param-limits.js';
import { fitSeekCurve, SEEK_AVERAGE_SHARE_RANGE, type SeekCurve } from './hdd-seek.js';

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
    /** Controller time per command (decode, cache lookup, status). */
    commandOverheadUs: z.number().nonnegative().max(MAX_OPERATION_US).default(100),
    /** How far the drive reads ahead after a read (0 disables read-ahead). */
    readAheadBytes: z.number().int().nonnegative().default(2 * 1024 * 1024),
    /** NCQ depth: commands the drive holds and reorders (1 = no reordering). */
    queueDepth: z.number().int().min(1).max(256).default(32),
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

/** Where the data a read left in the buffer ends, and how the read-ahead stream continues. */
interface ReadAheadStream {
  /** Offset where the stream's timing is anchored, and the time that byte passed the head. */
  readonly anchorOffset: number;
  readonly anchorNs: number;
  readonly bytesPerNs: number;
  /** Read-ahead stops at this offset. */
  readonly limitOffset: number;
}

interface Service {
  readonly request: DiskRequest;
  readonly completionNs: number;
  /** Positioning time (overhead + seek + rotation), used to pick the next command. */
  readonly positioningNs: number;
  readonly seekNs: number;
  readonly rotationNs: number;
  readonly readAheadHit: boolean;
  readonly endCylinder: number;
  readonly stream: ReadAheadStream | undefined;
}

class HardDiskModel implements DiskModel {
  readonly model = 'hdd';
  readonly capacityBytes: number;
  readonly queueDepth: number;
  private readonly geometry: HddGeometry;
  private readonly seek: SeekCurve;
  private readonly overheadNs: number;
  /** Commands held by the drive and not yet in service, in arrival order. */
  private readonly waiting: DiskRequest[] = [];
  private inService: Service | undefined;
  /** When the idle drive received the commands now waiting; the choice among them is made then. */
  private idleStartNs = 0;
  private headCylinder = 0;
  private stream: ReadAheadStream | undefined;
  private readonly counts = {
    commands: 0,
    seeks: 0,
    seekNsTotal: 0,
    rotationNsTotal: 0,
    readAheadHits: 0,
    bytesTransferred: 0,
    busyNs: 0,
  };

  constructor(private readonly params: HddParams) {
    this.capacityBytes = params.capacityBytes;
    this.queueDepth = params.queueDepth;
    this.geometry = new HddGeometry(params);
    this.seek = fitSeekCurve(
      params.trackToTrackSeekMs,
      params.averageSeekMs,
      params.fullStrokeSeekMs,
      this.geometry.cylinderCount,
    );
    this.overheadNs = params.commandOverheadUs * 1000;
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
    if (this.inService === undefined) {
      // Commands that reached the idle drive at an earlier instant are chosen among before this one.
      if (this.waiting.length > 0 && this.idleStartNs < nowNs) this.startNext(this.idleStartNs);
      else if (this.waiting.length === 0) this.idleStartNs = nowNs;
    }
    this.waiting.push(request);
  }

  nextCompletionNs(): number | undefined {
    if (this.inService === undefined && this.waiting.length > 0) this.startNext(this.idleStartNs);
    return this.inService?.completionNs;
  }

  complete(nowNs: number): DiskRequest {
    const completionNs = this.nextCompletionNs();
    const service = this.inService;
    if (service === undefined || completionNs === undefined) throw new Error('hdd: complete() with nothing in service');
    if (nowNs < completionNs) throw new Error(`hdd: complete() at ${nowNs} before completion at ${completionNs}`);
    this.inService = undefined;
    if (this.waiting.length > 0) this.startNext(completionNs);
    return service.request;
  }

  outstanding(): number {
    return this.waiting.length + (this.inService === undefined ? 0 : 1);
  }

  figures(): Record<string, number> {
    const c = this.counts;
    return {
      commands: c.commands,
      seeks: c.seeks,
      meanSeekMs: c.seeks === 0 ? 0 : c.seekNsTotal / c.seeks / 1e6,
      meanRotationalLatencyMs: c.commands === 0 ? 0 : c.rotationNsTotal / c.commands / 1e6,
      readAheadHits: c.readAheadHits,
      bytesTransferred: c.bytesTransferred,
      busyNs: c.busyNs,
      cylinders: this.geometry.cylinderCount,
      seekBoundaryCylinders: Math.round(this.seek.boundaryCylinders),
      fittedAverageSeekMs: this.seek.averageNs / 1e6,
    };
  }

  /** Picks the next command among those waiting (SPTF when NCQ reorders) and starts it at startNs. */
  private startNext(startNs: number): void {
    let chosen = 0;
    let best = this.plan(this.waiting[0]!, startNs);
    if (this.queueDepth > 1) {
      for (let i = 1; i < this.waiting.length; i++) {
        const candidate = this.plan(this.waiting[i]!, startNs);
        if (candidate.positioningNs < best.positioningNs) {
          best = candidate;
          chosen = i;
        }
      }
    }
    this.waiting.splice(chosen, 1);
    this.inService = best;
    this.headCylinder = best.endCylinder;
    this.stream = best.stream;
    const c = this.counts;
    c.commands++;
    if (best.seekNs > 0) {
      c.seeks++;
      c.seekNsTotal += best.seekNs;
    }
    c.rotationNsTotal += best.rotationNs;
    if (best.readAheadHit) c.readAheadHits++;
    c.bytesTransferred += best.request.sizeBytes;
    c.busyNs += best.completionNs - startNs;
  }

  /** Timing of `request` if the drive starts it at startNs from its current state. */
  private plan(request: DiskRequest, startNs: number): Service {
    const afterOverheadNs = startNs + this.overheadNs;
    if (request.operation === 'flush' || request.sizeBytes === 0) {
      return {
        request,
        completionNs: Math.round(afterOverheadNs),
        positioningNs: this.overheadNs,
        seekNs: 0,
        rotationNs: 0,
        readAheadHit: false,
        endCylinder: this.headCylinder,
        stream: this.stream,
      };
    }
    const start = request.offsetBytes;
    const end = start + request.sizeBytes;
    const endCylinder = this.geometry.locate(Math.max(start, end - 1)).cylinder;
    const stream = this.stream;
    if (request.operation === 'read' && stream !== undefined && start >= stream.anchorOffset) {
      const streamStopsNs = stream.anchorNs + (stream.limitOffset - stream.anchorOffset) / stream.bytesPerNs;
      if (start <= stream.limitOffset && (end <= stream.limitOffset || startNs <= streamStopsNs)) {
        const dataReadyNs = stream.anchorNs + (end - stream.anchorOffset) / stream.bytesPerNs;
        const completionNs = Math.max(afterOverheadNs, dataReadyNs);
        return {
          request,
          completionNs: Math.round(completionNs),
          positioningNs: Math.max(this.overheadNs, dataReadyNs - startNs),
          seekNs: 0,
          rotationNs: 0,
          readAheadHit: true,
          endCylinder,
          stream: { ...stream, limitOffset: Math.min(this.capacityBytes, end + this.params.readAheadBytes) },
        };
      }
    }
    const target = this.geometry.locate(start);
    const seekNs = this.seek.seekNs(target.cylinder - this.headCylinder);
    const arriveNs = afterOverheadNs + seekNs;
    const revolution = this.geometry.revolutionNs;
    const platterAngle = (arriveNs % revolution) / revolution;
    let wait = target.angle - platterAngle;
    if (wait < 0) wait += 1;
    const rotationNs = wait * revolution;
    const dataStartNs = arriveNs + rotationNs;
    const dataEndNs = dataStartNs + request.sizeBytes / target.bytesPerNs;
    const service: Service = {
      request,
      completionNs: Math.round(dataEndNs),
      positioningNs: dataStartNs - startNs,
      seekNs,
      rotationNs,
      readAheadHit: false,
      endCylinder,
      stream:
        request.operation === 'read' && this.params.readAheadBytes > 0
          ? {
              anchorOffset: end,
              anchorNs: dataEndNs,
              bytesPerNs: target.bytesPerNs,
              limitOffset: Math.min(this.capacityBytes, end + this.params.readAheadBytes),
            }
          : undefined,
    };
    return service;
  }
}

/** The hdd plug-in: a rotating disk with zoned transfer, fitted seek curve and NCQ (SPTF). */
export const hddPlugin: DiskModelPlugin<HddParams> = {
  name: 'hdd',
  description:
    'Rotating disk: Ruemmler-Wilkes seek curve, spindle angle in virtual time, zoned media rate, read-ahead, NCQ with shortest-positioning-time-first',
  paramsSchema: hddParamsSchema,
  create(params: HddParams, _random: UniformSource): DiskModel {
    return new HardDiskModel(params);
  },
};

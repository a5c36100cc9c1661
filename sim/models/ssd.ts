/**
 * `ssd`: a NAND flash drive. Completion times are computed synchronously at submission by
 * reserving time on the drive's resources (ssd-calendar.ts), each a timeline of busy intervals:
 * - the host link (SATA or PCIe): per command interfaceCommandUs plus bytes at interfaceRateMBps;
 * - channels: a flash page (or the logical pages read from one) at channelRateMBps;
 * - dies: page read (readLatencyUs), page program (programLatencyUs), block erase (eraseLatencyUs).
 * Die d sits on channel d mod channels; the FTL stripes flash pages over dies round-robin.
 *
 * Read: command overhead, then for each run of logical pages in one flash page a die read and a
 * channel transfer, then the link transfer. Pages still in the write buffer are served from it
 * (bufferHits); never-written pages touch no flash (overhead and link only).
 *
 * Write: the data crosses the link, then each logical page is admitted to the write buffer (DRAM)
 * in arrival order as soon as the buffer has room; the write completes once its last page is
 * admitted, plus command overhead. Pages are placed by the page-mapping FTL (ftl.ts); when a flash
 * page is full it is transferred over its channel and programmed on its die, and its buffer space
 * is freed when the program ends. Garbage collection triggered by a write reserves its reads,
 * transfers, programs and erases on that die as one uninterruptible stretch (no erase or program
 * suspension), which is where latency spikes come from on a full drive.
 *
 * Flush: the partly filled frontier page is padded and programmed; the flush completes when every
 * program scheduled so far has ended.
 *
 * Simplifications: planes count in the geometry only (no multi-plane operations; the die is the
 * unit of parallelism); a die is held only for its array time (cache registers let the channel
 * transfer overlap the die's next operation); collection moves stay inside the die and their
 * channel transfers are charged to the die, not to the channel; writes of part of a 4 KiB logical
 * page cost a whole logical page (no read-modify-write); no TRIM, wear levelling, read disturb,
 * SLC cache or mapping-table cache misses (the whole table is in DRAM).
 *
 * Sources: the structure (channels, dies, planes; page read/program and block erase latencies;
 * page-level mapping, over-provisioning, greedy victim selection, a DRAM data cache) follows the
 * MQSim simulator (Tavakkol et al., FAST 2018) and NVMeVirt (Kim et al., FAST 2023); greedy
 * garbage collection under uniform random writes is analysed by Desnoyers, "Analytic modeling of
 * SSD write performance", SYSTOR 2012. Parameter values come from the presets (sim/presets.ts),
 * which name the datasheet or simulator file for each.
 *
 * Units: MB = 10^6 bytes, as datasheets use.
 */
import { z } from 'zod';
import type { DiskModel, DiskModelPlugin, DiskRequest, UniformSource } from '../disk-model.js';
import { blocksPerDieFor, LOGICAL_PAGE_BYTES, PageMappingFtl } from './ftl.js';
import { UNMAPPED } from './ftl-paged-array.js';
import { ResourceCalendar } from './ssd-calendar.js';
import { MAX_OPERATION_US, MIN_RATE_MBPS } from './param-limits.js';
import { ftlLimitProblem } from './ssd-limits.js';
import { CompletionQueue } from './ssd-completion-queue.js';

/** Every parameter of the ssd and nvme models. */
export interface SsdParams {
  /** Host-visible capacity. */
  readonly capacityBytes: number;
  readonly channels: number;
  readonly diesPerChannel: number;
  /** Geometry only: planes do not add parallelism in this model. */
  readonly planesPerDie: number;
  /** NAND program unit; a multiple of 4096. */
  readonly flashPageBytes: number;
  readonly flashPagesPerBlock: number;
  /** Share of physical capacity hidden from the host (spare area for garbage collection). */
  readonly overProvisioning: number;
  /** A die collects garbage while it has no more than this many free blocks. */
  readonly gcThresholdBlocks: number;
  readonly readLatencyUs: number;
  readonly programLatencyUs: number;
  readonly eraseLatencyUs: number;
  /** Flash channel (ONFI/Toggle bus) transfer rate. */
  readonly channelRateMBps: number;
  /** Host link payload rate (SATA 6 Gb/s about 600 MB/s; PCIe 4.0 x4 about 7 800 MB/s). */
  readonly interfaceRateMBps: number;
  /** Link time per command on top of the payload (protocol frames, doorbells, completions). */
  readonly interfaceCommandUs: number;
  /** Controller and firmware time per command (decode, FTL lookup, completion), not serialized. */
  readonly commandOverheadUs: number;
  /** DRAM write buffer; at least one flash page. */
  readonly writeBufferBytes: number;
  /** Commands the drive holds at once (NCQ depth 32 for SATA; NVMe queue slots). */
  readonly queueDepth: number;
}

/** A zod schema (strict, defaults filled) for the ssd parameters with the given defaults. */
export function ssdParamsSchemaWith(defaults: SsdParams) {
  return z
    .object({
      capacityBytes: z.number().int().positive().default(defaults.capacityBytes),
      channels: z.number().int().min(1).max(64).default(defaults.channels),
      diesPerChannel: z.number().int().min(1).max(64).default(defaults.diesPerChannel),
      planesPerDie: z.number().int().min(1).max(16).default(defaults.planesPerDie),
      flashPageBytes: z.number().int().positive().multipleOf(LOGICAL_PAGE_BYTES).default(defaults.flashPageBytes),
      flashPagesPerBlock: z.number().int().min(1).max(4096).default(defaults.flashPagesPerBlock),
      overProvisioning: z.number().gt(0).max(0.5).default(defaults.overProvisioning),
      gcThresholdBlocks: z.number().int().min(1).default(defaults.gcThresholdBlocks),
      readLatencyUs: z.number().nonnegative().max(MAX_OPERATION_US).default(defaults.readLatencyUs),
      programLatencyUs: z.number().nonnegative().max(MAX_OPERATION_US).default(defaults.programLatencyUs),
      eraseLatencyUs: z.number().nonnegative().max(MAX_OPERATION_US).default(defaults.eraseLatencyUs),
      channelRateMBps: z.number().min(MIN_RATE_MBPS).default(defaults.channelRateMBps),
      interfaceRateMBps: z.number().min(MIN_RATE_MBPS).default(defaults.interfaceRateMBps),
      interfaceCommandUs: z.number().nonnegative().max(MAX_OPERATION_US).default(defaults.interfaceCommandUs),
      commandOverheadUs: z.number().nonnegative().max(MAX_OPERATION_US).default(defaults.commandOverheadUs),
      writeBufferBytes: z.number().int().positive().default(defaults.writeBufferBytes),
      queueDepth: z.number().int().min(1).max(65_536).default(defaults.queueDepth),
    })
    .strict()
    .superRefine((params, context) => {
      if (params.writeBufferBytes < params.flashPageBytes) {
        context.addIssue({
          code: 'custom',
          path: ['writeBufferBytes'],
          message: `expected at least one flash page (${params.flashPageBytes} bytes)`,
        });
      }
      if (params.capacityBytes % LOGICAL_PAGE_BYTES !== 0) {
        context.addIssue({
          code: 'custom',
          path: ['capacityBytes'],
          message: `expected a multiple of ${LOGICAL_PAGE_BYTES}`,
        });
      }
      // Past the FTL's 32-bit slot numbers or its in-memory tables the drive cannot be built.
      const tooLarge = ftlLimitProblem(params);
      if (tooLarge !== undefined) context.addIssue({ code: 'custom', path: ['capacityBytes'], message: tooLarge });
    });
}

/** Defaults of the `ssd` model: the ssd-sata preset (sim/presets.ts has the sources). */
export const SSD_SATA_DEFAULTS: SsdParams = {
  capacityBytes: 1_000_000_000_000,
  channels: 8,
  diesPerChannel: 4,
  planesPerDie: 2,
  flashPageBytes: 8192,
  flashPagesPerBlock: 256,
  overProvisioning: 0.07,
  gcThresholdBlocks: 2,
  readLatencyUs: 58,
  programLatencyUs: 561,
  eraseLatencyUs: 3800,
  channelRateMBps: 333,
  interfaceRateMBps: 600,
  interfaceCommandUs: 3.4,
  commandOverheadUs: 21.5,
  writeBufferBytes: 256 * 1024 * 1024,
  queueDepth: 32,
};

export const ssdParamsSchema = ssdParamsSchemaWith(SSD_SATA_DEFAULTS);

/** Marks a buffered logical page whose flash page is not yet scheduled. */
const PENDING = Number.POSITIVE_INFINITY;

/** Buffer space freed when a flash page program ends. */
class ReleaseHeap {
  private readonly times: number[] = [];
  private readonly counts: number[] = [];

  get size(): number {
    return this.times.length;
  }

  peekNs(): number {
    return this.times[0]!;
  }

  push(atNs: number, count: number): void {
    const { times, counts } = this;
    let i = times.length;
    times.push(atNs);
    counts.push(count);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (times[parent]! <= times[i]!) break;
      [times[i], times[parent]] = [times[parent]!, times[i]!];
      [counts[i], counts[parent]] = [counts[parent]!, counts[i]!];
      i = parent;
    }
  }

  /** Removes the earliest release; returns its count (its time was peekNs()). */
  pop(): number {
    const { times, counts } = this;
    const count = counts[0]!;
    const lastTime = times.pop()!;
    const lastCount = counts.pop()!;
    if (times.length > 0) {
      times[0] = lastTime;
      counts[0] = lastCount;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < times.length && times[left]! < times[smallest]!) smallest = left;
        if (right < times.length && times[right]! < times[smallest]!) smallest = right;
        if (smallest === i) break;
        [times[i], times[smallest]] = [times[smallest]!, times[i]!];
        [counts[i], counts[smallest]] = [counts[smallest]!, counts[i]!];
        i = smallest;
      }
    }
    return count;
  }
}

/** The ssd model; `model` names the plug-in that made it ('ssd' or 'nvme'). */
export class SolidStateDrive implements DiskModel {
  readonly capacityBytes: number;
  readonly queueDepth: number;
  readonly ftl: PageMappingFtl;
  private readonly held = new CompletionQueue();
  private readonly link = new ResourceCalendar();
  private readonly channels: ResourceCalendar[];
  private readonly dies: ResourceCalendar[];
  private readonly readNs: number;
  private readonly programNs: number;
  private readonly eraseNs: number;
  private readonly overheadNs: number;
  private readonly linkCommandNs: number;
  private readonly linkNsPerByte: number;
  private readonly channelNsPerByte: number;
  private readonly flashPageTransferNs: number;
  private readonly perFlashPage: number;
  private readonly bufferPages: number;
  private bufferFree: number;
  private readonly releases = new ReleaseHeap();
  /** Buffered logical page -> time its program ends (PENDING until scheduled). */
  private readonly buffered = new Map<number, number>();
  /** Logical pages in the frontier flash page, and that page. */
  private forming: number[] = [];
  private formingFlashPage = -1;
  private formingDie = -1;
  /** Pages enter the buffer in arrival order: the admission time of the last one. */
  private admitClockNs = 0;
  private latestReleaseNs = 0;
  private lastNowNs = 0;
  private pruneAtSize: number;
  private readonly counts = {
    reads: 0,
    writes: 0,
    flushes: 0,
    bufferHits: 0,
    unmappedReads: 0,
    flashReads: 0,
    bufferStalls: 0,
    gcBusyNs: 0,
  };

  constructor(
    readonly model: string,
    private readonly params: SsdParams,
  ) {
    this.capacityBytes = params.capacityBytes;
    this.queueDepth = params.queueDepth;
    const dieCount = params.channels * params.diesPerChannel;
    const perFlashPage = params.flashPageBytes / LOGICAL_PAGE_BYTES;
    const logicalPages = Math.ceil(params.capacityBytes / LOGICAL_PAGE_BYTES);
    this.ftl = new PageMappingFtl({
      logicalPages,
      dies: dieCount,
      blocksPerDie: blocksPerDieFor(
        logicalPages,
        dieCount,
        params.flashPagesPerBlock * perFlashPage,
        params.overProvisioning,
        params.gcThresholdBlocks,
      ),
      flashPagesPerBlock: params.flashPagesPerBlock,
      logicalPagesPerFlashPage: perFlashPage,
      gcThresholdBlocks: params.gcThresholdBlocks,
    });
    this.channels = Array.from({ length: params.channels }, () => new ResourceCalendar());
    this.dies = Array.from({ length: dieCount }, () => new ResourceCalendar());
    this.readNs = params.readLatencyUs * 1000;
    this.programNs = params.programLatencyUs * 1000;
    this.eraseNs = params.eraseLatencyUs * 1000;
    this.overheadNs = params.commandOverheadUs * 1000;
    this.linkCommandNs = params.interfaceCommandUs * 1000;
    this.linkNsPerByte = 1000 / params.interfaceRateMBps;
    this.channelNsPerByte = 1000 / params.channelRateMBps;
    this.flashPageTransferNs = params.flashPageBytes * this.channelNsPerByte;
    this.perFlashPage = perFlashPage;
    this.bufferPages = Math.floor(params.writeBufferBytes / LOGICAL_PAGE_BYTES);
    this.bufferFree = this.bufferPages;
    this.pruneAtSize = 2 * this.bufferPages + 1024;
  }

  submit(request: DiskRequest, nowNs: number): void {
    if (this.held.size >= this.queueDepth) {
      throw new Error(`${this.model}: submit with ${this.held.size} commands held, queueDepth ${this.queueDepth}`);
    }
    if (request.offsetBytes < 0 || request.offsetBytes + request.sizeBytes > this.capacityBytes) {
      throw new RangeError(
        `${this.model}: request ${request.id} [${request.offsetBytes}, +${request.sizeBytes}) outside capacity ${this.capacityBytes}`,
      );
    }
    if (nowNs < this.lastNowNs) throw new Error(`${this.model}: submit at ${nowNs} after ${this.lastNowNs}`);
    this.lastNowNs = nowNs;
    let completionNs: number;
    if (request.operation === 'read') completionNs = this.read(request, nowNs);
    else if (request.operation === 'write') completionNs = this.write(request, nowNs);
    else completionNs = this.flush(nowNs);
    this.held.push(Math.max(nowNs, Math.round(completionNs)), request);
  }

  nextCompletionNs(): number | undefined {
    return this.held.peekNs();
  }

  complete(nowNs: number): DiskRequest {
    const at = this.held.peekNs();
    if (at === undefined) throw new Error(`${this.model}: complete() with nothing held`);
    if (nowNs < at) throw new Error(`${this.model}: complete() at ${nowNs} before completion at ${at}`);
    return this.held.pop();
  }

  outstanding(): number {
    return this.held.size;
  }

  figures(): Record<string, number> {
    const f = this.ftl.counts;
    const c = this.counts;
    return {
      writeAmplification: f.hostPagesWritten === 0 ? 1 : f.programmedPages / f.hostPagesWritten,
      hostPagesWritten: f.hostPagesWritten,
      programmedPages: f.programmedPages,
      paddedPages: f.paddedPages,
      gcCollections: f.gcCollections,
      gcPagesMoved: f.gcPagesMoved,
      erases: f.erases,
      minimumFreeBlocks: Number.isFinite(f.minimumFreeBlocks) ? f.minimumFreeBlocks : this.ftl.geometry.blocksPerDie,
      reads: c.reads,
      writes: c.writes,
      flushes: c.flushes,
      bufferHits: c.bufferHits,
      unmappedReads: c.unmappedReads,
      flashReads: c.flashReads,
      bufferStalls: c.bufferStalls,
      gcBusyNs: c.gcBusyNs,
      dies: this.dies.length,
      blocksPerDie: this.ftl.geometry.blocksPerDie,
      mappingTableBytes: this.ftl.mappingBytes(),
    };
  }

  private channelOf(die: number): ResourceCalendar {
    return this.channels[die % this.channels.length]!;
  }

  private read(request: DiskRequest, nowNs: number): number {
    this.counts.reads++;
    const startNs = nowNs + this.overheadNs;
    let readyNs = startNs;
    if (request.sizeBytes > 0) {
      const first = Math.floor(request.offsetBytes / LOGICAL_PAGE_BYTES);
      const last = Math.floor((request.offsetBytes + request.sizeBytes - 1) / LOGICAL_PAGE_BYTES);
      let runFlashPage = -1;
      let runPages = 0;
      const readRun = () => {
        if (runPages === 0) return;
        const die = this.ftl.dieOfFlashPage(runFlashPage);
        const arrayStart = this.dies[die]!.reserve(nowNs, startNs, this.readNs);
        const transferNs = runPages * LOGICAL_PAGE_BYTES * this.channelNsPerByte;
        const transferStart = this.channelOf(die).reserve(nowNs, arrayStart + this.readNs, transferNs);
        readyNs = Math.max(readyNs, transferStart + transferNs);
        this.counts.flashReads++;
        runPages = 0;
      };
      for (let page = first; page <= last; page++) {
        const bufferedUntil = this.buffered.get(page);
        if (bufferedUntil !== undefined && bufferedUntil > nowNs) {
          this.counts.bufferHits++;
          continue;
        }
        const slot = this.ftl.lookup(page);
        if (slot === UNMAPPED) {
          this.counts.unmappedReads++;
          continue;
        }
        const flashPage = this.ftl.flashPageOfSlot(slot);
        if (flashPage !== runFlashPage) {
          readRun();
          runFlashPage = flashPage;
        }
        runPages++;
      }
      readRun();
    }
    const linkNs = this.linkCommandNs + request.sizeBytes * this.linkNsPerByte;
    return this.link.reserve(nowNs, readyNs, linkNs) + linkNs;
  }

  private write(request: DiskRequest, nowNs: number): number {
    this.counts.writes++;
    const linkNs = this.linkCommandNs + request.sizeBytes * this.linkNsPerByte;
    let t = this.link.reserve(nowNs, nowNs, linkNs) + linkNs;
    if (request.sizeBytes > 0) {
      const first = Math.floor(request.offsetBytes / LOGICAL_PAGE_BYTES);
      const last = Math.floor((request.offsetBytes + request.sizeBytes - 1) / LOGICAL_PAGE_BYTES);
      for (let page = first; page <= last; page++) t = this.admit(page, t, nowNs);
    }
    this.pruneBuffered(nowNs);
    return t + this.overheadNs;
  }

  /** Admits one logical page to the write buffer no earlier than readyNs; returns the admission time. */
  private admit(page: number, readyNs: number, nowNs: number): number {
    let t = Math.max(readyNs, this.admitClockNs);
    const { releases } = this;
    while (releases.size > 0 && releases.peekNs() <= t) this.bufferFree += releases.pop();
    if (this.bufferFree < 1) {
      this.counts.bufferStalls++;
      while (this.bufferFree < 1) {
        if (releases.size === 0) throw new Error(`${this.model}: write buffer full with nothing being programmed`);
        t = Math.max(t, releases.peekNs());
        this.bufferFree += releases.pop();
      }
    }
    this.bufferFree--;
    this.admitClockNs = t;
    const outcome = this.ftl.write(page);
    if (outcome.gcMovedPages > 0 || outcome.gcErases > 0) {
      const movedFlashPages = Math.ceil(outcome.gcMovedPages / this.perFlashPage);
      const gcNs =
        movedFlashPages * (this.readNs + 2 * this.flashPageTransferNs + this.programNs) + outcome.gcErases * this.eraseNs;
      this.dies[outcome.die]!.reserve(nowNs, t, gcNs);
      this.counts.gcBusyNs += gcNs;
    }
    this.buffered.set(page, PENDING);
    this.forming.push(page);
    this.formingFlashPage = outcome.flashPage;
    this.formingDie = outcome.die;
    if (outcome.flashPageFull) this.programFormingPage(t, nowNs);
    return t;
  }

  /** Transfers and programs the frontier flash page from time t; frees its buffer space at the end. */
  private programFormingPage(t: number, nowNs: number): void {
    const die = this.formingDie;
    const transferStart = this.channelOf(die).reserve(nowNs, t, this.flashPageTransferNs);
    const programStart = this.dies[die]!.reserve(nowNs, transferStart + this.flashPageTransferNs, this.programNs);
    const releaseNs = programStart + this.programNs;
    this.releases.push(releaseNs, this.forming.length);
    if (releaseNs > this.latestReleaseNs) this.latestReleaseNs = releaseNs;
    for (const page of this.forming) {
      if (this.buffered.get(page) === PENDING && this.ftl.flashPageOfSlot(this.ftl.lookup(page)) === this.formingFlashPage) {
        this.buffered.set(page, releaseNs);
      }
    }
    this.forming = [];
    this.formingFlashPage = -1;
    this.formingDie = -1;
  }

  private flush(nowNs: number): number {
    this.counts.flushes++;
    if (this.forming.length > 0) {
      this.ftl.padFrontierPage();
      this.programFormingPage(Math.max(nowNs, this.admitClockNs), nowNs);
    }
    return Math.max(nowNs + this.overheadNs, this.latestReleaseNs);
  }

  /** Drops buffer entries whose program has ended, once the map outgrows the buffer. */
  private pruneBuffered(nowNs: number): void {
    if (this.buffered.size <= this.pruneAtSize) return;
    for (const [page, until] of this.buffered) if (until <= nowNs) this.buffered.delete(page);
    this.pruneAtSize = Math.max(2 * this.bufferPages + 1024, 2 * this.buffered.size);
  }
}

/** The ssd plug-in: a SATA-class flash drive (defaults: the ssd-sata preset). */
export const ssdPlugin: DiskModelPlugin<SsdParams> = {
  name: 'ssd',
  description:
    'NAND flash drive: channels x dies with read/program/erase latencies, page-mapping FTL with greedy garbage collection, DRAM write buffer',
  paramsSchema: ssdParamsSchema,
  create(params: SsdParams, _random: UniformSource): DiskModel {
    return new SolidStateDrive('ssd', params);
  },
};

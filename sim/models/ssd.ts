/**
 * `ssd`: a NAND flash drive. Completion times are computed synchronously at submission by
 * reserving time on the drive's resources (ssd-calendar.ts), each a timeline of busy intervals:
 * - the host link (SATA or PCIe): per command interfaceCommandUs plus bytes at interfaceRateMBps;
 * - channels: a flash page (or the logical pages read from one) at channelRateMBps;
 * - dies: page read, page program and block erase, with the page-type spread and read retries of
 *   ssd-nand-timing.ts (readLatencyUs and programLatencyUs are the means over page types);
 * - the controller, when maxCommandsPerSecond is set: each command takes a 1/rate slot in turn.
 * Die d sits on channel d mod channels; the FTL stripes flash pages over dies round-robin. Each
 * command's latency also carries hostCommandUs of host time (driver submission and completion).
 *
 * Read: command overhead, then for each run of logical pages in one flash page a die read and a
 * channel transfer, then the link transfer. Pages still in the write buffer are served from it
 * (bufferHits); never-written pages touch no flash but cost the controller unmappedReadUs.
 *
 * Write: the data crosses the link, then each logical page is admitted to the write buffer (DRAM)
 * in arrival order as soon as the buffer has room; the write completes once its last page is
 * admitted, plus command overhead and writeBufferUs. Pages are placed by the page-mapping FTL (ftl.ts); when a flash
 * page is full it is transferred over its channel and programmed on its die, and its buffer space
 * is freed when the program ends. Garbage collection triggered by a write reserves its reads,
 * transfers, programs and erases on that die as one uninterruptible stretch (no erase or program
 * suspension), which is where latency spikes come from on a full drive.
 *
 * Flush: the partly filled frontier page is padded and programmed; the flush completes when every
 * program scheduled so far has ended.
 *
 * Preconditioning (ftl-precondition.ts) fills the FTL before time 0; its counters are then reset,
 * so writeAmplification and the other figures describe the run alone.
 *
 * Simplifications: planes count in the geometry only (no multi-plane operations; the die is the
 * unit of parallelism); a die is held only for its array time (cache registers let the channel
 * transfer overlap the die's next operation); collection moves stay inside the die and their
 * channel transfers are charged to the die, not to the channel, at the mean page times; writes of part of a 4 KiB logical
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
import type { DiskModel, DiskModelPlugin, DiskRequest, UniformSource } from '../disk-model.js';
import { blocksPerDieFor, LOGICAL_PAGE_BYTES, PageMappingFtl } from './ftl.js';
import { UNMAPPED } from './ftl-paged-array.js';
import { preconditionFtl, type PreconditionResult } from './ftl-precondition.js';
import { ResourceCalendar } from './ssd-calendar.js';
import { CompletionQueue } from './ssd-completion-queue.js';
import { NandTiming } from './ssd-nand-timing.js';
import { ssdParamsSchema, type SsdParams } from './ssd-params.js';
import { ReleaseHeap } from './ssd-release-heap.js';

export { SSD_SATA_DEFAULTS, ssdParamsSchema, ssdParamsSchemaWith, type SsdParams } from './ssd-params.js';

/** Marks a buffered logical page whose flash page is not yet scheduled. */
const PENDING = Number.POSITIVE_INFINITY;

/** The ssd model; `model` names the plug-in that made it ('ssd' or 'nvme'). */
export class SolidStateDrive implements DiskModel {
  readonly capacityBytes: number;
  readonly queueDepth: number;
  readonly ftl: PageMappingFtl;
  private readonly held = new CompletionQueue();
  private readonly link = new ResourceCalendar();
  private readonly channels: ResourceCalendar[];
  private readonly dies: ResourceCalendar[];
  private readonly controller = new ResourceCalendar();
  private readonly nand: NandTiming;
  private readonly commandSlotNs: number;
  private readonly hostNs: number;
  private readonly writeBufferNs: number;
  private readonly unmappedNs: number;
  private readonly preconditioned: PreconditionResult;
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
    params: SsdParams,
    random: UniformSource,
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
    this.nand = new NandTiming(params, random);
    this.commandSlotNs = params.maxCommandsPerSecond > 0 ? 1e9 / params.maxCommandsPerSecond : 0;
    this.hostNs = params.hostCommandUs * 1000;
    this.writeBufferNs = params.writeBufferUs * 1000;
    this.unmappedNs = params.unmappedReadUs * 1000;
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
    this.preconditioned = preconditionFtl(this.ftl, params.precondition, random);
    this.ftl.resetCounts();
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
    // The controller starts commands one at a time, no faster than maxCommandsPerSecond.
    const startNs = this.commandSlotNs > 0 ? this.controller.reserve(nowNs, nowNs, this.commandSlotNs) : nowNs;
    let completionNs: number;
    if (request.operation === 'read') completionNs = this.read(request, startNs, nowNs);
    else if (request.operation === 'write') completionNs = this.write(request, startNs, nowNs);
    else completionNs = this.flush(startNs, nowNs);
    this.held.push(Math.max(nowNs, Math.round(completionNs + this.hostNs)), request);
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
      readRetries: this.nand.retries,
      preconditionWrites: this.preconditioned.randomWrites,
      preconditionSteady: this.preconditioned.steady,
      dies: this.dies.length,
      blocksPerDie: this.ftl.geometry.blocksPerDie,
      mappingTableBytes: this.ftl.mappingBytes(),
    };
  }

  private channelOf(die: number): ResourceCalendar {
    return this.channels[die % this.channels.length]!;
  }

  private read(request: DiskRequest, commandNs: number, nowNs: number): number {
    this.counts.reads++;
    const startNs = commandNs + this.overheadNs;
    let readyNs = startNs;
    let unmapped = false;
    if (request.sizeBytes > 0) {
      const first = Math.floor(request.offsetBytes / LOGICAL_PAGE_BYTES);
      const last = Math.floor((request.offsetBytes + request.sizeBytes - 1) / LOGICAL_PAGE_BYTES);
      let runFlashPage = -1;
      let runPages = 0;
      const readRun = () => {
        if (runPages === 0) return;
        const die = this.ftl.dieOfFlashPage(runFlashPage);
        const arrayNs = this.nand.read(runFlashPage);
        const arrayStart = this.dies[die]!.reserve(nowNs, startNs, arrayNs);
        const transferNs = runPages * LOGICAL_PAGE_BYTES * this.channelNsPerByte;
        const transferStart = this.channelOf(die).reserve(nowNs, arrayStart + arrayNs, transferNs);
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
          unmapped = true;
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
    if (unmapped) readyNs = Math.max(readyNs, startNs + this.unmappedNs);
    const linkNs = this.linkCommandNs + request.sizeBytes * this.linkNsPerByte;
    return this.link.reserve(nowNs, readyNs, linkNs) + linkNs;
  }

  private write(request: DiskRequest, commandNs: number, nowNs: number): number {
    this.counts.writes++;
    const linkNs = this.linkCommandNs + request.sizeBytes * this.linkNsPerByte;
    let t = this.link.reserve(nowNs, commandNs, linkNs) + linkNs;
    if (request.sizeBytes > 0) {
      const first = Math.floor(request.offsetBytes / LOGICAL_PAGE_BYTES);
      const last = Math.floor((request.offsetBytes + request.sizeBytes - 1) / LOGICAL_PAGE_BYTES);
      for (let page = first; page <= last; page++) t = this.admit(page, t, nowNs);
    }
    this.pruneBuffered(nowNs);
    return t + this.overheadNs + this.writeBufferNs;
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
        movedFlashPages * (this.nand.meanReadNs + 2 * this.flashPageTransferNs + this.nand.meanProgramNs) +
        outcome.gcErases * this.eraseNs;
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
    const programNs = this.nand.program(this.formingFlashPage);
    const programStart = this.dies[die]!.reserve(nowNs, transferStart + this.flashPageTransferNs, programNs);
    const releaseNs = programStart + programNs;
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

  private flush(commandNs: number, nowNs: number): number {
    this.counts.flushes++;
    if (this.forming.length > 0) {
      this.ftl.padFrontierPage();
      this.programFormingPage(Math.max(commandNs, this.admitClockNs), nowNs);
    }
    return Math.max(commandNs + this.overheadNs, this.latestReleaseNs);
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
  create(params: SsdParams, random: UniformSource): DiskModel {
    return new SolidStateDrive('ssd', params, random);
  },
};

/**
 * The hdd model's inside: two resources working at once, advanced event by event in virtual time.
 *
 * - The mechanism (head and platter) serves host commands that need the medium (reads not in the
 *   write cache, writes the cache does not take, flushes) and the write cache's destages. Host
 *   commands pay the command overhead; destages are the drive's own and pay none.
 * - The controller and host link serve what needs no medium: writes taken into the write cache
 *   and reads of data still in it, each costing the command overhead (a write's own overhead for a
 *   write) and the transfer at the interface rate. So a cached write completes while the mechanism
 *   destages older ones.
 *
 * Mechanism policy at each free instant: while a flush waits, destage (SPTF among extents holding
 * data that arrived before it), then serve the commands that arrived before it, then complete it;
 * commands that arrived after a flush wait for it (SATA's FLUSH CACHE is not queued). Otherwise
 * destage first when the cache is fuller than its high-water mark or a write waits for room; else
 * serve host commands by SPTF with a bounded wait (hdd-sptf.ts); else destage while idle.
 *
 * A state can be cloned, so the model projects its next completion on a copy without committing
 * decisions a later arrival could change (hdd.ts).
 */
import type { DiskRequest } from '../disk-model.js';
import { DESTAGE_LATE_TOLERANCE_NS } from './hdd-mechanism.js';
import { planHostCommand, type HostPlan, type HostPlanConfig } from './hdd-host-plan.js';
import { freezeStream, type ReadAheadStream } from './hdd-read-ahead.js';
import { chooseSptf } from './hdd-sptf.js';
import type { DirtyExtent, WriteCache } from './hdd-write-cache.js';

export interface DriveConfig extends HostPlanConfig {
  readonly interfaceBytesPerNs: number;
  readonly maxWaitNs: number;
  readonly agingWeight: number;
  readonly highWater: number;
}

interface Held {
  readonly request: DiskRequest;
  readonly arrivedNs: number;
  readonly arrival: number;
}

interface InFlight {
  readonly request: DiskRequest;
  readonly completionNs: number;
  readonly order: number;
}

interface MechanismOp {
  readonly endNs: number;
  /** The write-cache piece a destage frees when it ends. */
  readonly release: { start: number; end: number } | undefined;
}

type MechanismWork =
  | { readonly kind: 'destage'; readonly before: number }
  | { readonly kind: 'host'; readonly candidates: Held[] }
  | { readonly kind: 'flush'; readonly flush: Held };

const newCounts = () => ({
  commands: 0,
  seeks: 0,
  seekNsTotal: 0,
  rotationNsTotal: 0,
  readAheadHits: 0,
  bytesTransferred: 0,
  busyNs: 0,
  agedCommands: 0,
  cachedWrites: 0,
  cacheReadHits: 0,
  destages: 0,
  destagedBytes: 0,
});

export class DriveState {
  waiting: Held[] = [];
  inFlight: InFlight[] = [];
  private mechanismOp: MechanismOp | undefined;
  private mechanismFreeNs = 0;
  private channelEndNs: number | undefined;
  private channelFreeNs = 0;
  private headCylinder = 0;
  private stream: ReadAheadStream | undefined;
  private arrivals = 0;
  private order = 0;
  counts = newCounts();

  constructor(
    private readonly config: DriveConfig,
    public cache: WriteCache,
  ) {}

  clone(): DriveState {
    const copy = Object.assign(Object.create(DriveState.prototype) as DriveState, this);
    copy.waiting = this.waiting.slice();
    copy.inFlight = this.inFlight.slice();
    copy.cache = this.cache.clone();
    copy.counts = { ...this.counts };
    return copy;
  }

  /** A host command reaches the drive at nowNs (events before nowNs already processed). */
  accept(request: DiskRequest, nowNs: number): void {
    this.touch(nowNs);
    this.waiting.push({ request, arrivedNs: nowNs, arrival: this.arrivals++ });
  }

  /** Earliest completion among host commands under way. */
  earliestCompletion(): InFlight | undefined {
    let best: InFlight | undefined;
    for (const op of this.inFlight) {
      if (best === undefined || op.completionNs < best.completionNs || (op.completionNs === best.completionNs && op.order < best.order)) best = op;
    }
    return best;
  }

  /** Removes and returns the host command completing first. */
  popCompletion(): DiskRequest {
    const first = this.earliestCompletion();
    if (first === undefined) throw new Error('hdd: no command under way');
    this.inFlight.splice(this.inFlight.indexOf(first), 1);
    return first.request;
  }

  /** Time of the next event (an operation ending, or a free resource starting work), or Infinity. */
  nextEventNs(): number {
    return Math.min(this.mechanismEventNs(), this.channelEventNs());
  }

  /** Processes every event before limitNs (and at it, when inclusive). */
  advance(limitNs: number, inclusive: boolean): void {
    for (;;) {
      const next = this.nextEventNs();
      if (next > limitNs || (next === limitNs && !inclusive)) return;
      this.step();
    }
  }

  /** Runs on (a clone) until the next host completion is certain; its time, or undefined. */
  projectCompletion(): number | undefined {
    for (;;) {
      const first = this.earliestCompletion()?.completionNs ?? Infinity;
      const next = this.nextEventNs();
      if (first <= next) return first === Infinity ? undefined : first;
      this.step();
    }
  }

  private step(): void {
    const mechanismAt = this.mechanismEventNs();
    const channelAt = this.channelEventNs();
    if (mechanismAt <= channelAt) {
      const op = this.mechanismOp;
      if (op !== undefined && op.endNs === mechanismAt) {
        if (op.release !== undefined) this.cache.release(op.release);
        this.mechanismOp = undefined;
        this.mechanismFreeNs = mechanismAt;
      }
      this.touch(mechanismAt);
      if (this.mechanismOp === undefined) this.startMechanism(mechanismAt);
    } else {
      if (this.channelEndNs === channelAt) {
        this.channelEndNs = undefined;
        this.channelFreeNs = channelAt;
      }
      this.touch(channelAt);
      if (this.channelEndNs === undefined) this.startChannel(channelAt);
    }
  }

  /** An idle resource with nothing to do cannot start anything before nowNs. */
  private touch(nowNs: number): void {
    if (this.mechanismOp === undefined && this.mechanismFreeNs < nowNs) this.mechanismFreeNs = nowNs;
    if (this.channelEndNs === undefined && this.channelFreeNs < nowNs) this.channelFreeNs = nowNs;
  }

  private mechanismEventNs(): number {
    if (this.mechanismOp !== undefined) return this.mechanismOp.endNs;
    return this.mechanismWork() === undefined ? Infinity : this.mechanismFreeNs;
  }

  private channelEventNs(): number {
    if (this.channelEndNs !== undefined) return this.channelEndNs;
    return this.channelWork() === undefined ? Infinity : this.channelFreeNs;
  }

  /** The oldest flush waiting: commands after it wait for it. */
  private barrier(): Held | undefined {
    return this.waiting.find((held) => held.request.operation === 'flush');
  }

  private needsMechanism(held: Held): boolean {
    const { operation, offsetBytes, sizeBytes } = held.request;
    if (operation === 'read') return !this.cache.covers(offsetBytes, offsetBytes + sizeBytes);
    return operation === 'write' && !this.cache.admits(sizeBytes);
  }

  private mechanismWork(): MechanismWork | undefined {
    const cache = this.cache;
    const flush = this.barrier();
    if (flush !== undefined) {
      if (cache.candidates(flush.arrival).length > 0) return { kind: 'destage', before: flush.arrival };
      const candidates = this.waiting.filter((held) => held.arrival < flush.arrival && this.needsMechanism(held));
      if (candidates.length > 0) return { kind: 'host', candidates };
      return this.waiting[0] === flush && this.channelEndNs === undefined ? { kind: 'flush', flush } : undefined;
    }
    if (cache.extentCount > 0 && (cache.fullness() > this.config.highWater || this.writeBlocked())) {
      return { kind: 'destage', before: Infinity };
    }
    const candidates = this.waiting.filter((held) => this.needsMechanism(held));
    if (candidates.length > 0) return { kind: 'host', candidates };
    return cache.extentCount > 0 ? { kind: 'destage', before: Infinity } : undefined;
  }

  /** Whether the first write the cache would take finds no room. */
  private writeBlocked(): boolean {
    const held = this.waiting.find((h) => h.request.operation === 'write' && this.cache.admits(h.request.sizeBytes));
    if (held === undefined) return false;
    return !this.cache.fits(held.request.offsetBytes, held.request.offsetBytes + held.request.sizeBytes);
  }

  /** What the controller serves next: reads of cached data and writes that fit, in arrival order. */
  private channelWork(): Held | undefined {
    const cache = this.cache;
    if (!cache.enabled) return undefined;
    let writesBlocked = false;
    for (const held of this.waiting) {
      const { operation, offsetBytes, sizeBytes } = held.request;
      if (operation === 'flush') return undefined;
      if (operation === 'read') {
        if (cache.covers(offsetBytes, offsetBytes + sizeBytes)) return held;
      } else if (!writesBlocked && cache.admits(sizeBytes)) {
        if (cache.fits(offsetBytes, offsetBytes + sizeBytes)) return held;
        writesBlocked = true;
      }
    }
    return undefined;
  }

  private startChannel(startNs: number): void {
    const held = this.channelWork();
    if (held === undefined) return;
    const { request } = held;
    this.waiting.splice(this.waiting.indexOf(held), 1);
    const end = request.offsetBytes + request.sizeBytes;
    if (request.operation === 'write') {
      this.cache.insert(request.offsetBytes, end, held.arrival);
      this.counts.cachedWrites++;
    } else {
      this.counts.cacheReadHits++;
    }
    const overheadNs = request.operation === 'write' ? this.config.writeOverheadNs : this.config.overheadNs;
    const completionNs = Math.round(startNs + overheadNs + request.sizeBytes / this.config.interfaceBytesPerNs);
    this.channelEndNs = completionNs;
    this.inFlight.push({ request, completionNs, order: this.order++ });
  }

  private startMechanism(startNs: number): void {
    const work = this.mechanismWork();
    if (work === undefined) return;
    if (work.kind === 'destage') {
      this.destage(work.before, startNs);
      return;
    }
    let held: Held;
    let plan: HostPlan;
    if (work.kind === 'flush') {
      held = work.flush;
      plan = planHostCommand(this.config, held.request, startNs, this.headCylinder, this.stream);
    } else {
      const plans = work.candidates.map(() => undefined as HostPlan | undefined);
      const planOf = (i: number) => (plans[i] ??= planHostCommand(this.config, work.candidates[i]!.request, startNs, this.headCylinder, this.stream));
      const choice = chooseSptf(work.candidates, startNs, this.config.maxWaitNs, this.config.agingWeight, (i) => planOf(i).positioningNs);
      held = work.candidates[choice.index]!;
      plan = planOf(choice.index);
      if (choice.aged) this.counts.agedCommands++;
    }
    this.waiting.splice(this.waiting.indexOf(held), 1);
    this.mechanismOp = { endNs: plan.completionNs, release: undefined };
    this.inFlight.push({ request: held.request, completionNs: plan.completionNs, order: this.order++ });
    this.headCylinder = plan.endCylinder;
    this.stream = plan.stream;
    const c = this.counts;
    c.commands++;
    if (plan.seekNs > 0) {
      c.seeks++;
      c.seekNsTotal += plan.seekNs;
    }
    c.rotationNsTotal += plan.rotationNs;
    if (plan.readAheadHit) c.readAheadHits++;
    c.bytesTransferred += held.request.sizeBytes;
    c.busyNs += plan.completionNs - startNs;
  }

  /** Writes one piece of dirty data to the medium, the extent reached soonest first (SPTF). */
  private destage(before: number, startNs: number): void {
    const mechanism = this.config.mechanism;
    const cache = this.cache;
    const pieceOf = (extent: DirtyExtent) => Math.min(extent.end - extent.start, cache.segmentBytes);
    let best: DirtyExtent | undefined;
    let bestStartNs = Infinity;
    for (const extent of cache.candidates(before)) {
      const access = mechanism.access(extent.start, pieceOf(extent), true, startNs, this.headCylinder, DESTAGE_LATE_TOLERANCE_NS);
      if (access.dataStartNs < bestStartNs) {
        best = extent;
        bestStartNs = access.dataStartNs;
      }
    }
    if (best === undefined) throw new Error('hdd: destage with nothing to destage');
    const piece = cache.take(best);
    const access = mechanism.access(piece.start, piece.end - piece.start, true, startNs, this.headCylinder, DESTAGE_LATE_TOLERANCE_NS);
    this.mechanismOp = { endNs: access.dataEndNs, release: piece };
    this.headCylinder = access.endCylinder;
    this.stream = freezeStream(this.stream, startNs);
    const c = this.counts;
    c.destages++;
    c.destagedBytes += piece.end - piece.start;
    c.busyNs += access.dataEndNs - startNs;
  }
}

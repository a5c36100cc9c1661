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
 *
 * CPU: the state asks what each resource would do next several times per event (to find the next
 * event, then to run it), so it keeps the answer until something it depends on changes
 * (`stale()`); a command's place on the medium is found once, when it arrives; SPTF and destage
 * ordering estimate every candidate into scalars and plan only the one they pick. None of this
 * changes a decision or a figure, to the bit (test/sim/hdd-fast-paths.test.ts).
 */
import type { DiskRequest } from '../disk-model.js';
import { DESTAGE_LATE_TOLERANCE_NS } from './hdd-mechanism.js';
import { hostPositioningNs, planHostCommand, type HostPlan, type HostPlanConfig, type PlacedCommand } from './hdd-host-plan.js';
import { freezeStream, type ReadAheadStream } from './hdd-read-ahead.js';
import { chooseSptf } from './hdd-sptf.js';
import type { DirtyExtent, WriteCache } from './hdd-write-cache.js';

export interface DriveConfig extends HostPlanConfig {
  readonly interfaceBytesPerNs: number;
  readonly maxWaitNs: number;
  readonly agingWeight: number;
  readonly highWater: number;
}

interface Held extends PlacedCommand {
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

/** Where a projection stopped: the next host completion, and the latest event it ran to get there. */
export interface ProjectedCompletion {
  readonly completionNs: number | undefined;
  readonly latestEventNs: number;
}

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
  /** mechanismWork() and channelWork() while waiting, cache and channel stay as they are; null: to compute. */
  private mechanismWorkKept: MechanismWork | undefined | null = null;
  private channelWorkKept: Held | undefined | null = null;

  constructor(
    private readonly config: DriveConfig,
    public cache: WriteCache,
  ) {}

  /** An independent copy; the answers it keeps (mechanismWork, channelWork) hold for it too. */
  clone(): DriveState {
    // Built by the constructor, so copies share the real state's object shape: a copy often
    // becomes the real state (hdd.ts), and code that meets one shape runs faster than two.
    const copy = Object.assign(new DriveState(this.config, this.cache), this);
    copy.waiting = this.waiting.slice();
    copy.inFlight = this.inFlight.slice();
    copy.cache = this.cache.clone();
    copy.counts = { ...this.counts };
    return copy;
  }

  /** A host command reaches the drive at nowNs (events before nowNs already processed). */
  accept(request: DiskRequest, nowNs: number): void {
    this.touch(nowNs);
    const geometry = this.config.mechanism.geometry;
    const cylinder = geometry.cylinderOf(request.offsetBytes);
    const angle = geometry.angleOf(request.offsetBytes, cylinder);
    this.waiting.push({ request, cylinder, angle, arrivedNs: nowNs, arrival: this.arrivals++ });
    this.stale();
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

  /**
   * Runs on (a clone) until the next host completion is certain: its time (undefined if none), and
   * the latest event run on the way, which tells the model whether the copy is the state the real
   * one would reach (hdd.ts).
   */
  projectCompletion(): ProjectedCompletion {
    let latestEventNs = -Infinity;
    for (;;) {
      const first = this.earliestCompletion()?.completionNs ?? Infinity;
      const next = this.nextEventNs();
      if (first <= next) return { completionNs: first === Infinity ? undefined : first, latestEventNs };
      if (next > latestEventNs) latestEventNs = next;
      this.step();
    }
  }

  private step(): void {
    const mechanismAt = this.mechanismEventNs();
    const channelAt = this.channelEventNs();
    if (mechanismAt <= channelAt) {
      const op = this.mechanismOp;
      if (op !== undefined && op.endNs === mechanismAt) {
        if (op.release !== undefined) {
          this.cache.release(op.release);
          this.stale();
        }
        this.mechanismOp = undefined;
        this.mechanismFreeNs = mechanismAt;
      }
      this.touch(mechanismAt);
      if (this.mechanismOp === undefined) this.startMechanism(mechanismAt);
    } else {
      if (this.channelEndNs === channelAt) {
        this.channelEndNs = undefined;
        this.channelFreeNs = channelAt;
        this.stale();
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

  /** Forgets the kept answers of mechanismWork() and channelWork(): waiting, cache or channel changed. */
  private stale(): void {
    this.mechanismWorkKept = null;
    this.channelWorkKept = null;
  }

  private mechanismWork(): MechanismWork | undefined {
    if (this.mechanismWorkKept === null) this.mechanismWorkKept = this.findMechanismWork();
    return this.mechanismWorkKept;
  }

  private findMechanismWork(): MechanismWork | undefined {
    const cache = this.cache;
    const flush = this.barrier();
    if (flush !== undefined) {
      if (cache.hasCandidates(flush.arrival)) return { kind: 'destage', before: flush.arrival };
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
    if (this.channelWorkKept === null) this.channelWorkKept = this.findChannelWork();
    return this.channelWorkKept;
  }

  private findChannelWork(): Held | undefined {
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
    this.stale();
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
      const { candidates } = work;
      const { config, headCylinder, stream } = this;
      const choice = chooseSptf(candidates, startNs, config.maxWaitNs, config.agingWeight, (i) =>
        hostPositioningNs(config, candidates[i]!, startNs, headCylinder, stream),
      );
      held = candidates[choice.index]!;
      plan = planHostCommand(config, held.request, startNs, headCylinder, stream);
      if (choice.aged) this.counts.agedCommands++;
    }
    this.waiting.splice(this.waiting.indexOf(held), 1);
    this.stale();
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

  /**
   * Writes one piece of dirty data to the medium, the extent reached soonest first (SPTF) among
   * those holding data that arrived before `before`; of extents reached at once, the first in the
   * cache's order.
   */
  private destage(before: number, startNs: number): void {
    const mechanism = this.config.mechanism;
    const geometry = mechanism.geometry;
    const cache = this.cache;
    let best: DirtyExtent | undefined;
    let bestStartNs = Infinity;
    for (const extent of cache.dirtyExtents) {
      if (!(extent.oldest < before)) continue;
      const cylinder = geometry.cylinderOf(extent.start);
      const dataStartNs = mechanism.dataStartNs(cylinder, geometry.angleOf(extent.start, cylinder), true, startNs, this.headCylinder, DESTAGE_LATE_TOLERANCE_NS);
      if (dataStartNs < bestStartNs) {
        best = extent;
        bestStartNs = dataStartNs;
      }
    }
    if (best === undefined) throw new Error('hdd: destage with nothing to destage');
    const piece = cache.take(best);
    this.stale();
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

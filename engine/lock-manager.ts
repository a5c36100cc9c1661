import type { Clock } from './clock.js';
import { FigureRecorder, type LockFigures } from './lock-figures.js';
import { NumberKeyMap } from './number-key-map.js';

export type { LockFigures } from './lock-figures.js';

/**
 * The lock manager: chunk locks kept apart from both images (claims 5, 10, 14). Three policies,
 * chosen at volume creation:
 * - `global`: one lock for the whole volume (simple, serialises everything);
 * - `chunk`: a lock per chunk, created on demand and dropped when idle (most parallel);
 * - `striped`: N locks, a chunk hashed to a stripe (bounded memory, some false sharing).
 * And two modes:
 * - `exclusive` (the claims' reading): every write and snapshot read holds its chunk alone;
 * - `shared`: writes that need no copy and snapshot reads share the chunk; a write that must copy
 *   or dual-write takes it exclusively. Waiters are served in arrival order, so a writer waiting
 *   for exclusive access is not starved by a stream of shared holders.
 * Wait and hold times are measured in the injected Clock's time, so in virtual time under the
 * simulator.
 *
 * The engine takes a lock on every write and snapshot read, so this is a hot path: a free lock is
 * taken synchronously (no promise), lock entries and handles are reused, and each acquisition
 * records its wait and hold into the log-linear LatencyHistogram of its purpose only.
 */
export type LockPolicy = 'global' | 'chunk' | 'striped';
export const lockPolicies: readonly LockPolicy[] = ['global', 'chunk', 'striped'];
export type LockMode = 'exclusive' | 'shared';
export const lockModes: readonly LockMode[] = ['exclusive', 'shared'];
/** How one acquisition holds its chunk. */
export type LockAccess = 'exclusive' | 'shared';

/** Why a lock is taken, so contention can be reported per kind of request. */
export type LockPurpose = 'write' | 'snapshotRead';

export interface LockManagerOptions {
  policy: LockPolicy;
  /** Number of stripes for `striped` (default 64). */
  stripes?: number;
  /** `exclusive` (default) or `shared`. */
  mode?: LockMode;
  /** The `no-lock` mutant: acquisitions succeed at once and nothing is serialised. */
  disabled?: boolean;
}

/** Releases a lock; call exactly once. */
export type Release = () => void;

export interface LockStats {
  policy: LockPolicy;
  stripes: number;
  mode: LockMode;
  /** Most locks that existed at once (1 for global, <= stripes for striped). */
  maxLocks: number;
  /** Acquisitions that held their chunk exclusively, and shared (shared mode only). */
  exclusiveAcquisitions: number;
  sharedAcquisitions: number;
  total: LockFigures;
  byPurpose: Record<LockPurpose, LockFigures>;
}

interface Waiter {
  readonly handle: ChunkLock;
  readonly requestedAtNs: number;
  readonly grant: (handle: ChunkLock) => void;
}

/** One lock: its holders and its queue of waiters in arrival order. */
class LockEntry {
  key = 0;
  /** Holders plus waiters. */
  users = 0;
  holders = 0;
  exclusive = false;
  readonly queue: Waiter[] = [];
  head = 0;

  get waiting(): number {
    return this.queue.length - this.head;
  }
}

/**
 * One acquisition of a lock: the volume holds it between LockManager.lock and unlock; the bound
 * continuations release it after an I/O without a closure per request.
 */
export class ChunkLock {
  entry: LockEntry | undefined;
  access: LockAccess = 'exclusive';
  recorder: FigureRecorder | undefined;
  acquiredAtNs = 0;
  /** Releases the lock after an I/O that resolved with no value. */
  readonly releaseAfter: () => void;
  /** Releases the lock after an I/O and passes its value on. */
  readonly releasePassing: <T>(value: T) => T;
  /** Releases the lock after a failed I/O and passes the failure on. */
  readonly releaseFailing: (error: unknown) => never;

  constructor(manager: LockManager) {
    this.releaseAfter = () => manager.unlock(this);
    this.releasePassing = <T>(value: T): T => {
      manager.unlock(this);
      return value;
    };
    this.releaseFailing = (error: unknown): never => {
      manager.unlock(this);
      throw error;
    };
  }

  get key(): number {
    return this.entry?.key ?? -1;
  }
}

const noRelease: Release = () => {};
/** Idle chunk-policy locks and handles kept for reuse. */
const SPARE_LOCKS = 1024;

/** Hands out chunk locks under one policy and mode, and measures their contention. */
export class LockManager {
  readonly policy: LockPolicy;
  readonly stripes: number;
  readonly mode: LockMode;
  private readonly disabled: boolean;
  private readonly locks = new NumberKeyMap<LockEntry>();
  private readonly spareEntries: LockEntry[] = [];
  private readonly spareHandles: ChunkLock[] = [];
  /** What the `no-lock` mutant hands out: unlock ignores it. */
  private readonly noLock: ChunkLock;
  private maxLocks = 0;
  private exclusiveAcquisitions = 0;
  private sharedAcquisitions = 0;
  private readonly writes = new FigureRecorder();
  private readonly snapshotReads = new FigureRecorder();

  constructor(
    options: LockManagerOptions,
    private readonly clock: Clock,
  ) {
    this.policy = options.policy;
    this.stripes = options.policy === 'striped' ? (options.stripes ?? 64) : options.policy === 'global' ? 1 : 0;
    if (options.policy === 'striped' && !(Number.isInteger(this.stripes) && this.stripes >= 1)) {
      throw new RangeError(`stripes ${options.stripes}: expected a positive integer`);
    }
    if (!lockPolicies.includes(options.policy)) throw new RangeError(`unknown lock policy ${options.policy}`);
    this.mode = options.mode ?? 'exclusive';
    if (!lockModes.includes(this.mode)) throw new RangeError(`unknown lock mode ${this.mode}`);
    this.disabled = options.disabled ?? false;
    this.noLock = new ChunkLock(this);
  }

  /** Takes the lock that covers `chunk`; resolves with its release function. */
  async acquire(chunk: number, purpose: LockPurpose, access: LockAccess = 'exclusive'): Promise<Release> {
    if (this.disabled) return noRelease;
    const taken = this.lock(chunk, purpose, access);
    const lock = taken instanceof Promise ? await taken : taken;
    const key = lock.key;
    let released = false;
    return () => {
      if (released) throw new Error(`chunk lock ${key} released twice`);
      released = true;
      this.unlock(lock);
    };
  }

  /**
   * Takes the lock that covers `chunk`: at once when it is free for this access and nobody waits
   * (the common case, with no promise), else a promise that resolves when it is this request's
   * turn. Shared access is granted only in shared mode; in exclusive mode every access is
   * exclusive. Pair with exactly one unlock().
   */
  lock(chunk: number, purpose: LockPurpose, access: LockAccess = 'exclusive'): ChunkLock | Promise<ChunkLock> {
    if (this.disabled) return this.noLock;
    const key = this.keyOf(chunk);
    let entry = this.locks.get(key);
    if (entry === undefined) {
      entry = this.spareEntries.pop() ?? new LockEntry();
      entry.key = key;
      this.locks.set(key, entry);
      if (this.locks.size > this.maxLocks) this.maxLocks = this.locks.size;
    }
    const recorder = purpose === 'write' ? this.writes : this.snapshotReads;
    recorder.acquisitions++;
    const handle = this.spareHandles.pop() ?? new ChunkLock(this);
    handle.entry = entry;
    handle.recorder = recorder;
    handle.access = this.mode === 'shared' ? access : 'exclusive';
    const ahead = entry.users++; // holders + waiters ahead of this request
    if (entry.waiting === 0 && this.grantable(entry, handle.access)) {
      recorder.wait.record(0);
      this.hold(entry, handle, this.clock.nowNs());
      return handle;
    }
    recorder.contended++;
    if (ahead > recorder.maxQueue) recorder.maxQueue = ahead;
    const requestedAtNs = this.clock.nowNs();
    return new Promise<ChunkLock>((grant) => entry.queue.push({ handle, requestedAtNs, grant }));
  }

  /** Releases a lock taken with lock(); the waiters whose turn it is get it. */
  unlock(handle: ChunkLock): void {
    if (handle === this.noLock) return;
    const entry = handle.entry;
    const recorder = handle.recorder;
    if (entry === undefined || recorder === undefined) throw new Error(`chunk lock released while not held`);
    recorder.hold.record(this.clock.nowNs() - handle.acquiredAtNs);
    entry.holders--;
    if (handle.access === 'exclusive') entry.exclusive = false;
    entry.users--;
    handle.entry = undefined;
    handle.recorder = undefined;
    if (this.spareHandles.length < SPARE_LOCKS) this.spareHandles.push(handle);
    this.serveWaiters(entry);
    // Chunk locks are created on demand and dropped when idle; global and striped locks stay.
    if (entry.users === 0 && this.policy === 'chunk') {
      this.locks.delete(entry.key);
      entry.queue.length = 0;
      entry.head = 0;
      if (this.spareEntries.length < SPARE_LOCKS) this.spareEntries.push(entry);
    }
  }

  /** Wait-time distribution over all acquisitions: [waitNs, fraction at or below] points. */
  waitDistribution(): [waitNs: number, fraction: number][] {
    const percentiles = [0, 5, 10, 20, 30, 40, 50, 60, 70, 75, 80, 85, 88, 90, 92, 94, 95, 96, 97, 98, 98.5, 99, 99.3, 99.5, 99.7, 99.8, 99.9, 99.95, 99.99, 100];
    const values = this.total().waitAtPercentiles(percentiles);
    return percentiles.map((percentile, index) => [values[index]!, percentile / 100]);
  }

  /** Locks that exist now (chunk locks vanish when idle). */
  get lockCount(): number {
    return this.locks.size;
  }

  /** Locks held or waited for now: zero once a run has drained. */
  get busyLocks(): number {
    let busy = 0;
    for (const [, entry] of this.locks) if (entry.users > 0) busy++;
    return busy;
  }

  /** Contention figures so far, in total and per purpose. */
  stats(): LockStats {
    return {
      policy: this.policy,
      stripes: this.stripes,
      mode: this.mode,
      maxLocks: this.maxLocks,
      exclusiveAcquisitions: this.exclusiveAcquisitions,
      sharedAcquisitions: this.sharedAcquisitions,
      total: this.total().figures(),
      byPurpose: { write: this.writes.figures(), snapshotRead: this.snapshotReads.figures() },
    };
  }

  private grantable(entry: LockEntry, access: LockAccess): boolean {
    return access === 'shared' ? !entry.exclusive : entry.holders === 0;
  }

  private hold(entry: LockEntry, handle: ChunkLock, atNs: number): void {
    entry.holders++;
    if (handle.access === 'exclusive') {
      entry.exclusive = true;
      this.exclusiveAcquisitions++;
    } else {
      this.sharedAcquisitions++;
    }
    handle.acquiredAtNs = atNs;
  }

  /** Grants the lock to waiters at the head of the queue: one exclusive, or a run of shared. */
  private serveWaiters(entry: LockEntry): void {
    while (entry.waiting > 0) {
      const next = entry.queue[entry.head]!;
      if (!this.grantable(entry, next.handle.access)) return;
      entry.head++;
      if (entry.head > 64 && entry.head * 2 > entry.queue.length) {
        entry.queue.splice(0, entry.head);
        entry.head = 0;
      }
      const nowNs = this.clock.nowNs();
      next.handle.recorder!.wait.record(nowNs - next.requestedAtNs);
      this.hold(entry, next.handle, nowNs);
      next.grant(next.handle);
      if (next.handle.access === 'exclusive') return;
    }
  }

  private total(): FigureRecorder {
    const total = new FigureRecorder();
    total.merge(this.writes);
    total.merge(this.snapshotReads);
    return total;
  }

  private keyOf(chunk: number): number {
    switch (this.policy) {
      case 'global':
        return 0;
      case 'chunk':
        return chunk;
      case 'striped':
        // Fibonacci hashing spreads neighbouring chunks over stripes.
        return (Math.imul(chunk >>> 0, 0x9e3779b1) >>> 0) % this.stripes;
    }
  }
}

import { Semaphore } from 'async-mutex';
import type { Clock } from './clock.js';
import { LatencyHistogram } from './latency-histogram.js';

/**
 * The lock manager: chunk locks kept apart from both images (claims 5, 10, 14). Three policies,
 * chosen at volume creation:
 * - `global`: one lock for the whole volume (simple, serialises everything);
 * - `chunk`: a lock per chunk, created on demand and dropped when idle (most parallel);
 * - `striped`: N locks, a chunk hashed to a stripe (bounded memory, some false sharing).
 * Wait and hold times are measured in the injected Clock's time, so in virtual time under the
 * simulator.
 *
 * The engine takes a lock on every write and snapshot read, so this is a hot path: a free lock is taken synchronously
 * (no promise), lock entries are reused, and each acquisition records its wait and hold into the
 * log-linear LatencyHistogram of its purpose only (totals are merged when asked for).
 */
export type LockPolicy = 'global' | 'chunk' | 'striped';
export const lockPolicies: readonly LockPolicy[] = ['global', 'chunk', 'striped'];

/** Why a lock is taken, so contention can be reported per kind of request. */
export type LockPurpose = 'write' | 'snapshotRead';

export interface LockManagerOptions {
  policy: LockPolicy;
  /** Number of stripes for `striped` (default 64). */
  stripes?: number;
  /** The `no-lock` mutant: acquisitions succeed at once and nothing is serialised. */
  disabled?: boolean;
}

/** Releases a lock; call exactly once. */
export type Release = () => void;

export interface LockFigures {
  acquisitions: number;
  /** Acquisitions that found the lock held and had to wait. */
  contended: number;
  waitMeanNs: number;
  waitP50Ns: number;
  waitP99Ns: number;
  waitMaxNs: number;
  holdMeanNs: number;
  holdP99Ns: number;
  holdMaxNs: number;
  /** Most requests ever waiting on one lock at once. */
  maxQueue: number;
}

export interface LockStats {
  policy: LockPolicy;
  stripes: number;
  /** Most locks that existed at once (1 for global, <= stripes for striped). */
  maxLocks: number;
  total: LockFigures;
  byPurpose: Record<LockPurpose, LockFigures>;
}

/** Wait and hold figures of one purpose. */
class FigureRecorder {
  acquisitions = 0;
  contended = 0;
  maxQueue = 0;
  readonly wait = new LatencyHistogram();
  readonly hold = new LatencyHistogram();

  /** Adds another recorder's figures: a total over purposes equals recording into both. */
  merge(other: FigureRecorder): void {
    this.acquisitions += other.acquisitions;
    this.contended += other.contended;
    this.maxQueue = Math.max(this.maxQueue, other.maxQueue);
    this.wait.merge(other.wait);
    this.hold.merge(other.hold);
  }

  /** Wait time in ns at each percentile (0..100), for a distribution chart. */
  waitAtPercentiles(percentiles: readonly number[]): number[] {
    return percentiles.map((percentile) => (this.acquisitions === 0 ? 0 : this.wait.percentileNs(percentile)));
  }

  figures(): LockFigures {
    const n = this.acquisitions;
    const holds = this.hold.count;
    return {
      acquisitions: n,
      contended: this.contended,
      waitMeanNs: n === 0 ? 0 : this.wait.totalNs / n,
      waitP50Ns: n === 0 ? 0 : this.wait.percentileNs(50),
      waitP99Ns: n === 0 ? 0 : this.wait.percentileNs(99),
      waitMaxNs: n === 0 ? 0 : this.wait.maxNs,
      holdMeanNs: holds === 0 ? 0 : this.hold.totalNs / holds,
      holdP99Ns: holds === 0 ? 0 : this.hold.percentileNs(99),
      holdMaxNs: holds === 0 ? 0 : this.hold.maxNs,
      maxQueue: this.maxQueue,
    };
  }
}

/**
 * One lock and the state of its current holder (a lock has at most one). The volume holds it
 * between LockManager.lock and unlock; the bound continuations release it after an I/O without
 * a closure per request.
 */
export class ChunkLock {
  /** An async-mutex semaphore of one: the queue of waiters, in arrival order. */
  readonly semaphore = new Semaphore(1);
  /** Holders plus waiters. */
  users = 0;
  key = 0;
  /** The holder's purpose figures; undefined while nobody holds the lock. */
  holder: FigureRecorder | undefined;
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
}

const noRelease: Release = () => {};
/** Idle chunk-policy locks kept for reuse. */
const SPARE_LOCKS = 1024;

/** Hands out chunk locks under one policy and measures their contention. */
export class LockManager {
  readonly policy: LockPolicy;
  readonly stripes: number;
  private readonly disabled: boolean;
  private readonly locks = new Map<number, ChunkLock>();
  private readonly spare: ChunkLock[] = [];
  /** What the `no-lock` mutant hands out: unlock ignores it. */
  private readonly noLock: ChunkLock;
  private maxLocks = 0;
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
    this.disabled = options.disabled ?? false;
    this.noLock = new ChunkLock(this);
  }

  /** Takes the lock that covers `chunk`; resolves with its release function. */
  async acquire(chunk: number, purpose: LockPurpose): Promise<Release> {
    if (this.disabled) return noRelease;
    const taken = this.lock(chunk, purpose);
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
   * Takes the lock that covers `chunk`: at once when nobody holds or waits for it (the common
   * case, with no promise), else a promise that resolves when it is this request's turn. Pair
   * with exactly one unlock().
   */
  lock(chunk: number, purpose: LockPurpose): ChunkLock | Promise<ChunkLock> {
    if (this.disabled) return this.noLock;
    const key = this.keyOf(chunk);
    let lock = this.locks.get(key);
    if (lock === undefined) {
      lock = this.spare.pop() ?? new ChunkLock(this);
      lock.key = key;
      this.locks.set(key, lock);
      if (this.locks.size > this.maxLocks) this.maxLocks = this.locks.size;
    }
    const recorder = purpose === 'write' ? this.writes : this.snapshotReads;
    recorder.acquisitions++;
    const waiting = lock.users++; // holders + waiters ahead of this request
    if (waiting === 0) {
      lock.semaphore.setValue(0); // taken: later requests queue on the semaphore
      recorder.wait.record(0);
      lock.holder = recorder;
      lock.acquiredAtNs = this.clock.nowNs();
      return lock;
    }
    recorder.contended++;
    if (waiting > recorder.maxQueue) recorder.maxQueue = waiting;
    return this.waitFor(lock, recorder, this.clock.nowNs());
  }

  /** Releases a lock taken with lock(); the next waiter, if any, gets it. */
  unlock(lock: ChunkLock): void {
    if (lock === this.noLock) return;
    const recorder = lock.holder;
    if (recorder === undefined) throw new Error(`chunk lock ${lock.key} released while not held`);
    lock.holder = undefined;
    recorder.hold.record(this.clock.nowNs() - lock.acquiredAtNs);
    lock.users--;
    // Chunk locks are created on demand and dropped when idle; global and striped locks stay.
    if (lock.users === 0 && this.policy === 'chunk') {
      this.locks.delete(lock.key);
      if (this.spare.length < SPARE_LOCKS) this.spare.push(lock);
    }
    lock.semaphore.release();
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

  /** Contention figures so far, in total and per purpose. */
  stats(): LockStats {
    return {
      policy: this.policy,
      stripes: this.stripes,
      maxLocks: this.maxLocks,
      total: this.total().figures(),
      byPurpose: { write: this.writes.figures(), snapshotRead: this.snapshotReads.figures() },
    };
  }

  private total(): FigureRecorder {
    const total = new FigureRecorder();
    total.merge(this.writes);
    total.merge(this.snapshotReads);
    return total;
  }

  private async waitFor(lock: ChunkLock, recorder: FigureRecorder, requestedAtNs: number): Promise<ChunkLock> {
    await lock.semaphore.acquire();
    const acquiredAtNs = this.clock.nowNs();
    recorder.wait.record(acquiredAtNs - requestedAtNs);
    lock.holder = recorder;
    lock.acquiredAtNs = acquiredAtNs;
    return lock;
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

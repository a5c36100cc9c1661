import { Mutex } from 'async-mutex';
import * as hdr from 'hdr-histogram-js';
import type { Clock } from './clock.js';

/**
 * The lock manager: chunk locks kept apart from both images (claims 5, 10, 14). Three policies,
 * chosen at volume creation:
 * - `global`: one lock for the whole volume (simple, serialises everything);
 * - `chunk`: a lock per chunk, created on demand and dropped when idle (most parallel);
 * - `striped`: N locks, a chunk hashed to a stripe (bounded memory, some false sharing).
 * Wait and hold times are measured in the injected Clock's time, so in virtual time under the
 * simulator.
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

interface LockEntry {
  readonly mutex: Mutex;
  /** Holders plus waiters. */
  users: number;
}

class FigureRecorder {
  acquisitions = 0;
  contended = 0;
  maxQueue = 0;
  private readonly wait = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3.6e12, numberOfSignificantValueDigits: 3 });
  private readonly hold = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3.6e12, numberOfSignificantValueDigits: 3 });
  private waitSumNs = 0;
  private holdSumNs = 0;
  private holds = 0;

  recordWait(waitNs: number): void {
    this.waitSumNs += waitNs;
    this.wait.recordValue(waitNs);
  }

  /** Wait time in ns at each percentile (0..100), for a distribution chart. */
  waitAtPercentiles(percentiles: readonly number[]): number[] {
    return percentiles.map((percentile) => (this.acquisitions === 0 ? 0 : this.wait.getValueAtPercentile(percentile)));
  }

  recordHold(holdNs: number): void {
    this.holds++;
    this.holdSumNs += holdNs;
    this.hold.recordValue(holdNs);
  }

  figures(): LockFigures {
    const n = this.acquisitions;
    return {
      acquisitions: n,
      contended: this.contended,
      waitMeanNs: n === 0 ? 0 : this.waitSumNs / n,
      waitP50Ns: n === 0 ? 0 : this.wait.getValueAtPercentile(50),
      waitP99Ns: n === 0 ? 0 : this.wait.getValueAtPercentile(99),
      waitMaxNs: n === 0 ? 0 : this.wait.maxValue,
      holdMeanNs: this.holds === 0 ? 0 : this.holdSumNs / this.holds,
      holdP99Ns: this.holds === 0 ? 0 : this.hold.getValueAtPercentile(99),
      holdMaxNs: this.holds === 0 ? 0 : this.hold.maxValue,
      maxQueue: this.maxQueue,
    };
  }
}

const noRelease: Release = () => {};

/** Hands out chunk locks under one policy and measures their contention. */
export class LockManager {
  readonly policy: LockPolicy;
  readonly stripes: number;
  private readonly disabled: boolean;
  private readonly locks = new Map<number, LockEntry>();
  private maxLocks = 0;
  private readonly total = new FigureRecorder();
  private readonly byPurpose: Record<LockPurpose, FigureRecorder> = {
    write: new FigureRecorder(),
    snapshotRead: new FigureRecorder(),
  };

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
  }

  /** Takes the lock that covers `chunk`; resolves with its release function. */
  async acquire(chunk: number, purpose: LockPurpose): Promise<Release> {
    if (this.disabled) return noRelease;
    const key = this.keyOf(chunk);
    let entry = this.locks.get(key);
    if (entry === undefined) {
      entry = { mutex: new Mutex(), users: 0 };
      this.locks.set(key, entry);
      if (this.locks.size > this.maxLocks) this.maxLocks = this.locks.size;
    }
    const recorders = [this.total, this.byPurpose[purpose]] as const;
    const waiting = entry.users; // holders + waiters ahead of this request
    entry.users++;
    for (const recorder of recorders) {
      recorder.acquisitions++;
      if (waiting > 0) {
        recorder.contended++;
        if (waiting > recorder.maxQueue) recorder.maxQueue = waiting;
      }
    }
    const requestedAtNs = this.clock.nowNs();
    const release = await entry.mutex.acquire();
    const acquiredAtNs = this.clock.nowNs();
    for (const recorder of recorders) recorder.recordWait(acquiredAtNs - requestedAtNs);
    const lockEntry = entry;
    let released = false;
    return () => {
      if (released) throw new Error(`chunk lock ${key} released twice`);
      released = true;
      const holdNs = this.clock.nowNs() - acquiredAtNs;
      for (const recorder of recorders) recorder.recordHold(holdNs);
      lockEntry.users--;
      // Chunk locks are created on demand and dropped when idle; global and striped locks stay.
      if (lockEntry.users === 0 && this.policy === 'chunk') this.locks.delete(key);
      release();
    };
  }

  /** Wait-time distribution over all acquisitions: [waitNs, fraction at or below] points. */
  waitDistribution(): [waitNs: number, fraction: number][] {
    const percentiles = [0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100];
    const values = this.total.waitAtPercentiles(percentiles);
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
      total: this.total.figures(),
      byPurpose: { write: this.byPurpose.write.figures(), snapshotRead: this.byPurpose.snapshotRead.figures() },
    };
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

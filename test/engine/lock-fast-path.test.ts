import { describe, expect, it } from 'vitest';
import { LockManager, ManualClock, type ChunkLock } from '../../engine/index.js';
import { settle } from '../helpers/scripted.js';

/** The engine's own path into the lock manager: lock() and unlock(), with no release closure. */
describe('lock manager: lock() and unlock()', () => {
  it('takes a free lock at once, with no promise; a held one queues its waiters in arrival order', async () => {
    const clock = new ManualClock();
    const locks = new LockManager({ policy: 'chunk' }, clock);
    const first = locks.lock(3, 'write');
    expect(first).not.toBeInstanceOf(Promise);
    const order: string[] = [];
    const second = locks.lock(3, 'write');
    const third = locks.lock(3, 'snapshotRead');
    expect(second).toBeInstanceOf(Promise);
    void (second as Promise<ChunkLock>).then(() => order.push('second'));
    void (third as Promise<ChunkLock>).then(() => order.push('third'));
    // A request arriving while others wait queues behind them, even at the instant of a release.
    clock.advance(40);
    locks.unlock(first as ChunkLock);
    const fourth = locks.lock(3, 'write');
    expect(fourth).toBeInstanceOf(Promise);
    await settle();
    expect(order).toEqual(['second']);
    locks.unlock(await second);
    await settle();
    expect(order).toEqual(['second', 'third']);
    locks.unlock(await third);
    locks.unlock(await fourth);
    const stats = locks.stats();
    expect(stats.total).toMatchObject({ acquisitions: 4, contended: 3, waitMaxNs: 40, maxQueue: 2 });
    expect(stats.byPurpose.snapshotRead).toMatchObject({ acquisitions: 1, contended: 1, waitMaxNs: 40, maxQueue: 2 });
    expect(locks.lockCount).toBe(0);
  });

  it('reuses an idle lock for another chunk with no state carried over', async () => {
    const clock = new ManualClock();
    const locks = new LockManager({ policy: 'chunk' }, clock);
    const a = locks.lock(1, 'write') as ChunkLock;
    clock.advance(10);
    locks.unlock(a);
    const b = locks.lock(2, 'write');
    expect(b).not.toBeInstanceOf(Promise);
    // Chunk 1 is free again although its old lock object now serves chunk 2.
    const c = locks.lock(1, 'write');
    expect(c).not.toBeInstanceOf(Promise);
    locks.unlock(b as ChunkLock);
    locks.unlock(c as ChunkLock);
    expect(locks.stats().total).toMatchObject({ acquisitions: 3, contended: 0, waitMaxNs: 0, holdMaxNs: 10 });
  });

  it('an unlock of a lock not held is a bug and throws', () => {
    const locks = new LockManager({ policy: 'global' }, new ManualClock());
    const lock = locks.lock(5, 'write') as ChunkLock;
    locks.unlock(lock);
    expect(() => locks.unlock(lock)).toThrow(/not held/);
  });

  it('the no-lock mutant hands out a lock that serialises nothing', () => {
    const locks = new LockManager({ policy: 'chunk', disabled: true }, new ManualClock());
    const a = locks.lock(1, 'write');
    const b = locks.lock(1, 'write');
    expect(a).not.toBeInstanceOf(Promise);
    expect(b).not.toBeInstanceOf(Promise);
    locks.unlock(a as ChunkLock);
    locks.unlock(b as ChunkLock);
    expect(locks.stats().total.acquisitions).toBe(0);
  });
});

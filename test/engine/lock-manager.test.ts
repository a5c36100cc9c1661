import { describe, expect, it } from 'vitest';
import { LockManager, ManualClock, MemoryDevice, Volume, type LockPolicy } from '../../engine/index.js';
import { label, stamp } from '../helpers/blocks.js';
import { settle } from '../helpers/scripted.js';

describe('lock manager contention figures on a scripted interleaving', () => {
  it('counts acquisitions, contention, waits, holds and queue length exactly (chunk policy)', async () => {
    const clock = new ManualClock();
    const locks = new LockManager({ policy: 'chunk' }, clock);
    const releaseA = await locks.acquire(7, 'write'); // t=0, free
    const b = locks.acquire(7, 'write'); // t=0, waits behind A
    const c = locks.acquire(7, 'snapshotRead'); // t=0, waits behind A and B
    const releaseD = await locks.acquire(8, 'write'); // other chunk: free
    expect(locks.lockCount).toBe(2);
    clock.advance(100);
    releaseA(); // A held 100
    const releaseB = await b; // B waited 100
    clock.advance(50);
    releaseB(); // B held 50
    const releaseC = await c; // C waited 150
    clock.advance(10);
    releaseC(); // C held 10
    releaseD(); // D held 160
    await settle();
    const stats = locks.stats();
    expect(stats.total).toMatchObject({
      acquisitions: 4,
      contended: 2,
      waitMaxNs: 150,
      waitMeanNs: (0 + 100 + 150 + 0) / 4,
      holdMaxNs: 160,
      holdMeanNs: (100 + 50 + 10 + 160) / 4,
      maxQueue: 2,
    });
    expect(stats.byPurpose.write).toMatchObject({ acquisitions: 3, contended: 1, waitMaxNs: 100, maxQueue: 1 });
    expect(stats.byPurpose.snapshotRead).toMatchObject({ acquisitions: 1, contended: 1, waitMaxNs: 150, maxQueue: 2 });
    expect(stats.maxLocks).toBe(2);
    // Chunk locks are created on demand and dropped when idle.
    expect(locks.lockCount).toBe(0);
  });

  it('global: one lock for every chunk, so different chunks contend', async () => {
    const clock = new ManualClock();
    const locks = new LockManager({ policy: 'global' }, clock);
    const release = await locks.acquire(1, 'write');
    const other = locks.acquire(2, 'write');
    clock.advance(30);
    release();
    (await other)();
    expect(locks.stats().total).toMatchObject({ acquisitions: 2, contended: 1, waitMaxNs: 30 });
    expect(locks.lockCount).toBe(1);
  });

  it('striped: chunks hashed onto N stripes that stay allocated', async () => {
    const clock = new ManualClock();
    const locks = new LockManager({ policy: 'striped', stripes: 4 }, clock);
    const releases = await Promise.all(Array.from({ length: 4 }, (_, chunk) => locks.acquire(chunk, 'write')));
    for (const release of releases) release();
    const stats = locks.stats();
    expect(stats.stripes).toBe(4);
    expect(stats.maxLocks).toBeLessThanOrEqual(4);
    expect(locks.lockCount).toBe(stats.maxLocks);
    // Five chunks on four stripes: at least two share a stripe (pigeonhole).
    const more = [locks.acquire(10, 'write'), locks.acquire(11, 'write'), locks.acquire(12, 'write'), locks.acquire(13, 'write'), locks.acquire(14, 'write')];
    await settle();
    expect(locks.stats().total.contended).toBeGreaterThan(0);
    for (const pending of more) (await pending)();
  });

  it('a release called twice is a bug and throws', async () => {
    const locks = new LockManager({ policy: 'chunk' }, new ManualClock());
    const release = await locks.acquire(1, 'write');
    release();
    expect(() => release()).toThrow(/released twice/);
  });

  it('rejects a bad stripe count', () => {
    expect(() => new LockManager({ policy: 'striped', stripes: 0 }, new ManualClock())).toThrow(/stripes/);
  });
});

describe('the three policies give the same data results', () => {
  async function run(policy: LockPolicy): Promise<{ live: string[]; snapshot: string[]; contended: number }> {
    const origin = new MemoryDevice(4096, 64);
    const volume = Volume.create({ origin, chunkSizeBytes: 4 * 4096, locks: { policy, stripes: 2 } });
    const first = Array.from({ length: 32 }, (_, b) => volume.write(b, stamp(4096, `a${b}`)));
    const snapshot = volume.preserve(new MemoryDevice(4096, 256));
    const second = Array.from({ length: 32 }, (_, b) => (b % 3 === 0 ? volume.write(b + 32, stamp(4096, `b${b}`)) : Promise.resolve()));
    await Promise.all([...first, ...second]);
    const { id } = await snapshot;
    const pairs = Array.from({ length: 16 }, (_, b) => volume.write(b * 4 + 1, stamp(4096, `c${b}`)));
    await Promise.all(pairs);
    return {
      live: label(await volume.readLive(0, 64), 4096),
      snapshot: label(await volume.readSnapshot(id, 0, 64), 4096),
      contended: volume.stats().locks.total.contended,
    };
  }

  it('chunk, striped and global agree block for block', async () => {
    const [chunk, striped, global] = [await run('chunk'), await run('striped'), await run('global')];
    expect(striped.live).toEqual(chunk.live);
    expect(global.live).toEqual(chunk.live);
    expect(striped.snapshot).toEqual(chunk.snapshot);
    expect(global.snapshot).toEqual(chunk.snapshot);
    expect(chunk.snapshot.slice(0, 4)).toEqual(['a0', 'a1', 'a2', 'a3']);
    expect(chunk.live[1]).toBe('c0');
    // One lock for everything contends far more than a lock per chunk.
    expect(global.contended).toBeGreaterThan(chunk.contended);
  });
});

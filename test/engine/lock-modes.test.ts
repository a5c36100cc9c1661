/**
 * The shared/exclusive lock mode (issue 10): writes that need no copy and snapshot reads share a
 * chunk; a write that copies or dual-writes holds it alone; waiters are served in arrival order.
 */
import { describe, expect, it } from 'vitest';
import { LockManager, ManualClock, MemoryDevice, Volume } from '../../engine/index.js';
import { label, stamp } from '../helpers/blocks.js';
import { GatedDevice, settle } from '../helpers/scripted.js';

const BLOCK = 4096;
const CHUNK = 4 * BLOCK;

describe('lock manager modes', () => {
  it('shared holders run together; an exclusive request waits for them and holds the chunk alone', async () => {
    const clock = new ManualClock();
    const locks = new LockManager({ policy: 'chunk', mode: 'shared' }, clock);
    const a = await locks.acquire(3, 'write', 'shared');
    const b = await locks.acquire(3, 'snapshotRead', 'shared'); // shares with a: no wait
    let exclusiveHeld = false;
    const c = locks.acquire(3, 'write', 'exclusive').then((release) => ((exclusiveHeld = true), release));
    // Arrival order: a shared request behind the waiting exclusive one waits too (no starvation).
    let lateShared = false;
    const d = locks.acquire(3, 'write', 'shared').then((release) => ((lateShared = true), release));
    await settle();
    expect([exclusiveHeld, lateShared]).toEqual([false, false]);
    clock.advance(10);
    a();
    await settle();
    expect(exclusiveHeld).toBe(false);
    b();
    await settle();
    expect([exclusiveHeld, lateShared]).toEqual([true, false]);
    clock.advance(5);
    (await c)();
    await settle();
    expect(lateShared).toBe(true);
    (await d)();
    const stats = locks.stats();
    expect(stats).toMatchObject({ mode: 'shared', exclusiveAcquisitions: 1, sharedAcquisitions: 3 });
    expect(stats.total).toMatchObject({ acquisitions: 4, contended: 2, waitMaxNs: 15 });
    expect(locks.busyLocks).toBe(0);
  });

  it('exclusive mode (the claims) makes every access exclusive, whatever is asked', async () => {
    const locks = new LockManager({ policy: 'chunk' }, new ManualClock());
    const a = await locks.acquire(3, 'write', 'shared');
    let second = false;
    const b = locks.acquire(3, 'write', 'shared').then((release) => ((second = true), release));
    await settle();
    expect(second).toBe(false);
    a();
    (await b)();
    expect(locks.stats()).toMatchObject({ mode: 'exclusive', exclusiveAcquisitions: 2, sharedAcquisitions: 0 });
  });
});

describe('a volume in shared mode', () => {
  it('lets writes to one chunk that need no copy overlap on the origin', async () => {
    const origin = new GatedDevice(new MemoryDevice(BLOCK, 32), 'origin');
    const volume = Volume.create({ origin, chunkSizeBytes: CHUNK, locks: { policy: 'chunk', mode: 'shared' } });
    origin.holdWrites();
    const writes = [0, 1, 2].map((block) => volume.write(block, stamp(BLOCK, `w${block}`)));
    await settle();
    // All three reached the device at once: none waited for another's lock.
    expect(origin.log.filter((entry) => entry.startsWith('write'))).toHaveLength(3);
    origin.releaseWrites();
    await Promise.all(writes);
    expect(volume.stats().locks).toMatchObject({ sharedAcquisitions: 3, exclusiveAcquisitions: 0 });
  });

  it('a write that must copy takes the chunk alone: the copy holds the old data of every block', async () => {
    const base = new MemoryDevice(BLOCK, 32);
    for (let b = 0; b < 8; b++) base.writeNow(b, stamp(BLOCK, `old${b}`));
    const origin = new GatedDevice(base, 'origin');
    const volume = Volume.create({ origin, chunkSizeBytes: CHUNK, locks: { policy: 'chunk', mode: 'shared' } });
    const { id } = await volume.preserve(new MemoryDevice(BLOCK, 64));
    origin.holdNextRead(); // the copy's origin read waits
    const copying = volume.write(0, stamp(BLOCK, 'new0'));
    await settle();
    const other = volume.write(1, stamp(BLOCK, 'new1')); // same chunk: must wait for the copy
    await settle();
    expect(label(await volume.readLive(1, 1), BLOCK)).toEqual(['old1']);
    origin.releaseReads();
    await Promise.all([copying, other]);
    expect(label(await volume.readSnapshot(id, 0, 4), BLOCK)).toEqual(['old0', 'old1', 'old2', 'old3']);
    expect(label(await volume.readLive(0, 2), BLOCK)).toEqual(['new0', 'new1']);
    expect(volume.stats().locks.exclusiveAcquisitions).toBeGreaterThanOrEqual(1);
  });
});

describe('engine.lockMode in a scenario', () => {
  it('runs the volume in that mode, and summary.json says so', async () => {
    const { scenarioFromObject } = await import('../../workloads/scenario/load.js');
    const { runScenario } = await import('../../workloads/run.js');
    const { buildSummary } = await import('../../reports/run/summary.js');
    const { tinyScenario } = await import('../reports/sweep/fixtures.js');
    const engine = tinyScenario.engine as Record<string, unknown>;
    const shared = await runScenario(scenarioFromObject({ ...tinyScenario, engine: { ...engine, lockMode: 'shared' } }, 'shared'));
    const exclusive = await runScenario(scenarioFromObject(tinyScenario, 'exclusive'));
    expect(shared.correctness.verdict).toBe('pass');
    expect(buildSummary(shared).locks).toMatchObject({ mode: 'shared' });
    expect(shared.locks.sharedAcquisitions).toBeGreaterThan(0);
    expect(buildSummary(exclusive).locks).toMatchObject({ mode: 'exclusive', sharedAcquisitions: 0 });
  });
});

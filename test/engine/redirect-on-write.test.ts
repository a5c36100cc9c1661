/**
 * The redirect-on-write strategy (design.md section 8) against the table of section 1: units of
 * 4 blocks of 4 KiB, and a scripted intake so a write received before a preserve command can
 * reach its unit after a later write has redirected it.
 */
import { describe, expect, it } from 'vitest';
import { type BlockDevice, CowsimError, type EngineMutant, type LockPolicy, MemoryDevice, SnapshotUnavailableError } from '../../engine/index.js';
import { RedirectOnWriteVolume } from '../../engine/redirect-on-write/index.js';
import { label, stamp } from '../helpers/blocks.js';
import { GatedDevice, ScriptedIntake, settle } from '../helpers/scripted.js';

const BLOCK = 4096;
const UNIT_BLOCKS = 4;
const ORIGIN_BLOCKS = 64;
const INIT = ['init0', 'init1', 'init2', 'init3'];

/** A pool of one metadata block and `units` units. */
const poolBlocks = (units: number) => 1 + units * UNIT_BLOCKS;

function rig(options: { mutant?: EngineMutant; poolUnits?: number; policy?: LockPolicy } = {}) {
  const originMemory = new MemoryDevice(BLOCK, ORIGIN_BLOCKS, 'origin');
  for (let block = 0; block < ORIGIN_BLOCKS; block++) originMemory.writeNow(block, stamp(BLOCK, `init${block}`));
  const origin = new GatedDevice(originMemory, 'origin');
  const pool = new GatedDevice(new MemoryDevice(BLOCK, poolBlocks(options.poolUnits ?? 15), 'pool'), 'pool');
  const intake = new ScriptedIntake();
  const volume = RedirectOnWriteVolume.create({
    origin,
    pool,
    chunkSizeBytes: UNIT_BLOCKS * BLOCK,
    intake,
    mutant: options.mutant ?? 'none',
    locks: { policy: options.policy ?? 'chunk' },
  });
  const snapshotView = async (id: number, count = UNIT_BLOCKS) => label(await volume.readSnapshot(id, 0, count), BLOCK);
  const liveView = async (count = UNIT_BLOCKS) => label(await volume.readLive(0, count), BLOCK);
  /** Device operations of one kind issued while `action` ran. */
  const counting = async (kind: 'read' | 'write', action: () => Promise<unknown>) => {
    const before = { origin: origin.log.length, pool: pool.log.length };
    await action();
    const of = (log: string[], from: number) => log.slice(from).filter((entry) => entry.startsWith(kind));
    return { origin: of(origin.log, before.origin), pool: of(pool.log, before.pool) };
  };
  return { volume, origin, pool, intake, snapshotView, liveView, counting };
}

const write = (text: string, count = 1) => stamp(BLOCK, text, count);

describe('the method table, as redirect-on-write keeps it', () => {
  it('a write received before the command that reaches its unit after a later write redirected it lands in both views', async () => {
    const { volume, intake, snapshotView, liveView } = rig();
    intake.holdNextWriteTo(0);
    const early = volume.write(0, write('pre0')); // received first, stuck in the intake
    const { id } = volume.command(undefined as never);
    await volume.write(1, write('post1')); // received after: redirects unit 0 without pre0
    intake.release(0);
    await early;
    expect(await snapshotView(id)).toEqual(['pre0', 'init1', 'init2', 'init3']);
    expect(await liveView()).toEqual(['pre0', 'post1', 'init2', 'init3']);
    expect(volume.snapshots()[0]).toMatchObject({ cowCopies: 1, dualWrites: 1, storeChunksUsed: 1 });
    expect(volume.strategyFigures()).toMatchObject({ redirects: 1, fills: 1, unitsAllocated: 1 });
    expect(volume.audit(true)).toEqual([]);
  });

  it('a write received before the command that reaches its unit while still shared goes in place, once, for both views', async () => {
    const { volume, intake, snapshotView, liveView, counting } = rig();
    intake.holdNextWriteTo(0);
    const early = volume.write(0, write('pre0'));
    const { id } = volume.command(undefined as never);
    const writes = await counting('write', async () => {
      intake.release(0);
      await early;
    });
    expect(writes).toEqual({ origin: ['write 0+1'], pool: [] });
    expect(await snapshotView(id)).toEqual(['pre0', 'init1', 'init2', 'init3']);
    expect(await liveView()).toEqual(['pre0', 'init1', 'init2', 'init3']);
    expect(volume.snapshots()[0]).toMatchObject({ cowCopies: 0, dualWrites: 0, storeChunksUsed: 0 });
    expect(volume.strategyFigures()).toMatchObject({ redirects: 0, unitsAllocated: 0 });
  });

  it('a write received after the command redirects the unit; the snapshot view keeps the old data', async () => {
    const { volume, snapshotView, liveView, counting } = rig();
    const { id } = volume.command(undefined as never);
    const io = await counting('write', () => volume.write(1, write('post1')));
    expect(io).toEqual({ origin: [], pool: ['write 1+4'] }); // the whole unit, to pool unit 0 after the metadata block
    expect(await snapshotView(id)).toEqual(INIT);
    expect(await liveView()).toEqual(['init0', 'post1', 'init2', 'init3']);
    expect(volume.strategyFigures()).toMatchObject({ redirects: 1, liveUnitsOnPool: 1 });
  });

  it('a second write received after the command goes in place at the unit live was redirected to', async () => {
    const { volume, snapshotView, liveView, counting } = rig();
    const { id } = volume.command(undefined as never);
    await volume.write(1, write('post1'));
    const io = await counting('write', () => volume.write(2, write('post2')));
    expect(io).toEqual({ origin: [], pool: ['write 3+1'] });
    expect(await snapshotView(id)).toEqual(INIT);
    expect(await liveView()).toEqual(['init0', 'post1', 'post2', 'init3']);
    expect(volume.snapshots()[0]).toMatchObject({ cowCopies: 1, dualWrites: 0 });
    expect(volume.strategyFigures()).toMatchObject({ redirects: 1, unitsAllocated: 1 });
  });

  it('a full-unit write redirects without reading anything', async () => {
    const { volume, snapshotView, liveView, counting } = rig();
    const { id } = volume.command(undefined as never);
    const reads = await counting('read', () => volume.write(0, write('full', UNIT_BLOCKS)));
    expect(reads).toEqual({ origin: [], pool: [] });
    expect(volume.stats().cow).toMatchObject({ copies: 0, copyReads: 0, imageWrites: 1 });
    expect(volume.strategyFigures()).toMatchObject({ redirects: 1, fullUnitRedirects: 1, fills: 0 });
    expect(await snapshotView(id)).toEqual(INIT);
    expect(await liveView()).toEqual(['full', 'full', 'full', 'full']);
  });

  it('a partial write fills its new unit from the old one: one read of the whole old unit', async () => {
    const { volume, snapshotView, liveView, counting } = rig();
    const { id } = volume.command(undefined as never);
    const reads = await counting('read', () => volume.write(2, write('post2')));
    expect(reads).toEqual({ origin: ['read 0+4'], pool: [] });
    expect(volume.stats().cow).toMatchObject({ copies: 1, copyReads: 1, imageWrites: 1 });
    expect(await snapshotView(id)).toEqual(INIT);
    expect(await liveView()).toEqual(['init0', 'init1', 'post2', 'init3']);
  });

  it('reads go through the maps, block by block, each view served by its own unit', async () => {
    const { volume, snapshotView, liveView, counting } = rig();
    const { id } = volume.command(undefined as never);
    await volume.write(1, write('post1'));
    // The live view of block 1 comes from the pool, the snapshot's from the origin.
    expect(await counting('read', () => volume.readLive(1, 1))).toEqual({ origin: [], pool: ['read 2+1'] });
    expect(await counting('read', () => volume.readSnapshot(id, 1, 1))).toEqual({ origin: ['read 1+1'], pool: [] });
    for (let block = 0; block < 8; block++) {
      expect(label(await volume.readLive(block, 1), BLOCK)).toEqual([block === 1 ? 'post1' : `init${block}`]);
      expect(label(await volume.readSnapshot(id, block, 1), BLOCK)).toEqual([`init${block}`]);
    }
    expect(await snapshotView(id, 8)).toEqual([...INIT, 'init4', 'init5', 'init6', 'init7']);
    expect(await liveView(8)).toEqual(['init0', 'post1', 'init2', 'init3', 'init4', 'init5', 'init6', 'init7']);
  });

  it('a read across units is split where the map splits it, and adjacent units on one device are read at once', async () => {
    const { volume, counting } = rig();
    const { id } = volume.command(undefined as never);
    await volume.write(0, write('a', UNIT_BLOCKS)); // pool unit 0
    await volume.write(4, write('b', UNIT_BLOCKS)); // pool unit 1, right after it
    const pieces = volume.strategyFigures().readPieces!;
    // Live blocks 2..9: units 0 and 1 from the pool in one read, unit 2 from the origin.
    expect(await counting('read', () => volume.readLive(2, 8))).toEqual({ origin: ['read 8+2'], pool: ['read 3+6'] });
    expect(volume.strategyFigures().readPieces).toBe(pieces + 2);
    expect(await counting('read', () => volume.readSnapshot(id, 2, 8))).toEqual({ origin: ['read 2+8'], pool: [] });
  });

  it.each<LockPolicy>(['global', 'striped'])('a read across units completes when its units share a lock (%s policy)', async (policy) => {
    const { volume } = rig({ policy });
    const { id } = volume.command(undefined as never);
    await volume.write(5, write('post5'));
    expect(label(await volume.readLive(0, 12), BLOCK)[5]).toBe('post5');
    expect(label(await volume.readSnapshot(id, 0, 12), BLOCK)[5]).toBe('init5');
  });
});

describe('failures', () => {
  it('a device read that fails gives back every lock the read held or waited for', async () => {
    const memory = new MemoryDevice(BLOCK, ORIGIN_BLOCKS, 'origin');
    let failReads = false;
    const origin: BlockDevice = {
      blockSize: BLOCK,
      blockCount: ORIGIN_BLOCKS,
      read: (block, count) => (failReads ? Promise.reject(new Error('latent sector error')) : memory.read(block, count)),
      write: (block, data) => memory.write(block, data),
      flush: () => memory.flush(),
    };
    // One lock for the whole volume: the read's second unit waits for the lock its first holds.
    const volume = RedirectOnWriteVolume.create({ origin, pool: new MemoryDevice(BLOCK, poolBlocks(4)), chunkSizeBytes: UNIT_BLOCKS * BLOCK, locks: { policy: 'global' } });
    failReads = true;
    await expect(volume.readLive(0, 8)).rejects.toThrow('latent sector error');
    failReads = false;
    await volume.write(5, write('after'));
    expect(label(await volume.readLive(4, 2), BLOCK)).toEqual(['', 'after']);
    expect(volume.audit(true)).toEqual([]);
  });
});

describe('several snapshots', () => {
  it('a write received between two commands is in the second snapshot and live, not the first (it arrives last)', async () => {
    const { volume, intake, snapshotView, liveView } = rig();
    const first = volume.command(undefined as never);
    intake.holdNextWriteTo(0);
    const between = volume.write(0, write('mid0'));
    const second = volume.command(undefined as never);
    await volume.write(1, write('post1')); // after both: live leaves the unit the snapshots share
    intake.release(0);
    await between; // live's own unit in place; the second snapshot is moved off the first's unit
    expect(await snapshotView(first.id)).toEqual(INIT);
    expect(await snapshotView(second.id)).toEqual(['mid0', 'init1', 'init2', 'init3']);
    expect(await liveView()).toEqual(['mid0', 'post1', 'init2', 'init3']);
    const [one, two] = volume.snapshots();
    expect(two).toMatchObject({ dualWrites: 1, storeChunksUsed: 1 });
    expect(one).toMatchObject({ storeChunksUsed: 1 });
    expect(volume.strategyFigures()).toMatchObject({ redirects: 2, fills: 2, unitsAllocated: 2 });
    expect(volume.audit(true)).toEqual([]);
  });

  it('a write received between two commands (it arrives first) moves live and the second snapshot together', async () => {
    const { volume, intake, snapshotView, liveView } = rig();
    const first = volume.command(undefined as never);
    intake.holdNextWriteTo(0);
    const between = volume.write(0, write('mid0'));
    const second = volume.command(undefined as never);
    intake.release(0);
    await between;
    expect(volume.strategyFigures()).toMatchObject({ redirects: 1, unitsAllocated: 1 });
    await volume.write(1, write('post1')); // live now leaves the unit it shares with the second
    expect(await snapshotView(first.id)).toEqual(INIT);
    expect(await snapshotView(second.id)).toEqual(['mid0', 'init1', 'init2', 'init3']);
    expect(await liveView()).toEqual(['mid0', 'post1', 'init2', 'init3']);
    expect(volume.strategyFigures()).toMatchObject({ redirects: 2, unitsAllocated: 2 });
    expect(volume.snapshots().map((s) => s.dualWrites)).toEqual([0, 0]);
    expect(volume.audit(true)).toEqual([]);
  });

  it('deleting a snapshot frees the units only it kept, once its reads under way have finished', async () => {
    const { volume, origin, liveView } = rig();
    const free = volume.freeUnits;
    const { id } = volume.command(undefined as never);
    const kept = volume.command(undefined as never);
    for (const block of [1, 5, 9]) await volume.write(block, write(`post${block}`));
    expect(volume.freeUnits).toBe(free - 3);
    origin.holdNextRead();
    const reading = volume.readSnapshot(id, 4, 4);
    await settle();
    const deleting = volume.deleteSnapshot(id);
    await expect(volume.readSnapshot(id, 0, 1)).rejects.toThrow(SnapshotUnavailableError);
    expect(volume.snapshots().map((s) => s.id)).toEqual([kept.id]);
    // Origin units 0..2 are still the second snapshot's: nothing to free yet either way.
    origin.releaseReads();
    expect(label(await reading, BLOCK)).toEqual(['init4', 'init5', 'init6', 'init7']);
    await deleting;
    expect(volume.freeUnits).toBe(free - 3);
    await volume.deleteSnapshot(kept.id);
    expect(volume.freeUnits).toBe(free); // origin units 0..2 came back in place of the three pool units
    expect(volume.strategyFigures()).toMatchObject({ unitsFreed: 3 });
    await expect(volume.deleteSnapshot(id)).rejects.toThrow(/snapshot 1 does not exist/);
    await expect(volume.deleteSnapshot(42)).rejects.toThrow(SnapshotUnavailableError);
    expect(await liveView(12)).toEqual(['init0', 'post1', 'init2', 'init3', 'init4', 'post5', 'init6', 'init7', 'init8', 'post9', 'init10', 'init11']);
    expect(volume.audit(true)).toEqual([]);
  });

  it('a deletion waits for reads of its snapshot under way before its units go back', async () => {
    const { volume, origin } = rig();
    const free = volume.freeUnits;
    const { id } = volume.command(undefined as never);
    await volume.write(1, write('post1'));
    origin.holdNextRead();
    const reading = volume.readSnapshot(id, 0, 4); // origin unit 0, only this snapshot's now
    await settle();
    let deleted = false;
    const deleting = volume.deleteSnapshot(id).then(() => (deleted = true));
    await settle();
    expect(deleted).toBe(false);
    expect(volume.freeUnits).toBe(free - 1);
    origin.releaseReads();
    expect(label(await reading, BLOCK)).toEqual(INIT);
    await deleting;
    expect(volume.freeUnits).toBe(free);
    expect(volume.audit(true)).toEqual([]);
  });
});

describe('a full pool', () => {
  it('invalidates the oldest snapshot, frees its units, and the live volume goes on', async () => {
    const { volume, snapshotView, liveView } = rig({ poolUnits: 2 });
    const { id } = volume.command(undefined as never);
    await volume.write(1, write('a1'));
    await volume.write(5, write('b5'));
    expect(volume.freeUnits).toBe(0);
    await volume.write(9, write('c9')); // no free unit: the snapshot goes, and unit 2 is live's alone again
    const [info] = volume.snapshots();
    expect(info).toMatchObject({ id, state: 'invalid', reason: 'snapshot store full: all 2 units of the pool in use', storeChunksUsed: 0, storeChunksCapacity: 2 });
    await expect(snapshotView(id)).rejects.toThrow(new SnapshotUnavailableError(`snapshot ${id} is invalid: snapshot store full: all 2 units of the pool in use`));
    expect(volume.freeUnits).toBe(2); // origin units 0 and 1, which only the snapshot kept
    expect(await liveView(12)).toEqual(['init0', 'a1', 'init2', 'init3', 'init4', 'b5', 'init6', 'init7', 'init8', 'c9', 'init10', 'init11']);
    // A new snapshot works, on reused origin units.
    const next = volume.command(undefined as never);
    await volume.write(13, write('d13'));
    await volume.write(17, write('e17'));
    const written: Record<number, string> = { 1: 'a1', 5: 'b5', 9: 'c9' };
    expect(await snapshotView(next.id, 20)).toEqual(Array.from({ length: 20 }, (_, b) => written[b] ?? `init${b}`));
    expect(label(await volume.readLive(12, 8), BLOCK)).toEqual(['init12', 'd13', 'init14', 'init15', 'init16', 'e17', 'init18', 'init19']);
    expect(volume.strategyFigures()).toMatchObject({ invalidations: 1, unitsFreed: 2 });
    expect(volume.audit(true)).toEqual([]);
  });

  it('goes on to the next oldest when invalidating the oldest frees nothing', async () => {
    const { volume, liveView } = rig({ poolUnits: 2 });
    const first = volume.command(undefined as never);
    const second = volume.command(undefined as never);
    await volume.write(1, write('a1'));
    await volume.write(5, write('b5'));
    await volume.write(9, write('c9')); // the first's units are the second's too: both go
    expect(volume.snapshots().map((s) => [s.id, s.state])).toEqual([
      [first.id, 'invalid'],
      [second.id, 'invalid'],
    ]);
    await expect(volume.readSnapshot(second.id, 0, 1)).rejects.toThrow(/snapshot store full/);
    expect(label(await volume.readLive(9, 1), BLOCK)).toEqual(['c9']);
    expect(await liveView()).toEqual(['init0', 'a1', 'init2', 'init3']);
    expect(volume.audit(true)).toEqual([]);
  });
});

describe('the row-no-fill mutant', () => {
  it('leaves the rest of a partially written new unit unfilled, and live reads show it', async () => {
    const run = async (mutant: EngineMutant) => {
      const { volume, snapshotView, liveView } = rig({ mutant });
      const { id } = volume.command(undefined as never);
      await volume.write(1, write('post1'));
      return { live: await liveView(), snapshot: await snapshotView(id) };
    };
    const expected = { live: ['init0', 'post1', 'init2', 'init3'], snapshot: INIT };
    expect(await run('none')).toEqual(expected);
    // Blocks 0, 2 and 3 read from the new pool unit as the fresh pool left them: zeros.
    expect(await run('row-no-fill')).toEqual({ live: ['', 'post1', '', ''], snapshot: INIT });
  });
});

describe('metadata and checks at creation', () => {
  it('flush commits the changed part of the live map, then flushes both devices', async () => {
    const { volume, pool } = rig();
    await volume.flush();
    const first = volume.stats().cow.metadataWrites;
    expect(first).toBe(1); // the map fits in the one metadata block
    volume.command(undefined as never);
    await volume.write(1, write('post1'));
    await volume.flush();
    expect(volume.stats().cow).toMatchObject({ metadataWrites: 2, flushes: 4 });
    expect(volume.strategyFigures()).toMatchObject({ mapCommits: 2 });
    await volume.flush(); // nothing changed: nothing written
    expect(volume.stats().cow.metadataWrites).toBe(2);
    const region = await pool.read(0, 1);
    const entries = new DataView(region.buffer, region.byteOffset);
    expect(entries.getUint32(0, true)).toBe(16); // logical unit 0 -> the first pool unit (after 16 origin units)
    expect(entries.getUint32(4, true)).toBe(1); // logical unit 1 stays at home
    expect(entries.getUint32(15 * 4, true)).toBe(15);
    expect(entries.getUint32(16 * 4, true)).toBe(0); // past the map: nothing
    await volume.close();
  });

  it('refuses bad sizes and other strategies mutants with errors a user can act on', () => {
    const origin = new MemoryDevice(BLOCK, ORIGIN_BLOCKS);
    const create = (options: Partial<Parameters<typeof RedirectOnWriteVolume.create>[0]>) =>
      () => RedirectOnWriteVolume.create({ origin, pool: new MemoryDevice(BLOCK, 64), chunkSizeBytes: UNIT_BLOCKS * BLOCK, ...options });
    expect(create({ chunkSizeBytes: BLOCK + 512 })).toThrow(new CowsimError(`chunk size ${BLOCK + 512} bytes: expected a multiple of the block size ${BLOCK}`));
    expect(create({ pool: new MemoryDevice(512, 64) })).toThrow(/pool block size 512 differs from the origin's 4096/);
    expect(create({ pool: new MemoryDevice(BLOCK, UNIT_BLOCKS) })).toThrow(/pool of 4 blocks is too small: its metadata region takes 1 blocks and one unit 4 more/);
    expect(create({ mutant: 'no-cow' })).toThrow(/mutant no-cow belongs to the method strategy/);
    expect(create({ pool: new MemoryDevice(BLOCK, 1 + UNIT_BLOCKS) })).not.toThrow();
  });
});

describe('a redirect whose I/O fails', () => {
  /** The pool, failing every write while `failing` is set. */
  class FailingPool extends MemoryDevice {
    failing = false;
    override write(block: number, data: Uint8Array): Promise<void> {
      return this.failing ? Promise.reject(new Error('pool write failed')) : super.write(block, data);
    }
  }

  it('is undone: the write fails, the views keep the old unit and its data, and the new unit is free again', async () => {
    const originMemory = new MemoryDevice(BLOCK, ORIGIN_BLOCKS, 'origin');
    for (let block = 0; block < ORIGIN_BLOCKS; block++) originMemory.writeNow(block, stamp(BLOCK, `init${block}`));
    const pool = new FailingPool(BLOCK, poolBlocks(4), 'pool');
    const volume = RedirectOnWriteVolume.create({ origin: originMemory, pool, chunkSizeBytes: UNIT_BLOCKS * BLOCK });
    const { id } = volume.command(undefined as never);
    const free = volume.freeUnits;
    pool.failing = true;
    await expect(volume.write(1, write('post1'))).rejects.toThrow('pool write failed');
    pool.failing = false;
    expect(volume.freeUnits).toBe(free);
    expect(label(await volume.readLive(0, UNIT_BLOCKS), BLOCK)).toEqual(INIT);
    expect(label(await volume.readSnapshot(id, 0, UNIT_BLOCKS), BLOCK)).toEqual(INIT);
    expect(volume.audit(true)).toEqual([]);
    // The next write redirects as if nothing had happened.
    await volume.write(1, write('again1'));
    expect(label(await volume.readLive(0, UNIT_BLOCKS), BLOCK)).toEqual(['init0', 'again1', 'init2', 'init3']);
    expect(label(await volume.readSnapshot(id, 0, UNIT_BLOCKS), BLOCK)).toEqual(INIT);
  });
});

describe('the periodic commit', () => {
  it('commits the changed map once a second of the clock has passed, at the next write, as dm-thin does', async () => {
    let nowNs = 0;
    const origin = new MemoryDevice(BLOCK, ORIGIN_BLOCKS, 'origin');
    const volume = RedirectOnWriteVolume.create({ origin, pool: new MemoryDevice(BLOCK, poolBlocks(8), 'pool'), chunkSizeBytes: UNIT_BLOCKS * BLOCK, clock: { nowNs: () => nowNs } });
    volume.command(undefined as never);
    await volume.write(1, write('a1')); // redirects: the map changes
    expect(volume.strategyFigures()).toMatchObject({ mapCommits: 0 });
    nowNs = 999_999_999;
    await volume.write(5, write('a5'));
    expect(volume.strategyFigures()).toMatchObject({ mapCommits: 0 });
    nowNs = 1_000_000_000;
    await volume.write(9, write('a9'));
    await settle();
    expect(volume.strategyFigures()).toMatchObject({ mapCommits: 1 });
    expect(volume.stats().cow.metadataWrites).toBeGreaterThan(0);
    // Nothing changed since: the next period commits nothing.
    nowNs = 2_500_000_000;
    await volume.write(9, write('b9')); // in place: unit 2 is live's alone now
    await settle();
    expect(volume.strategyFigures()).toMatchObject({ mapCommits: 1 });
  });
});

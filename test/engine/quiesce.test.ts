/**
 * The quiesce strategy (design.md section 8): the preserve command holds new writes, waits for the
 * writes received before it (in the intake or the engine), flushes, takes the snapshot, then lets
 * the held writes go; copy-on-write afterwards, so the dual-write row never arises.
 */
import { describe, expect, it } from 'vitest';
import { type EngineMutant, MemoryDevice } from '../../engine/index.js';
import { QuiesceVolume } from '../../engine/quiesce-volume.js';
import { createStrategy } from '../../engine/strategies.js';
import { label, stamp } from '../helpers/blocks.js';
import { ScriptedIntake, settle } from '../helpers/scripted.js';

const BLOCK = 4096;
const CHUNK_BLOCKS = 4;
const write = (text: string) => stamp(BLOCK, text);

function rig(mutant: EngineMutant = 'none') {
  const origin = new MemoryDevice(BLOCK, 64, 'origin');
  for (let block = 0; block < 8; block++) origin.writeNow(block, stamp(BLOCK, `init${block}`));
  const image = new MemoryDevice(BLOCK, 64, 'image');
  const second = new MemoryDevice(BLOCK, 64, 'image 2');
  const intake = new ScriptedIntake();
  let nowNs = 0;
  const clock = { nowNs: () => nowNs };
  const volume = QuiesceVolume.create({ origin, chunkSizeBytes: CHUNK_BLOCKS * BLOCK, intake, clock, mutant });
  const view = async (id: number | 'live') => label(id === 'live' ? await volume.readLive(0, CHUNK_BLOCKS) : await volume.readSnapshot(id, 0, CHUNK_BLOCKS), BLOCK);
  return { volume, image, second, intake, view, advance: (ns: number) => (nowNs += ns) };
}

/** Resolves to 'settled' if the promise has settled after the engine's continuations ran, else 'pending'. */
async function state(promise: Promise<unknown>): Promise<'settled' | 'pending'> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await settle();
  return settled ? 'settled' : 'pending';
}

describe('quiesce', () => {
  it('waits for a write received before the command, holds a write received after it, and never dual-writes', async () => {
    const { volume, image, intake, view, advance } = rig();
    intake.holdNextWriteTo(0);
    const early = volume.write(0, write('pre0')); // received first, stuck in the intake
    const command = volume.command(image);
    const late = volume.write(1, write('post1')); // received after the command: held at the volume's entry
    advance(5_000);
    expect(await state(command.done)).toBe('pending');
    expect(await state(late)).toBe('pending');
    expect(volume.snapshots()).toEqual([]); // not taken while a write received before it is in flight
    intake.release(0);
    await early;
    const info = await command.done;
    await late;
    expect(info.id).toBe(command.id);
    expect(await view(command.id)).toEqual(['pre0', 'init1', 'init2', 'init3']);
    expect(await view('live')).toEqual(['pre0', 'post1', 'init2', 'init3']);
    const snapshot = volume.snapshots()[0]!;
    expect(snapshot).toMatchObject({ cowCopies: 1, dualWrites: 0 });
    expect(volume.strategyFigures()).toMatchObject({ holds: 1, heldWrites: 1, holdNsTotal: 5_000, heldWriteNsMax: 5_000, drainNsTotal: 5_000 });
  });

  it('takes the snapshot at once when nothing is in flight, and the hold lasts only as long as the header write', async () => {
    const { volume, image, view } = rig();
    await volume.write(2, write('a2'));
    const command = volume.command(image);
    await command.done;
    await volume.write(2, write('b2'));
    expect(label(await volume.readSnapshot(command.id, 2, 1), BLOCK)).toEqual(['a2']);
    expect(await view('live')).toEqual(['init0', 'init1', 'b2', 'init3']);
    expect(volume.strategyFigures()).toMatchObject({ holds: 1, heldWrites: 0, holdNsTotal: 0 });
  });

  it('gives a write that arrives between two commands to the second snapshot only, while the first still drains', async () => {
    const { volume, image, second, intake } = rig();
    intake.holdNextWriteTo(0);
    const early = volume.write(0, write('pre0'));
    const first = volume.command(image);
    const between = volume.write(1, write('mid1')); // after the first command, before the second
    const next = volume.command(second);
    const after = volume.write(2, write('post2')); // after both
    intake.release(0);
    await Promise.all([early, between, after, first.done, next.done]);
    expect(label(await volume.readSnapshot(first.id, 0, 3), BLOCK)).toEqual(['pre0', 'init1', 'init2']);
    expect(label(await volume.readSnapshot(next.id, 0, 3), BLOCK)).toEqual(['pre0', 'mid1', 'init2']);
    expect(label(await volume.readLive(0, 3), BLOCK)).toEqual(['pre0', 'mid1', 'post2']);
    expect(volume.snapshots().map((info) => info.dualWrites)).toEqual([0, 0]);
    expect(volume.strategyFigures()).toMatchObject({ holds: 2, heldWrites: 2 });
  });

  it('the quiesce-no-drain mutant takes the snapshot before a write received earlier lands, so the snapshot misses it', async () => {
    const { volume, image, intake, view } = rig('quiesce-no-drain');
    intake.holdNextWriteTo(0);
    const early = volume.write(0, write('pre0'));
    const command = volume.command(image);
    await command.done; // did not wait
    intake.release(0);
    await early;
    // The write was received before the command: the snapshot view must hold it, and does not.
    expect(await view(command.id)).toEqual(['init0', 'init1', 'init2', 'init3']);
  });

  it('is built by name, and refuses a mutant of another strategy', () => {
    const origin = new MemoryDevice(BLOCK, 64, 'origin');
    const store = new MemoryDevice(BLOCK, 64, 'store');
    expect(createStrategy('quiesce', { origin, store, chunkSizeBytes: CHUNK_BLOCKS * BLOCK }).strategy).toBe('quiesce');
    expect(() => createStrategy('quiesce', { origin, store, chunkSizeBytes: CHUNK_BLOCKS * BLOCK, mutant: 'no-dual-write' })).toThrow(
      'engine mutant no-dual-write belongs to the method strategy, not quiesce',
    );
  });
});

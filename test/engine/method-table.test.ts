/**
 * The table of design.md section 1, row by row. Chunks are larger than blocks (4 blocks of
 * 4 KiB), and a scripted intake lets a write received before the preserve command reach its
 * chunk after a later write. Each engine mutant must break at least the row it targets.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type EngineMutant, engineMutants, MemoryDevice, Volume } from '../../engine/index.js';
import { label, stamp } from '../helpers/blocks.js';
import { GatedDevice, ScriptedIntake, settle } from '../helpers/scripted.js';

const BLOCK = 4096;
const CHUNK_BLOCKS = 4;

interface Outcome {
  /** Blocks 0..3 (chunk 0) of the snapshot view and the live view. */
  snapshotView: string[];
  liveView: string[];
  cowCopies: number;
  dualWrites: number;
  /** What a row-specific read returned, and which image served it. */
  read?: { value: string; from: 'snapshot image' | 'origin image' };
}

async function rig(mutant: EngineMutant) {
  const originMemory = new MemoryDevice(BLOCK, 64, 'origin');
  for (let block = 0; block < 8; block++) originMemory.writeNow(block, stamp(BLOCK, `init${block}`));
  const origin = new GatedDevice(originMemory, 'origin');
  const image = new GatedDevice(new MemoryDevice(BLOCK, 64, 'image'), 'image');
  const intake = new ScriptedIntake();
  const volume = Volume.create({ origin, chunkSizeBytes: CHUNK_BLOCKS * BLOCK, intake, mutant });
  const outcome = async (id: number, read?: Outcome['read']): Promise<Outcome> => {
    const [info] = volume.snapshots();
    return {
      snapshotView: label(await volume.readSnapshot(id, 0, CHUNK_BLOCKS), BLOCK),
      liveView: label(await volume.readLive(0, CHUNK_BLOCKS), BLOCK),
      cowCopies: info!.cowCopies,
      dualWrites: info!.dualWrites,
      ...(read ? { read } : {}),
    };
  };
  /** Reads block `block` of snapshot `id`, noting which image served it. */
  const tracedSnapshotRead = async (id: number, block: number): Promise<Outcome['read']> => {
    const before = { origin: origin.reads(), image: image.reads() };
    const [value] = label(await volume.readSnapshot(id, block, 1), BLOCK);
    return { value: value!, from: image.reads() > before.image ? 'snapshot image' : 'origin image' };
  };
  const tracedLiveRead = async (block: number): Promise<Outcome['read']> => {
    const before = image.reads();
    const [value] = label(await volume.readLive(block, 1), BLOCK);
    return { value: value!, from: image.reads() > before ? 'snapshot image' : 'origin image' };
  };
  return { volume, origin, image, intake, outcome, tracedSnapshotRead, tracedLiveRead };
}

const write = (text: string) => stamp(BLOCK, text);

interface Row {
  name: string;
  run(mutant: EngineMutant): Promise<Outcome>;
  expected: Outcome;
}

const rows: Row[] = [
  {
    name: 'write received before the command, chunk in lookup table: written to the snapshot image AND the origin image',
    async run(mutant) {
      const { volume, image, intake, outcome } = await rig(mutant);
      intake.holdNextWriteTo(0);
      const early = volume.write(0, write('pre0')); // received first, stuck in the intake
      const { id } = await volume.preserve(image);
      await volume.write(1, write('post1')); // received after: copies chunk 0 without pre0
      intake.release(0);
      await early;
      return outcome(id);
    },
    expected: {
      snapshotView: ['pre0', 'init1', 'init2', 'init3'],
      liveView: ['pre0', 'post1', 'init2', 'init3'],
      cowCopies: 1,
      dualWrites: 1,
    },
  },
  {
    name: 'write received before the command, chunk not in lookup table: origin image only (the snapshot view shares it)',
    async run(mutant) {
      const { volume, image, intake, outcome } = await rig(mutant);
      intake.holdNextWriteTo(0);
      const early = volume.write(0, write('pre0'));
      const { id } = await volume.preserve(image);
      const imageWritesBefore = image.log.filter((entry) => entry.startsWith('write')).length;
      intake.release(0);
      await early;
      expect(image.log.filter((entry) => entry.startsWith('write')).length).toBe(imageWritesBefore);
      return outcome(id);
    },
    expected: {
      snapshotView: ['pre0', 'init1', 'init2', 'init3'],
      liveView: ['pre0', 'init1', 'init2', 'init3'],
      cowCopies: 0,
      dualWrites: 0,
    },
  },
  {
    name: 'write received after the command, chunk in lookup table: origin image only',
    async run(mutant) {
      const { volume, image, outcome } = await rig(mutant);
      const { id } = await volume.preserve(image);
      await volume.write(1, write('post1'));
      await volume.write(2, write('post2')); // chunk 0 already copied: no second copy
      return outcome(id);
    },
    expected: {
      snapshotView: ['init0', 'init1', 'init2', 'init3'],
      liveView: ['init0', 'post1', 'post2', 'init3'],
      cowCopies: 1,
      dualWrites: 0,
    },
  },
  {
    name: 'write received after the command, chunk not in lookup table: copy the chunk, add the entry, then write the origin image',
    async run(mutant) {
      const { volume, image, outcome } = await rig(mutant);
      const { id } = await volume.preserve(image);
      await volume.write(1, write('post1'));
      return outcome(id);
    },
    expected: {
      snapshotView: ['init0', 'init1', 'init2', 'init3'],
      liveView: ['init0', 'post1', 'init2', 'init3'],
      cowCopies: 1,
      dualWrites: 0,
    },
  },
  {
    name: 'read of the snapshot view, chunk in lookup table: read the snapshot image',
    async run(mutant) {
      const { volume, image, outcome, tracedSnapshotRead } = await rig(mutant);
      const { id } = await volume.preserve(image);
      await volume.write(1, write('post1'));
      return outcome(id, await tracedSnapshotRead(id, 1));
    },
    expected: {
      snapshotView: ['init0', 'init1', 'init2', 'init3'],
      liveView: ['init0', 'post1', 'init2', 'init3'],
      cowCopies: 1,
      dualWrites: 0,
      read: { value: 'init1', from: 'snapshot image' },
    },
  },
  {
    name: 'read of the snapshot view, chunk not in lookup table: read the origin image (under the chunk lock, racing a copy)',
    async run(mutant) {
      const { volume, origin, image, outcome } = await rig(mutant);
      const { id } = await volume.preserve(image);
      // The snapshot read finds chunk 0 absent and goes to the origin; that read is slow.
      origin.holdNextRead();
      const reading = volume.readSnapshot(id, 1, 1);
      await settle();
      // Meanwhile a write received after the command arrives for the same chunk. It must wait
      // for the chunk lock; without it, it copies and overwrites the origin under the read.
      const writing = volume.write(1, write('post1'));
      await settle();
      origin.releaseReads();
      const [value] = label(await reading, BLOCK);
      await writing;
      return outcome(id, { value: value!, from: 'origin image' });
    },
    expected: {
      snapshotView: ['init0', 'init1', 'init2', 'init3'],
      liveView: ['init0', 'post1', 'init2', 'init3'],
      cowCopies: 1,
      dualWrites: 0,
      read: { value: 'init1', from: 'origin image' },
    },
  },
  {
    name: 'read of the live view, chunk in lookup table: read the origin image',
    async run(mutant) {
      const { volume, image, outcome, tracedLiveRead } = await rig(mutant);
      const { id } = await volume.preserve(image);
      await volume.write(1, write('post1'));
      return outcome(id, await tracedLiveRead(0));
    },
    expected: {
      snapshotView: ['init0', 'init1', 'init2', 'init3'],
      liveView: ['init0', 'post1', 'init2', 'init3'],
      cowCopies: 1,
      dualWrites: 0,
      read: { value: 'init0', from: 'origin image' },
    },
  },
  {
    name: 'read of the live view, chunk not in lookup table: read the origin image',
    async run(mutant) {
      const { volume, image, outcome, tracedLiveRead } = await rig(mutant);
      const { id } = await volume.preserve(image);
      return outcome(id, await tracedLiveRead(2));
    },
    expected: {
      snapshotView: ['init0', 'init1', 'init2', 'init3'],
      liveView: ['init0', 'init1', 'init2', 'init3'],
      cowCopies: 0,
      dualWrites: 0,
      read: { value: 'init2', from: 'origin image' },
    },
  },
];

describe('the method table of design.md section 1', () => {
  it.each(rows)('$name', async (row) => {
    expect(await row.run('none')).toEqual(row.expected);
  });
});

/** The row each mutant is built to break; it may break others too. */
const targetRow: Partial<Record<Exclude<EngineMutant, 'none'>, number>> = {
  'no-dual-write': 0,
  'no-cow': 3,
  'cow-after-write': 3,
  'no-lock': 5,
};

describe('every engine mutant fails at least one row', () => {
  it.each(engineMutants.filter((mutant) => mutant.phase === 'run' && mutant.strategy === 'method').map((mutant) => mutant.name))('%s', async (mutant) => {
    const failing: number[] = [];
    for (const [index, row] of rows.entries()) {
      if (!isDeepStrictEqual(await row.run(mutant), row.expected)) failing.push(index);
    }
    expect(failing).toContain(targetRow[mutant]);
  });
});

import { describe, expect, it } from 'vitest';
import { MemoryDevice, Volume } from '../../engine/index.js';
import { label, stamp } from '../helpers/blocks.js';
import { ScriptedIntake } from '../helpers/scripted.js';

const BLOCK = 4096;

describe.each([4, 8, 16, 64, 128, 512])('4 KiB blocks, %i KiB chunks', (chunkKiB) => {
  const chunkBlocks = (chunkKiB * 1024) / BLOCK;
  it('copies whole chunks and lands early writes in both images', async () => {
    const blocks = chunkBlocks * 8;
    const origin = new MemoryDevice(BLOCK, blocks);
    for (let b = 0; b < blocks; b++) origin.writeNow(b, stamp(BLOCK, `i${b}`));
    const intake = new ScriptedIntake();
    const volume = Volume.create({ origin, chunkSizeBytes: chunkKiB * 1024, intake });
    const last = chunkBlocks - 1;
    intake.holdNextWriteTo(last);
    const early = volume.write(last, stamp(BLOCK, 'early'));
    const { id } = await volume.preserve(new MemoryDevice(BLOCK, blocks * 2));
    // With one block per chunk the hard case cannot arise (design.md section 1): the late write
    // then goes to the next chunk, and applications never overlap writes to one block.
    const lateBlock = chunkBlocks === 1 ? 1 : 0;
    await volume.write(lateBlock, stamp(BLOCK, 'late')); // copies its chunk before 'early' lands
    intake.release(last);
    await early;
    // A write spanning two chunks copies both.
    const spanStart = chunkBlocks === 1 ? 2 : 2 * chunkBlocks - 1;
    await volume.write(spanStart, stamp(BLOCK, 'span', 2));
    const span = Math.max(4, 3 * chunkBlocks);
    const snapshot = label(await volume.readSnapshot(id, 0, span), BLOCK);
    const expected = Array.from({ length: span }, (_, b) => `i${b}`);
    expected[last] = 'early';
    expect(snapshot).toEqual(expected);
    const [info] = volume.snapshots();
    expect(info).toMatchObject({ cowCopies: 3, dualWrites: chunkBlocks === 1 ? 0 : 1 });
    const live = label(await volume.readLive(0, span), BLOCK);
    expect(live[lateBlock]).toBe('late');
    expect(live[last]).toBe('early');
    expect(live[2 * chunkBlocks]).toBe('span');
  });
});

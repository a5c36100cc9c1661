/**
 * Regression tests of issue 8: durable steps in their order (design.md section 7). Each test
 * builds the crash a defect let through and checks that the reopened snapshot is right.
 */
import { describe, expect, it } from 'vitest';
import { ImageLayout, MemoryDevice, Volume } from '../../engine/index.js';
import { label, stamp } from '../helpers/blocks.js';
import { CrashableDevice } from '../helpers/crashable.js';
import { GatedDevice, settle } from '../helpers/scripted.js';

const BLOCK = 4096;
const CHUNK_BLOCKS = 4;
const CHUNK = CHUNK_BLOCKS * BLOCK;
/** Either copy of a snapshot image's header. */
const isHeader = (block: number) => block < 2 * new ImageLayout(BLOCK, CHUNK, 64).headerCopyBlocks;

/** An origin whose blocks hold `old<b>`, durable. */
function originWithOldData(blocks: number): MemoryDevice {
  const origin = new MemoryDevice(BLOCK, blocks);
  for (let b = 0; b < blocks; b++) origin.writeNow(b, stamp(BLOCK, `old${b}`));
  return origin;
}

async function reopen(origin: MemoryDevice, images: MemoryDevice[]): Promise<Volume> {
  return Volume.open({ origin, chunkSizeBytes: CHUNK, images: images.map((device, index) => ({ device, name: `image${index}` })) });
}

describe('the metadata round writes only entries whose copies its first flush covers', () => {
  it('an entry recorded while the round flushes waits for the next round', async () => {
    const origin = new CrashableDevice(BLOCK, 32, undefined, originWithOldData(32));
    const image = new CrashableDevice(BLOCK, 64);
    const volume = Volume.create({ origin, chunkSizeBytes: CHUNK });
    const { id } = await volume.preserve(image);
    const layout = new ImageLayout(BLOCK, CHUNK, 64);
    // Copy of chunk 0 done; its round's first flush is held.
    image.holdFlushes();
    const first = volume.write(0, stamp(BLOCK, 'new0'));
    await settle();
    expect(image.heldCount).toBe(1);
    // Chunk 1's copy completes while that flush is in progress: the flush does not cover it.
    image.holdFlushes(() => false);
    const second = volume.write(4, stamp(BLOCK, 'new4'));
    await settle();
    expect(image.unflushed.some((write) => write.block === layout.slotBlock(1))).toBe(true);
    // The round goes on: its metadata write lands in the cache; its second flush is held.
    image.holdFlushes();
    image.release();
    await settle();
    // Crash: the cache kept everything except chunk 1's copy.
    const crashedImage = image.crash((write) => write.block !== layout.slotBlock(1));
    const recovered = await reopen(origin.crash('all'), [crashedImage]);
    expect(label(await recovered.readSnapshot(id, 0, 8), BLOCK)).toEqual(['old0', 'old1', 'old2', 'old3', 'old4', 'old5', 'old6', 'old7']);
    image.releaseAll();
    await Promise.all([first, second]);
  });
});

describe('a snapshot stays protected until its deleted or invalid mark is durable', () => {
  it('delete: a write after the command before the mark lands is still copied (or waits)', async () => {
    const origin = new CrashableDevice(BLOCK, 32, undefined, originWithOldData(32));
    const image = new CrashableDevice(BLOCK, 64);
    const volume = Volume.create({ origin, chunkSizeBytes: CHUNK });
    const { id } = await volume.preserve(image);
    image.holdWrites(isHeader); // the deleted mark
    const deleting = volume.deleteSnapshot(id);
    await settle();
    const write = volume.write(8, stamp(BLOCK, 'new8'));
    let written = false;
    void write.then(() => (written = true));
    await settle();
    // Crash before the mark is durable: whatever landed, the snapshot that comes back is right.
    const recovered = await reopen(origin.crash('all'), [image.crash((entry) => !isHeader(entry.block))]);
    const valid = recovered.snapshots().filter((info) => info.state === 'valid');
    expect(valid.map((info) => info.id)).toEqual([id]);
    expect(label(await recovered.readSnapshot(id, 8, 1), BLOCK)).toEqual(['old8']);
    image.releaseAll();
    await deleting;
    await write;
    expect(written).toBe(true);
  });

  it('store full: writes to other chunks do not skip the snapshot before its invalid mark lands', async () => {
    const origin = new CrashableDevice(BLOCK, 64, undefined, originWithOldData(64));
    // Header chunk + metadata area chunk and its mirror + 2 data chunks.
    const image = new CrashableDevice(BLOCK, 20);
    const volume = Volume.create({ origin, chunkSizeBytes: CHUNK });
    const { id } = await volume.preserve(image);
    await volume.write(0, stamp(BLOCK, 'new0'));
    await volume.write(4, stamp(BLOCK, 'new4'));
    image.holdWrites(isHeader); // the invalid mark
    const filling = volume.write(8, stamp(BLOCK, 'new8')); // store full: invalidates
    await settle();
    const other = volume.write(12, stamp(BLOCK, 'new12'));
    await settle();
    const recovered = await reopen(origin.crash('all'), [image.crash((entry) => !isHeader(entry.block))]);
    const info = recovered.snapshots()[0]!;
    if (info.state === 'valid') {
      expect(label(await recovered.readSnapshot(id, 0, 16), BLOCK).filter((_, b) => b % 4 === 0)).toEqual(['old0', 'old4', 'old8', 'old12']);
    }
    image.releaseAll();
    await Promise.all([filling, other]);
    expect(volume.snapshots()[0]).toMatchObject({ state: 'invalid' });
  });
});

describe('a copy under way when another write starts the invalid mark', () => {
  it('waits for the mark to be durable before its origin write', async () => {
    const crashable = new CrashableDevice(BLOCK, 64, undefined, originWithOldData(64));
    const origin = new GatedDevice(crashable, 'origin');
    const image = new CrashableDevice(BLOCK, 20); // 2 data slots
    const volume = Volume.create({ origin, chunkSizeBytes: CHUNK });
    const { id } = await volume.preserve(image);
    await volume.write(0, stamp(BLOCK, 'new0'));
    await volume.write(4, stamp(BLOCK, 'new4'));
    origin.holdNextRead(); // the copy of chunk 2 waits on its origin read
    const early = volume.write(8, stamp(BLOCK, 'new8'));
    await settle();
    image.holdWrites(isHeader); // the invalid mark
    const filling = volume.write(12, stamp(BLOCK, 'new12')); // store full: starts the mark
    await settle();
    origin.releaseReads();
    await settle();
    const recovered = await reopen(crashable.crash('all'), [image.crash((entry) => !isHeader(entry.block))]);
    expect(recovered.snapshots()[0]).toMatchObject({ id, state: 'valid' });
    expect(label(await recovered.readSnapshot(id, 8, 1), BLOCK)).toEqual(['old8']);
    image.releaseAll();
    await Promise.all([early, filling]);
  });
});

describe('delete waits for snapshot-view reads in flight', () => {
  it('a read under way returns its own snapshot data, not the next user of the image', async () => {
    const origin = originWithOldData(32);
    const image = new GatedDevice(new MemoryDevice(BLOCK, 64), 'image');
    const volume = Volume.create({ origin, chunkSizeBytes: CHUNK });
    const first = await volume.preserve(image);
    await volume.write(0, stamp(BLOCK, 'new0')); // chunk 0 copied into slot 0
    image.holdNextRead();
    const reading = volume.readSnapshot(first.id, 0, 1);
    await settle();
    expect(image.heldReadCount).toBe(1);
    let deleted = false;
    const deleting = volume.deleteSnapshot(first.id).then(() => (deleted = true));
    await settle();
    expect(deleted).toBe(false);
    image.releaseReads();
    await deleting;
    // Reuse of the image only once the read is done.
    await volume.preserve(image);
    await volume.write(4, stamp(BLOCK, 'new4'));
    expect(label(await reading, BLOCK)).toEqual(['old0']);
  });
});

describe('a reused image never brings back a deleted snapshot entries', () => {
  it('even when the volume that deleted it was reopened without that image', async () => {
    const origin = originWithOldData(32);
    const image = new MemoryDevice(BLOCK, 64);
    const first = Volume.create({ origin, chunkSizeBytes: CHUNK });
    const gone = await first.preserve(image);
    await first.write(0, stamp(BLOCK, 'v1-0')); // copies old0..old3 into slot 0
    await first.deleteSnapshot(gone.id);
    await first.close();
    // Reopened without the image: the same snapshot id and sequence number come round again.
    const second = await Volume.open({ origin, chunkSizeBytes: CHUNK, images: [] });
    const again = await second.preserve(image);
    expect(again.id).toBe(gone.id);
    await second.close();
    const third = await reopen(origin, [image]);
    expect(label(await third.readSnapshot(again.id, 0, 4), BLOCK)).toEqual(['v1-0', 'old1', 'old2', 'old3']);
  });
});

describe('a refused preserve leaves nothing on the image', () => {
  it('an image too small to hold one chunk gets no header', async () => {
    const volume = Volume.create({ origin: originWithOldData(32), chunkSizeBytes: CHUNK });
    const tiny = new MemoryDevice(BLOCK, 8);
    await expect(volume.preserve(tiny)).rejects.toThrow(/too small/);
    await settle();
    expect(tiny.readNow(0, 8).every((byte) => byte === 0)).toBe(true);
    expect(volume.snapshots()).toEqual([]);
    // The refused command took no snapshot id.
    expect((await volume.preserve(new MemoryDevice(BLOCK, 64))).id).toBe(1);
  });
});

describe('Volume.flush', () => {
  it('makes every acknowledged write durable: a crash right after loses none', async () => {
    const origin = new CrashableDevice(BLOCK, 32, undefined, originWithOldData(32));
    const image = new CrashableDevice(BLOCK, 64);
    const volume = Volume.create({ origin, chunkSizeBytes: CHUNK, intake: undefined });
    const before = await volume.preserve(image);
    await volume.write(1, stamp(BLOCK, 'new1'));
    await volume.write(9, stamp(BLOCK, 'new9'));
    await volume.flush();
    const recovered = await reopen(origin.crash('none'), [image.crash('none')]);
    expect(label(await recovered.readLive(0, 12), BLOCK).filter((_, b) => b === 1 || b === 9)).toEqual(['new1', 'new9']);
    expect(label(await recovered.readSnapshot(before.id, 1, 1), BLOCK)).toEqual(['old1']);
  });
});

describe('a reopen after a crash that left a slot unrecorded', () => {
  it('records the slot as unused, and the durable watermark then passes every slot found durable', async () => {
    const { decodeEntry, headerNonce, newestHeader } = await import('../../engine/index.js');
    const origin = new CrashableDevice(BLOCK, 32, undefined, originWithOldData(32));
    const image = new CrashableDevice(BLOCK, 64);
    const layout = new ImageLayout(BLOCK, CHUNK, 64);
    const volume = Volume.create({ origin, chunkSizeBytes: CHUNK });
    const { id } = await volume.preserve(image);
    await volume.write(0, stamp(BLOCK, 'new0')); // slot 0, durable
    image.holdWrites((block) => block === layout.slotBlock(1)); // chunk 1's copy never lands
    void volume.write(4, stamp(BLOCK, 'new4'));
    await settle();
    await volume.write(8, stamp(BLOCK, 'new8')); // slot 2, durable, written while slot 1 was in flight
    const imageAfter = image.crash('all');
    const recovered = await reopen(origin.crash('all'), [imageAfter]);
    expect(recovered.snapshots()[0]).toMatchObject({ id, state: 'valid', storeChunksUsed: 3 });
    expect(label(await recovered.readSnapshot(id, 0, 12), BLOCK).filter((_, b) => b % 4 === 0)).toEqual(['old0', 'old4', 'old8']);
    // A new copy after the reopen: its entry says every slot below it is durable (slot 1 as unused).
    await recovered.write(12, stamp(BLOCK, 'new12'));
    await recovered.close();
    const headerBlocks = layout.headerCopyBlocks;
    const headers = imageAfter.readNow(0, 2 * headerBlocks);
    const size = headerBlocks * BLOCK;
    const nonce = headerNonce(newestHeader([headers.subarray(0, size), headers.subarray(size, 2 * size)], 'image')!.header);
    const read = (slot: number) => {
      const { block, offset } = layout.entryPosition(slot);
      return decodeEntry(imageAfter.readNow(block, 1), offset, slot, nonce);
    };
    expect(read(1)).toMatchObject({ kind: 2 });
    expect(read(3)).toMatchObject({ kind: 1, originChunk: 3, durableBelow: 3 });
    image.releaseAll();
  });
});

/**
 * Regression tests of issue 8: a failing or lying snapshot image. The live volume goes on; the
 * snapshot becomes invalid (durably first) or its damage is found: never a silent wrong read.
 */
import { describe, expect, it } from 'vitest';
import { type BlockDevice, CowsimError, ImageLayout, MemoryDevice, Volume } from '../../engine/index.js';
import { label, stamp } from '../helpers/blocks.js';
import { GatedDevice, settle } from '../helpers/scripted.js';

const BLOCK = 4096;
const CHUNK_BLOCKS = 4;
const CHUNK = CHUNK_BLOCKS * BLOCK;
const layout = new ImageLayout(BLOCK, CHUNK, 64);
const isData = (block: number) => block >= layout.slotBlock(0);
const isMetadata = (block: number) => block >= layout.areaBlock(0) && block < layout.slotBlock(0);

type Fault = 'error' | 'drop' | 'flip' | 'misdirect' | 'tear';

/** A snapshot image that misbehaves on the writes a test picks, acknowledging all but errors. */
class LyingDevice implements BlockDevice {
  readonly blockSize: number;
  readonly blockCount: number;
  faulted = 0;
  constructor(
    readonly inner: MemoryDevice,
    private readonly fault: Fault,
    private readonly which: (block: number, count: number) => boolean,
  ) {
    this.blockSize = inner.blockSize;
    this.blockCount = inner.blockCount;
  }
  read(block: number, count: number): Promise<Uint8Array> {
    return this.inner.read(block, count);
  }
  async write(block: number, data: Uint8Array): Promise<void> {
    if (!this.which(block, data.length / this.blockSize)) return this.inner.write(block, data);
    this.faulted++;
    switch (this.fault) {
      case 'error':
        throw new CowsimError(`image: write error at block ${block}`);
      case 'drop':
        return;
      case 'flip': {
        const flipped = data.slice();
        flipped[5] = flipped[5]! ^ 0x10;
        return this.inner.write(block, flipped);
      }
      case 'misdirect':
        return this.inner.write(this.blockCount - data.length / this.blockSize, data);
      case 'tear':
        return this.inner.write(block, data.subarray(0, this.blockSize));
    }
  }
  flush(): Promise<void> {
    return this.inner.flush();
  }
}

function originWithOldData(blocks: number): MemoryDevice {
  const origin = new MemoryDevice(BLOCK, blocks);
  for (let b = 0; b < blocks; b++) origin.writeNow(b, stamp(BLOCK, `old${b}`));
  return origin;
}

describe('a snapshot image that fails', () => {
  it('a header write error refuses the preserve and leaves the live volume working', async () => {
    const volume = Volume.create({ origin: originWithOldData(32), chunkSizeBytes: CHUNK });
    const image = new LyingDevice(new MemoryDevice(BLOCK, 64), 'error', (block) => block === 0);
    const preserving = volume.preserve(image);
    const writes = [0, 4, 8].map((block) => volume.write(block, stamp(BLOCK, `new${block}`)));
    await expect(preserving).rejects.toThrow(/write error/);
    await Promise.all(writes);
    expect(label(await volume.readLive(0, 12), BLOCK).filter((_, b) => b % 4 === 0)).toEqual(['new0', 'new4', 'new8']);
    expect(volume.snapshots().every((info) => info.state !== 'valid')).toBe(true);
  });

  it('data write errors make that snapshot invalid, durably; live writes all succeed', async () => {
    const origin = originWithOldData(32);
    const inner = new MemoryDevice(BLOCK, 64);
    const volume = Volume.create({ origin, chunkSizeBytes: CHUNK });
    const { id } = await volume.preserve(new LyingDevice(inner, 'error', isData));
    const results = await Promise.allSettled([0, 4, 8, 12].map((block) => volume.write(block, stamp(BLOCK, `new${block}`))));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(volume.snapshots()[0]).toMatchObject({ id, state: 'invalid' });
    expect(volume.snapshots()[0]!.reason).toMatch(/write error/);
    await expect(volume.readSnapshot(id, 0, 1)).rejects.toThrow(CowsimError);
    await volume.close();
    const reopened = await Volume.open({ origin, chunkSizeBytes: CHUNK, images: [{ device: inner, name: 'image' }] });
    expect(reopened.snapshots()[0]).toMatchObject({ id, state: 'invalid' });
  });

  it('with several copy targets, a failing image does not release the chunk lock while another copy runs', async () => {
    const origin = originWithOldData(32);
    const volume = Volume.create({ origin, chunkSizeBytes: CHUNK });
    const failing = await volume.preserve(new LyingDevice(new MemoryDevice(BLOCK, 64), 'error', isData));
    const slow = new GatedDevice(new MemoryDevice(BLOCK, 64), 'slow');
    const kept = await volume.preserve(slow);
    slow.holdWrites(isData);
    const first = volume.write(0, stamp(BLOCK, 'first'));
    await settle();
    const second = volume.write(1, stamp(BLOCK, 'second'));
    await settle();
    // The second write to chunk 0 must wait for the chunk lock the copy into `slow` holds.
    expect(label(await volume.readLive(1, 1), BLOCK)).toEqual(['old1']);
    slow.releaseWrites();
    await Promise.all([first, second]);
    expect(label(await volume.readSnapshot(kept.id, 0, 4), BLOCK)).toEqual(['old0', 'old1', 'old2', 'old3']);
    expect(volume.snapshots().find((info) => info.id === failing.id)!.state).toBe('invalid');
  });
});

describe('a snapshot image that acknowledges writes it did not make', () => {
  const cases: { fault: Fault; what: string; which: (block: number, count: number) => boolean }[] = [
    { fault: 'drop', what: 'a dropped copy', which: isData },
    { fault: 'flip', what: 'a bit-flipped copy', which: isData },
    { fault: 'misdirect', what: 'a misdirected copy', which: (block) => isData(block) && block < 40 },
    { fault: 'tear', what: 'a torn copy', which: (block, count) => isData(block) && count > 1 },
    { fault: 'drop', what: 'a dropped lookup-table write', which: isMetadata },
    { fault: 'flip', what: 'a bit-flipped lookup-table write', which: isMetadata },
    { fault: 'misdirect', what: 'a misdirected lookup-table write', which: isMetadata },
  ];
  for (const { fault, what, which } of cases) {
    it(`${what}: a clear error or an invalid snapshot, now and after a reopen, never wrong data`, async () => {
      const origin = originWithOldData(32);
      const inner = new MemoryDevice(BLOCK, 64);
      const image = new LyingDevice(inner, fault, which);
      const volume = Volume.create({ origin, chunkSizeBytes: CHUNK });
      const { id } = await volume.preserve(image);
      for (const block of [0, 4, 8]) await volume.write(block, stamp(BLOCK, `new${block}`));
      expect(image.faulted).toBeGreaterThan(0);
      const expected = ['old0', 'old1', 'old2', 'old3', 'old4', 'old5', 'old6', 'old7', 'old8', 'old9', 'old10', 'old11'];
      const readAll = async (from: Volume): Promise<string[] | 'error'> => {
        try {
          return label(await from.readSnapshot(id, 0, 12), BLOCK);
        } catch (error) {
          expect(error).toBeInstanceOf(CowsimError);
          return 'error';
        }
      };
      const now = await readAll(volume);
      if (now !== 'error') expect(now).toEqual(expected);
      await volume.close();
      let reopened: Volume | undefined;
      try {
        reopened = await Volume.open({ origin, chunkSizeBytes: CHUNK, images: [{ device: inner, name: 'image' }] });
      } catch (error) {
        expect(error).toBeInstanceOf(CowsimError);
      }
      if (reopened !== undefined) {
        const later = await readAll(reopened);
        if (later !== 'error') expect(later).toEqual(expected);
      }
      // Something noticed: the read failed clearly or the snapshot is invalid.
      const noticed = now === 'error' || volume.snapshots()[0]?.state !== 'valid';
      expect(noticed).toBe(true);
    });
  }
});

describe('a lookup-table entry damaged at rest', () => {
  for (const copy of ['area', 'mirror'] as const) {
    it(`the newest entry zeroed in its ${copy} copy is read from the other copy`, async () => {
      const origin = originWithOldData(32);
      const image = new MemoryDevice(BLOCK, 64);
      const volume = Volume.create({ origin, chunkSizeBytes: CHUNK });
      const { id } = await volume.preserve(image);
      for (const block of [0, 4, 8]) await volume.write(block, stamp(BLOCK, `new${block}`));
      await volume.close();
      // Slot 2 is the newest: no later entry vouches for it, so only its twin can tell.
      const { block, offset } = layout.entryPosition(2);
      const target = copy === 'area' ? block : block + layout.mirrorOffset;
      const bytes = image.readNow(target, 1);
      bytes.fill(0, offset, offset + 32);
      image.writeNow(target, bytes);
      const reopened = await Volume.open({ origin, chunkSizeBytes: CHUNK, images: [{ device: image, name: 'image' }] });
      expect(reopened.snapshots()[0]).toMatchObject({ id, state: 'valid', storeChunksUsed: 3 });
      expect(label(await reopened.readSnapshot(id, 8, 1), BLOCK)).toEqual(['old8']);
    });
  }
});

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileDevice, ImageFormatError, MemoryDevice, Volume } from '../../engine/index.js';
import { label, stamp } from '../helpers/blocks.js';
import { CrashableDevice, Power } from '../helpers/crashable.js';
import { GatedDevice, settle } from '../helpers/scripted.js';

const BLOCK = 4096;
const CHUNK = 4 * BLOCK;

describe('a volume closed and reopened from its files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cowsim-persist-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has every snapshot intact, with its state, and a deleted one stays deleted', async () => {
    const origin = await FileDevice.open(join(dir, 'origin.img'), { blockSize: BLOCK, blockCount: 256, create: true });
    const images = await Promise.all(
      ['snap1.img', 'snap2.img', 'snap3.img'].map((name) => FileDevice.open(join(dir, name), { blockSize: BLOCK, blockCount: 128, create: true })),
    );
    const volume = Volume.create({ origin, chunkSizeBytes: CHUNK });
    for (let b = 0; b < 64; b++) await volume.write(b, stamp(BLOCK, `v0-${b}`));
    const first = await volume.preserve(images[0]!);
    for (let b = 0; b < 64; b += 3) await volume.write(b, stamp(BLOCK, `v1-${b}`));
    const second = await volume.preserve(images[1]!);
    for (let b = 0; b < 64; b += 5) await volume.write(b, stamp(BLOCK, `v2-${b}`));
    const third = await volume.preserve(images[2]!);
    await volume.write(1, stamp(BLOCK, 'v3-1'));
    await volume.deleteSnapshot(third.id);
    const before = {
      first: label(await volume.readSnapshot(first.id, 0, 64), BLOCK),
      second: label(await volume.readSnapshot(second.id, 0, 64), BLOCK),
      live: label(await volume.readLive(0, 64), BLOCK),
    };
    expect(before.first[3]).toBe('v0-3');
    expect(before.second[3]).toBe('v1-3');
    expect(before.live[5]).toBe('v2-5');
    await volume.close();
    for (const device of [origin, ...images]) await device.close();

    const reopenedOrigin = await FileDevice.open(join(dir, 'origin.img'), { blockSize: BLOCK });
    const reopenedImages = await Promise.all(
      ['snap1.img', 'snap2.img', 'snap3.img'].map(async (name) => ({ name, device: await FileDevice.open(join(dir, name), { blockSize: BLOCK }) })),
    );
    const reopened = await Volume.open({ origin: reopenedOrigin, chunkSizeBytes: CHUNK, images: reopenedImages });
    expect(reopened.snapshots().map((s) => [s.id, s.state])).toEqual([
      [first.id, 'valid'],
      [second.id, 'valid'],
    ]);
    expect(label(await reopened.readSnapshot(first.id, 0, 64), BLOCK)).toEqual(before.first);
    expect(label(await reopened.readSnapshot(second.id, 0, 64), BLOCK)).toEqual(before.second);
    expect(label(await reopened.readLive(0, 64), BLOCK)).toEqual(before.live);
    // The reopened volume goes on: new writes are after both snapshots and copy as needed.
    await reopened.write(2, stamp(BLOCK, 'v4-2'));
    expect(label(await reopened.readSnapshot(second.id, 2, 1), BLOCK)).toEqual([before.second[2]]);
    const fourth = await reopened.preserve(reopenedImages[2]!.device);
    expect(fourth.id).toBe(third.id + 1);
    await reopened.close();
    for (const device of [reopenedOrigin, ...reopenedImages.map((image) => image.device)]) await device.close();
  });

  it('refuses a damaged header, a foreign file and a mismatched volume with a clear error', async () => {
    const origin = new MemoryDevice(BLOCK, 64);
    const path = join(dir, 'snap.img');
    const image = await FileDevice.open(path, { blockSize: BLOCK, blockCount: 64, create: true });
    const volume = Volume.create({ origin, chunkSizeBytes: CHUNK });
    await volume.preserve(image);
    await volume.write(0, stamp(BLOCK, 'x'));
    await volume.close();
    await image.close();
    const good = await readFile(path);

    const opened: FileDevice[] = [];
    const reopen = async (bytes: Uint8Array, chunkSizeBytes = CHUNK, originDevice = origin) => {
      await writeFile(path, bytes);
      const device = await FileDevice.open(path, { blockSize: BLOCK });
      opened.push(device);
      return Volume.open({ origin: originDevice, chunkSizeBytes, images: [{ device, name: path }] });
    };
    const damaged = new Uint8Array(good);
    damaged[33] = damaged[33]! ^ 0xff;
    await expect(reopen(damaged)).rejects.toThrow(new ImageFormatError(`${path}: snapshot image header is damaged (checksum mismatch)`));
    await expect(reopen(new Uint8Array(good.length))).rejects.toThrow(/not a cowsim snapshot image/);
    await expect(reopen(new Uint8Array(good), 8 * BLOCK)).rejects.toThrow(/chunk size is 16384, but the volume has 32768/);
    await expect(reopen(new Uint8Array(good), CHUNK, new MemoryDevice(BLOCK, 128))).rejects.toThrow(/origin block count is 64, but the volume has 128/);
    const versioned = new Uint8Array(good);
    versioned[8] = 9;
    await expect(reopen(versioned)).rejects.toThrow(ImageFormatError);
    // The intact file still opens.
    const ok = await reopen(new Uint8Array(good));
    expect(label(await ok.readSnapshot(1, 0, 1), BLOCK)).toEqual(['']);
    for (const device of opened) await device.close();
  });
});

describe('reopen after a simulated crash during a copy-on-write', () => {
  /**
   * A write after the command copies its chunk: origin read, image data write, flush, metadata
   * write and its mirror, flush, two read-backs, origin write. The power is cut after each possible operation, with none, all or only the
   * newest of the unflushed writes surviving; the reopened snapshot must always show the old data.
   */
  async function crashAt(cutAfter: number, keepUnflushed: 'none' | 'all' | 'newest') {
    const setupPower = new Power();
    const origin = new CrashableDevice(BLOCK, 32, setupPower);
    const image = new CrashableDevice(BLOCK, 64, setupPower);
    const volume = Volume.create({ origin, chunkSizeBytes: CHUNK });
    for (let b = 0; b < 8; b++) await volume.write(b, stamp(BLOCK, `old${b}`));
    const { id } = await volume.preserve(image);
    await volume.write(4, stamp(BLOCK, 'copied-first')); // chunk 1 copied cleanly
    await volume.close();
    const baseOrigin = origin.crash('none');
    const baseImage = image.crash('none');

    const power = new Power();
    const liveOrigin = new CrashableDevice(BLOCK, 32, power, baseOrigin);
    const liveImage = new CrashableDevice(BLOCK, 64, power, baseImage);
    const running = await Volume.open({ origin: liveOrigin, chunkSizeBytes: CHUNK, images: [{ device: liveImage, name: 'image' }] });
    power.arm(cutAfter);
    const start = power.operations;
    const write = running.write(1, stamp(BLOCK, 'new1'));
    let completed = false;
    void write.then(() => (completed = true));
    await settle();
    const operations = power.operations - start;

    const recovered = await Volume.open({
      origin: liveOrigin.crash(keepUnflushed),
      chunkSizeBytes: CHUNK,
      images: [{ device: liveImage.crash(keepUnflushed), name: 'image' }],
    });
    return {
      completed,
      operations,
      snapshot: label(await recovered.readSnapshot(id, 0, 8), BLOCK),
      live: label(await recovered.readLive(0, 8), BLOCK),
    };
  }

  it('a write that completes issues the nine operations in order', async () => {
    const { completed, operations } = await crashAt(Infinity, 'none');
    expect(completed).toBe(true);
    expect(operations).toBe(9);
  });

  for (const keepUnflushed of ['none', 'all', 'newest'] as const) {
    for (let cutAfter = 0; cutAfter <= 9; cutAfter++) {
      it(`power cut after ${cutAfter} operations, ${keepUnflushed} of the unflushed writes kept: snapshot intact`, async () => {
        const outcome = await crashAt(cutAfter, keepUnflushed);
        expect(outcome.snapshot).toEqual(['old0', 'old1', 'old2', 'old3', 'old4', 'old5', 'old6', 'old7']);
        expect(['old1', 'new1']).toContain(outcome.live[1]);
        expect(outcome.live[4]).toBe('copied-first');
        if (cutAfter < 9) expect(outcome.completed).toBe(false);
      });
    }
  }
});

describe('snapshot store full', () => {
  it('invalidates that snapshot only; the live volume and other snapshots keep working', async () => {
    const origin = new MemoryDevice(BLOCK, 64);
    const volume = Volume.create({ origin, chunkSizeBytes: CHUNK });
    for (let b = 0; b < 64; b++) await volume.write(b, stamp(BLOCK, `a${b}`));
    // Header chunk + metadata area chunk and its mirror + 2 data chunks.
    const small = new MemoryDevice(BLOCK, 20);
    const roomy = new MemoryDevice(BLOCK, 128);
    const tight = await volume.preserve(small);
    const wide = await volume.preserve(roomy);
    expect(tight.storeChunksCapacity).toBe(2);
    for (let chunk = 0; chunk < 4; chunk++) await volume.write(chunk * 4, stamp(BLOCK, `b${chunk * 4}`));
    const [tightInfo, wideInfo] = volume.snapshots();
    expect(tightInfo).toMatchObject({ state: 'invalid', cowCopies: 2, storeChunksUsed: 2 });
    expect(tightInfo!.reason).toBe("snapshot store full: all 2 chunks of the snapshot image in use");
    expect(wideInfo).toMatchObject({ state: 'valid', cowCopies: 4 });
    await expect(volume.readSnapshot(tight.id, 0, 1)).rejects.toThrow(`snapshot ${tight.id} is invalid: snapshot store full`);
    expect(label(await volume.readSnapshot(wide.id, 0, 16), BLOCK).filter((_, b) => b % 4 === 0)).toEqual(['a0', 'a4', 'a8', 'a12']);
    expect(label(await volume.readLive(12, 1), BLOCK)).toEqual(['b12']);
    // Still invalid after a reopen.
    await volume.close();
    const reopened = await Volume.open({ origin, chunkSizeBytes: CHUNK, images: [{ device: small, name: 'small' }, { device: roomy, name: 'roomy' }] });
    expect(reopened.snapshots().map((s) => s.state)).toEqual(['invalid', 'valid']);
  });
});

describe('deleting a snapshot', () => {
  it('waits for copies into its image that are under way, so the image can be reused safely', async () => {
    const origin = new MemoryDevice(BLOCK, 32);
    const image = new GatedDevice(new MemoryDevice(BLOCK, 64), 'image');
    const volume = Volume.create({ origin, chunkSizeBytes: CHUNK });
    const { id } = await volume.preserve(image);
    // Hold the data slots only (header chunk 0, metadata area chunk 1 and its mirror chunk 2 come first).
    image.holdWrites((block) => block >= 3 * 4);
    const writing = volume.write(0, stamp(BLOCK, 'x')); // copies chunk 0: its data write is held
    await settle();
    let deleted = false;
    const deleting = volume.deleteSnapshot(id).then(() => (deleted = true));
    await settle();
    expect(deleted).toBe(false);
    image.releaseWrites();
    await deleting;
    await writing;
    expect(deleted).toBe(true);
    // A write after the delete copies nothing into it.
    const writesBefore = image.log.length;
    await volume.write(4, stamp(BLOCK, 'y'));
    expect(image.log.length).toBe(writesBefore);
  });

  it('stops copies into it and makes its reads fail clearly', async () => {
    const origin = new MemoryDevice(BLOCK, 32);
    const volume = Volume.create({ origin, chunkSizeBytes: CHUNK });
    const { id } = await volume.preserve(new MemoryDevice(BLOCK, 64));
    await volume.write(0, stamp(BLOCK, 'x'));
    await volume.deleteSnapshot(id);
    await volume.write(4, stamp(BLOCK, 'y'));
    expect(volume.snapshots()).toEqual([]);
    expect(volume.stats().cow.copies).toBe(1); // the copy before the delete stays counted; none after it
    await expect(volume.readSnapshot(id, 0, 1)).rejects.toThrow(`snapshot ${id} does not exist`);
    await expect(volume.deleteSnapshot(id)).rejects.toThrow(/does not exist/);
  });
});

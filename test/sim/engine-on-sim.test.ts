/**
 * The engine runs unchanged on simulated hardware (issue 3): the origin image on a 7200 rpm disk,
 * the snapshot image on a SATA SSD, the modelled intake in front of the chunk locks. Concurrent
 * writers keep going while a preserve command arrives; afterwards every block of the snapshot
 * view and of the live view must hold what receive order says (design.md section 2).
 */
import { describe, expect, it } from 'vitest';
import { Volume, type EngineMutant, type VolumeStats } from '../../engine/index.js';
import { findDiskModel } from '../../sim/disk-models.js';
import { Kernel } from '../../sim/kernel.js';
import { ModelledIntake, type ModelledIntakeStats } from '../../sim/modelled-intake.js';
import { findPreset } from '../../sim/presets.js';
import { RandomStreams, type Seed } from '../../sim/random.js';
import { SimDevice, type SimDeviceStats } from '../../sim/sim-device.js';

const PAYLOAD_BYTES = 32;
const NOMINAL_BLOCK_BYTES = 4096;
const CHUNK_BLOCKS = 16;
const ORIGIN_BLOCKS = 512; // 32 chunks: small, so writes to one chunk meet often
const IMAGE_BLOCKS = 4096;
const WRITERS = 32;

/** A SimDevice on a named preset, with parameter overrides (a smaller capacity keeps it fast). */
function presetDevice(kernel: Kernel, streams: RandomStreams, name: string, presetName: string, blockCount: number, overrides: Record<string, unknown> = {}): SimDevice {
  const preset = findPreset(presetName);
  if (preset === undefined) throw new Error(`no preset ${presetName}`);
  const plugin = findDiskModel(preset.model)!;
  const params = plugin.paramsSchema.parse({ ...preset.params, ...overrides });
  const model = plugin.create(params, streams.get(`disk.${name}`).next);
  return new SimDevice({ name, kernel, model, blockSize: PAYLOAD_BYTES, nominalBlockSizeBytes: NOMINAL_BLOCK_BYTES, blockCount });
}

/** A self-describing block: magic, write number, block address, writer, checksum of those. */
function payload(writeNumber: number, block: number, writer: number): Uint8Array {
  const bytes = new Uint8Array(PAYLOAD_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x434f5753, true); // "SWOC"
  view.setUint32(4, writeNumber, true);
  view.setUint32(8, block, true);
  view.setUint32(12, writer, true);
  view.setUint32(16, (writeNumber * 31 + block * 7 + writer) >>> 0, true);
  return bytes;
}

/** The write number a block holds (0: never written), or a description of what is wrong. */
function decode(bytes: Uint8Array, block: number): number | string {
  if (bytes.every((byte) => byte === 0)) return 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [magic, writeNumber, address, writer, check] = [0, 4, 8, 12, 16].map((offset) => view.getUint32(offset, true)) as [number, number, number, number, number];
  if (magic !== 0x434f5753) return `garbage (magic ${magic.toString(16)})`;
  if (check !== ((writeNumber * 31 + address * 7 + writer) >>> 0)) return `write #${writeNumber} with a bad checksum`;
  if (address !== block) return `write #${writeNumber} of writer ${writer} meant for block ${address}`;
  return writeNumber;
}

interface Outcome {
  mismatches: string[];
  checkedBlocks: number;
  engine: VolumeStats;
  intake: ModelledIntakeStats;
  origin: SimDeviceStats;
  image: SimDeviceStats;
  finalNs: number;
  writesBeforePreserve: number;
  writesAfterPreserve: number;
}

/**
 * Writers write random blocks (never two writes to one block in flight) for runNs of virtual
 * time; the preserve command arrives at preserveAtNs. The oracle is kept in receive order: the
 * volume takes a write's receive sequence number at the call, so the order of calls is it.
 */
async function run(seed: Seed, options: { preserveAtNs: number; runNs: number; mutant?: EngineMutant }): Promise<Outcome> {
  const kernel = new Kernel();
  const streams = new RandomStreams(seed);
  const origin = presetDevice(kernel, streams, 'origin', 'hdd-7200-sata', ORIGIN_BLOCKS);
  const image = presetDevice(kernel, streams, 'image', 'ssd-sata', IMAGE_BLOCKS, { capacityBytes: 256 * 1024 * 1024 });
  const intake = new ModelledIntake(kernel, { servers: 64, distribution: 'lognormal', meanServiceTimeUs: 10_000, coefficientOfVariation: 3 }, streams.get('intake'));
  const volume = Volume.create({ origin, chunkSizeBytes: CHUNK_BLOCKS * PAYLOAD_BYTES, intake, clock: kernel, mutant: options.mutant });

  const snapshotView = new Int32Array(ORIGIN_BLOCKS); // last write received before the command
  const liveView = new Int32Array(ORIGIN_BLOCKS); // last write received
  const inFlight = new Set<number>();
  let writeNumber = 0;
  let preserved = false;
  let writesBeforePreserve = 0;
  let writesAfterPreserve = 0;
  let snapshotId = -1;

  for (let writer = 0; writer < WRITERS; writer++) {
    const random = streams.get(`writer.${writer}`);
    kernel.spawn(`writer-${writer}`, async () => {
      while (kernel.nowNs() < options.runNs) {
        let block = random.integer(0, ORIGIN_BLOCKS - 1);
        while (inFlight.has(block)) block = (block + 1) % ORIGIN_BLOCKS;
        const number = ++writeNumber;
        liveView[block] = number;
        if (preserved) writesAfterPreserve++;
        else {
          snapshotView[block] = number;
          writesBeforePreserve++;
        }
        inFlight.add(block);
        await volume.write(block, payload(number, block, writer));
        inFlight.delete(block);
        await kernel.sleep(Math.round(random.exponential(200_000)));
      }
    });
  }
  kernel.spawn('preserve', async () => {
    await kernel.sleep(options.preserveAtNs);
    // The command's receive sequence is taken at the call: writes called before it belong to the view.
    const command = volume.preserve(image);
    preserved = true;
    snapshotId = (await command).id;
  });
  await kernel.run();
  expect(inFlight.size).toBe(0);

  const mismatches: string[] = [];
  let checkedBlocks = 0;
  const check = (view: string, bytes: Uint8Array, expected: Int32Array): void => {
    for (let block = 0; block < ORIGIN_BLOCKS; block++) {
      const found = decode(bytes.subarray(block * PAYLOAD_BYTES, (block + 1) * PAYLOAD_BYTES), block);
      checkedBlocks++;
      if (found !== expected[block]) mismatches.push(`${view} view block ${block}: expected write #${expected[block]}, found ${typeof found === 'number' ? `write #${found}` : found}`);
    }
  };
  kernel.spawn('checker', async () => {
    check('snapshot', await volume.readSnapshot(snapshotId, 0, ORIGIN_BLOCKS), snapshotView);
    check('live', await volume.readLive(0, ORIGIN_BLOCKS), liveView);
    await volume.close();
  });
  await kernel.run();
  return {
    mismatches,
    checkedBlocks,
    engine: volume.stats(),
    intake: intake.stats(),
    origin: origin.stats(),
    image: image.stats(),
    finalNs: kernel.nowNs(),
    writesBeforePreserve,
    writesAfterPreserve,
  };
}

const scenario = { preserveAtNs: 400_000_000, runNs: 1_200_000_000 };

describe('the engine on simulated hardware (hdd origin, ssd snapshot image, modelled intake)', () => {
  it('keeps the snapshot view and the live view exact through a preserve command amid concurrent writes', async () => {
    const outcome = await run(1, scenario);
    const cow = outcome.engine.cow;
    console.info(
      `engine on sim: ${outcome.writesBeforePreserve} writes before the command, ${outcome.writesAfterPreserve} after; ` +
        `${cow.copies} copies, ${cow.dualWrites} dual writes, intake reordered ${outcome.intake.reordered}, ` +
        `lock contended ${outcome.engine.locks.total.contended}/${outcome.engine.locks.total.acquisitions}, ` +
        `origin ${outcome.origin.iops.toFixed(0)} IOPS, ${(outcome.finalNs / 1e9).toFixed(3)} s simulated`,
    );
    expect(outcome.mismatches.slice(0, 10)).toEqual([]);
    expect(outcome.checkedBlocks).toBe(2 * ORIGIN_BLOCKS);
    expect(outcome.writesBeforePreserve).toBeGreaterThan(500);
    expect(outcome.writesAfterPreserve).toBeGreaterThan(500);
    // The run reached the hard case: writes received before the command overtaken in the intake
    // by later writes that had already copied their chunk, so they went to both images.
    expect(outcome.intake.reordered).toBeGreaterThan(0);
    expect(cow.copies).toBeGreaterThan(0);
    expect(cow.dualWrites).toBeGreaterThan(0);
    expect(outcome.engine.locks.total.contended).toBeGreaterThan(0);
    expect(outcome.image.operations.write.requests).toBeGreaterThan(cow.copies);
  });

  it('catches the engine mutants that break the hard case (the check can fail)', async () => {
    for (const mutant of ['no-dual-write', 'no-cow', 'cow-after-write'] as const) {
      const outcome = await run(1, { ...scenario, mutant });
      expect(outcome.mismatches.length, mutant).toBeGreaterThan(0);
      expect(outcome.mismatches.every((line) => line.startsWith('snapshot view')), mutant).toBe(true);
    }
  });

  it('is deterministic: the same seed gives identical figures, another seed different ones', async () => {
    const figures = (outcome: Outcome) => ({
      engine: outcome.engine,
      intake: outcome.intake,
      origin: outcome.origin,
      image: outcome.image,
      finalNs: outcome.finalNs,
      writes: [outcome.writesBeforePreserve, outcome.writesAfterPreserve],
    });
    const short = { preserveAtNs: 100_000_000, runNs: 300_000_000 };
    const first = figures(await run(7, short));
    const again = figures(await run(7, short));
    const other = figures(await run(8, short));
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(other.origin.responseTimeUs).not.toEqual(first.origin.responseTimeUs);
    expect(other.finalNs).not.toBe(first.finalNs);
  });
});

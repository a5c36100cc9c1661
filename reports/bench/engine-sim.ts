/**
 * Wall-clock benchmark of the engine on simulated hardware: 4 KiB random I/O through the Volume
 * on SimDevices with the null model, one snapshot active. The null model takes no virtual time,
 * so the figure is the cost of the kernel, SimDevice and the engine per application I/O.
 */
import { Volume } from '../../engine/index.js';
import { Kernel } from '../../sim/kernel.js';
import { NullModel } from '../../sim/models/null.js';
import { RandomStreams } from '../../sim/random.js';
import { SimDevice } from '../../sim/sim-device.js';

export interface EngineSimBenchOptions {
  /** Application I/Os to complete (default 2 M). */
  readonly ios?: number;
  /** Closed-loop workers, each with one I/O in flight (default 32). */
  readonly concurrency?: number;
  /** Share of I/Os that are writes; the rest read the live view (default 0.5). */
  readonly writeShare?: number;
  /** I/Os of an unmeasured first run, so the measured one runs on optimised code (default 300 K). */
  readonly warmupIos?: number;
}

export interface EngineSimBenchResult {
  engineSimIosPerSec: number;
  engineSimCowCopies: number;
  engineSimDeviceRequests: number;
}

const PAYLOAD_BYTES = 16;
const NOMINAL_BLOCK_BYTES = 4096;
const CHUNK_BLOCKS = 16; // 64 KiB chunks at the nominal block size
const ORIGIN_BLOCKS = 1 << 20; // 4 GiB nominal

/**
 * Simulated application I/Os per wall-second: 4 KiB random writes and live reads through the
 * volume (64 KiB chunks, immediate intake, one snapshot active from the start, so the run holds
 * copy-on-write copies with their metadata commits and, once most chunks are copied, plain
 * writes), closed loop. Payload blocks are 16 bytes, so memory stays small.
 */
export async function benchEngineSim(options: EngineSimBenchOptions = {}): Promise<EngineSimBenchResult> {
  const warmupIos = options.warmupIos ?? 300_000;
  if (warmupIos > 0) await runOnce(warmupIos, options.concurrency ?? 32, options.writeShare ?? 0.5);
  return runOnce(options.ios ?? 2_000_000, options.concurrency ?? 32, options.writeShare ?? 0.5);
}

async function runOnce(ios: number, concurrency: number, writeShare: number): Promise<EngineSimBenchResult> {
  const kernel = new Kernel();
  const device = (name: string, blockCount: number): SimDevice =>
    new SimDevice({
      name,
      kernel,
      model: new NullModel({ queueDepth: 1024, capacityBytes: 2 ** 50 }),
      blockSize: PAYLOAD_BYTES,
      nominalBlockSizeBytes: NOMINAL_BLOCK_BYTES,
      blockCount,
    });
  const origin = device('origin', ORIGIN_BLOCKS);
  // Room for every chunk of the origin plus the metadata areas.
  const image = device('image', ORIGIN_BLOCKS * 2);
  const volume = Volume.create({ origin, chunkSizeBytes: CHUNK_BLOCKS * PAYLOAD_BYTES, clock: kernel });
  const streams = new RandomStreams(1);
  const payload = new Uint8Array(PAYLOAD_BYTES).fill(0x5a);
  let issued = 0;
  kernel.spawn('preserve', () => volume.preserve(image));
  for (let worker = 0; worker < concurrency; worker++) {
    const random = streams.get(`bench.worker.${worker}`);
    // Worker w owns the blocks congruent to w, so no two writes to one block are in flight.
    const blocksPerWorker = Math.floor(ORIGIN_BLOCKS / concurrency);
    kernel.spawn(`worker-${worker}`, async () => {
      while (issued < ios) {
        issued++;
        const block = Math.floor(random.next() * blocksPerWorker) * concurrency + worker;
        if (random.next() < writeShare) await volume.write(block, payload);
        else await volume.readLive(block, 1);
      }
    });
  }
  const started = performance.now();
  await kernel.run();
  const seconds = (performance.now() - started) / 1000;
  const stats = volume.stats();
  const completed = stats.writes + stats.liveReads;
  if (completed !== ios) throw new Error(`engine-sim bench completed ${completed} I/Os, expected ${ios}`);
  const snapshot = volume.snapshots()[0];
  if (snapshot === undefined || snapshot.state !== 'valid') throw new Error('engine-sim bench: the snapshot did not stay valid');
  return {
    engineSimIosPerSec: completed / seconds,
    engineSimCowCopies: stats.cow.copies,
    engineSimDeviceRequests: origin.stats().requests + image.stats().requests,
  };
}

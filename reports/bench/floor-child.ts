/**
 * The floor of a bench scenario (issue 12): the same I/Os as the scenario, driven straight into
 * the engine on the same simulated devices, with nothing of the harness around them. No scenario
 * loading, no workload layer, no block guard, no payload stamps, no oracle, no metrics, no final
 * check, no reports, no CLI. Run as a child process (floors.ts measures its CPU), so it pays what a
 * cold `cowsim run` pays to start Node and compile the engine, and nothing else.
 *
 *   node floor-child.js null IOS     1 GiB volume, 4 KiB random I/O, half reads, 8 in flight, 64 KiB
 *                                    chunks, one snapshot active from 0 s, null devices, the
 *                                    modelled intake a scenario gets when it names no engine
 *   node floor-child.js mm1 IOS      Poisson arrivals at 5,000/s, one server, exponential 100 us
 *                                    service, reads of the live view, no intake
 *   node floor-child.js default 0    the default scenario through the whole simulation (workloads,
 *                                    metrics, the per-read checks) with the final check off and
 *                                    no reports: what `cowsim run` would cost if those two were free
 *
 * With IOS = 0 it measures the fixed cost (Node, imports, setting up): the floor per I/O is the
 * difference. It prints the I/Os it completed, so a floor that did nothing cannot pass for fast.
 */
import { createStrategy } from '../../engine/strategies.js';
import { Kernel } from '../../sim/kernel.js';
import { ModelledIntake } from '../../sim/modelled-intake.js';
import { FixedModel } from '../../sim/models/fixed.js';
import { NullModel } from '../../sim/models/null.js';
import { RandomStreams } from '../../sim/random.js';
import { SimDevice } from '../../sim/sim-device.js';
import { DEFAULT_INTAKE } from '../../workloads/scenario/default-intake.js';

const PAYLOAD_BYTES = 32;
const BLOCK_BYTES = 4096;
const CHUNK_BLOCKS = 16;
const VOLUME_BLOCKS = (1 << 30) / BLOCK_BYTES;
const NULL_DEVICE = { queueDepth: 1024, capacityBytes: 2 ** 50 };

function device(kernel: Kernel, name: string, blocks: number, model: SimDevice['model']): SimDevice {
  return new SimDevice({ name, kernel, model, blockSize: PAYLOAD_BYTES, nominalBlockSizeBytes: BLOCK_BYTES, blockCount: blocks });
}

async function nullFloor(ios: number): Promise<number> {
  const kernel = new Kernel();
  const streams = new RandomStreams(1);
  const origin = device(kernel, 'origin', VOLUME_BLOCKS, new NullModel(NULL_DEVICE));
  const store = device(kernel, 'snapshot-store', 2 * VOLUME_BLOCKS, new NullModel(NULL_DEVICE));
  const intake = new ModelledIntake(kernel, DEFAULT_INTAKE, streams.get('intake'));
  const volume = createStrategy('method', {
    origin,
    store,
    chunkSizeBytes: CHUNK_BLOCKS * PAYLOAD_BYTES,
    locks: { policy: 'chunk', stripes: 64, mode: 'exclusive' },
    intake,
    clock: kernel,
  });
  volume.command(store);
  const payload = new Uint8Array(PAYLOAD_BYTES).fill(0x5a);
  const slots = 8;
  let issued = 0;
  let completed = 0;
  for (let slot = 0; slot < slots; slot++) {
    const random = streams.get(`slot.${slot}`);
    // Slot s owns the blocks congruent to s, so no two writes to one block are ever in flight.
    const blocksPerSlot = Math.floor(VOLUME_BLOCKS / slots);
    kernel.spawn(`slot ${slot}`, async () => {
      while (issued < ios) {
        issued++;
        const block = Math.floor(random.next() * blocksPerSlot) * slots + slot;
        if (random.next() < 0.5) await volume.readLive(block, 1);
        else await volume.write(block, payload);
        completed++;
      }
    });
  }
  await kernel.run();
  return completed;
}

async function mm1Floor(customers: number): Promise<number> {
  const kernel = new Kernel();
  const streams = new RandomStreams(1);
  const origin = device(kernel, 'origin', VOLUME_BLOCKS, new FixedModel({ servers: 1, meanServiceTimeUs: 100, distribution: 'exponential', capacityBytes: 2 ** 50 }, streams.get('device').next));
  const store = device(kernel, 'snapshot-store', VOLUME_BLOCKS / 4, new NullModel(NULL_DEVICE));
  const volume = createStrategy('method', { origin, store, chunkSizeBytes: CHUNK_BLOCKS * PAYLOAD_BYTES, clock: kernel });
  const random = streams.get('arrivals');
  let completed = 0;
  kernel.spawn('arrivals', async () => {
    for (let customer = 0; customer < customers; customer++) {
      await kernel.wakeAt(kernel.nowNs() + Math.round(random.exponential(1e9 / 5000)));
      const block = Math.floor(random.next() * VOLUME_BLOCKS);
      volume.readLive(block, 1).then(() => completed++);
    }
  });
  await kernel.run();
  return completed;
}

async function defaultSimulation(): Promise<number> {
  const { loadDefaultScenario } = await import('../../workloads/scenario/load.js');
  const { runScenario } = await import('../../workloads/run.js');
  const result = await runScenario({ ...loadDefaultScenario(), verify: false });
  return result.ios.total;
}

const [kind, count] = process.argv.slice(2);
const ios = Number(count);
if ((kind !== 'null' && kind !== 'mm1' && kind !== 'default') || !Number.isSafeInteger(ios) || ios < 0) {
  console.error('usage: floor-child.js null|mm1|default IOS');
  process.exit(2);
}
const completed = kind === 'null' ? await nullFloor(ios) : kind === 'mm1' ? await mm1Floor(ios) : await defaultSimulation();
process.stdout.write(`${completed}\n`);

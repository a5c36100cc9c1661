/**
 * Wall-clock benchmarks of the simulator's own speed: the only place wall time is allowed
 * (design.md section 3); a regression here makes every simulated run slower.
 */
import { Kernel } from '../../sim/kernel.js';
import { NullModel } from '../../sim/models/null.js';
import { RandomStreams } from '../../sim/random.js';
import { SimDevice } from '../../sim/sim-device.js';

export interface KernelBenchOptions {
  /** Events to run (default 5 M). */
  readonly events?: number;
  /** Timers alive at once: the heap size the events churn through (default 1000). */
  readonly timers?: number;
}

/** Bare timer events per wall-second: each event reschedules itself at a pseudo-random delay. */
export async function benchKernel(options: KernelBenchOptions = {}): Promise<{ kernelEventsPerSec: number }> {
  const events = options.events ?? 5_000_000;
  const timers = options.timers ?? 1000;
  const kernel = new Kernel();
  let fired = 0;
  let state = 12345;
  const tick = (): void => {
    fired++;
    if (fired + timers <= events) {
      state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
      kernel.scheduleAfter(1 + (state % 10_000), tick);
    }
  };
  for (let timer = 0; timer < timers; timer++) kernel.schedule(timer, tick);
  const started = performance.now();
  const result = await kernel.run();
  const seconds = (performance.now() - started) / 1000;
  return { kernelEventsPerSec: result.events / seconds };
}

export interface SimDeviceBenchOptions {
  /** Requests to complete (default 2 M). */
  readonly requests?: number;
  /** Closed-loop workers, each with one request in flight (default 32). */
  readonly concurrency?: number;
}

/**
 * 4 KiB random I/O (half reads, half writes, 64-byte payloads) through SimDevice alone on the
 * null model, closed loop: the per-request cost of kernel, device, scheduler and statistics.
 */
export async function benchSimDevice(options: SimDeviceBenchOptions = {}): Promise<{ simDeviceIosPerSec: number }> {
  const requests = options.requests ?? 2_000_000;
  const concurrency = options.concurrency ?? 32;
  const kernel = new Kernel();
  const blockCount = 1 << 20;
  const device = new SimDevice({
    name: 'bench',
    kernel,
    model: new NullModel({ queueDepth: 64, capacityBytes: 2 ** 50 }),
    blockSize: 64,
    nominalBlockSizeBytes: 4096,
    blockCount,
  });
  const streams = new RandomStreams(1);
  const payload = new Uint8Array(64).fill(7);
  let issued = 0;
  for (let worker = 0; worker < concurrency; worker++) {
    const random = streams.get(`bench.worker.${worker}`);
    // Each worker owns the blocks congruent to its index, so no two writes to a block overlap.
    const blocksPerWorker = Math.floor(blockCount / concurrency);
    kernel.spawn(`worker-${worker}`, async () => {
      while (issued < requests) {
        issued++;
        const block = Math.floor(random.next() * blocksPerWorker) * concurrency + worker;
        if (random.next() < 0.5) await device.read(block, 1);
        else await device.write(block, payload);
      }
    });
  }
  const started = performance.now();
  await kernel.run();
  const seconds = (performance.now() - started) / 1000;
  return { simDeviceIosPerSec: device.stats().requests / seconds };
}

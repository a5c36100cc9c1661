/**
 * Test helper: an open-loop Poisson source of single-block reads into a SimDevice on the fixed
 * model, the textbook M/M/k or M/D/k queue, run until every request has completed.
 */
import { Kernel } from '../../sim/kernel.js';
import { fixedModel, type FixedModelParams } from '../../sim/models/fixed.js';
import { RandomStreams } from '../../sim/random.js';
import { SimDevice, type SimDeviceStats } from '../../sim/sim-device.js';

export interface OpenLoopRun {
  readonly seed: number;
  readonly requests: number;
  /** Arrivals per second. */
  readonly arrivalRate: number;
  readonly model: Partial<FixedModelParams>;
  readonly queueDepthSampleIntervalNs?: number;
}

export async function runOpenLoop(run: OpenLoopRun): Promise<{ stats: SimDeviceStats; kernel: Kernel }> {
  const kernel = new Kernel();
  const streams = new RandomStreams(run.seed);
  const model = fixedModel.create(fixedModel.paramsSchema.parse(run.model), streams.get('disk.model').next);
  const device = new SimDevice({
    name: 'queue',
    kernel,
    model,
    blockSize: 8,
    blockCount: 1024,
    nominalBlockSizeBytes: 4096,
    queueDepthSampleIntervalNs: run.queueDepthSampleIntervalNs,
  });
  const arrivals = streams.get('arrivals');
  const meanGapNs = 1e9 / run.arrivalRate;
  let issued = 0;
  const arrive = (): void => {
    void device.read(issued % device.blockCount, 1);
    issued++;
    if (issued < run.requests) kernel.scheduleAfter(Math.round(arrivals.exponential(meanGapNs)), arrive);
  };
  kernel.schedule(0, arrive);
  await kernel.run();
  return { stats: device.stats(), kernel };
}

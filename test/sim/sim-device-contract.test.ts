import { describeBlockDevice } from '../block-device-contract.js';
import { Kernel } from '../../sim/kernel.js';
import { FixedModel } from '../../sim/models/fixed.js';
import { NullModel } from '../../sim/models/null.js';
import { RandomStreams } from '../../sim/random.js';
import { SimDevice } from '../../sim/sim-device.js';
import { driven } from './driven.js';

describeBlockDevice('SimDevice on the null model', () => {
  const kernel = new Kernel();
  const device = new SimDevice({
    name: 'null-disk',
    kernel,
    model: new NullModel({ queueDepth: 32, capacityBytes: 2 ** 40 }),
    blockSize: 512,
    blockCount: 64,
  });
  return driven(device, kernel);
});

describeBlockDevice('SimDevice on the fixed model, small payloads, elevator', () => {
  const kernel = new Kernel();
  const random = new RandomStreams(1).get('disk');
  const device = new SimDevice({
    name: 'fixed-disk',
    kernel,
    model: new FixedModel({ servers: 2, queueDepth: 4, meanServiceTimeUs: 50, distribution: 'exponential', capacityBytes: 2 ** 40 }, random.next),
    scheduler: 'elevator',
    blockSize: 16,
    nominalBlockSizeBytes: 4096,
    blockCount: 1000,
  });
  return driven(device, kernel);
});

/**
 * The self-test scenario: short and dense so every engine mutant shows. Fast devices keep chunk
 * locks briefly held, a small volume and many writers put concurrent writes on the same chunks,
 * a varying intake reorders writes around frequent preserve commands (dual writes), and a reader
 * of the newest snapshot races the copies (what the no-lock mutant breaks).
 */
import type { RawScenario } from './schema.js';

export const selftestScenario: RawScenario = {
  name: 'selftest',
  description: 'Dense concurrent writes on a small volume around frequent preserve commands, with snapshot readers',
  seed: 7,
  duration: '400ms',
  volume: { size: '8MiB', blockSize: '4KiB', chunkSize: '64KiB' },
  devices: {
    origin: { preset: 'nvme-pcie4', params: { capacityBytes: 1 << 30 } },
    snapshotStore: { preset: 'ssd-sata', params: { capacityBytes: 1 << 30 }, size: '64MiB' },
  },
  engine: { locks: 'chunk', intake: { servers: 64, distribution: 'exponential', meanServiceTime: '1ms' } },
  workloads: [
    { name: 'writers', rw: 'randrw', readPercent: 30, blockSize: { '4KiB': 80, '16KiB': 20 }, jobs: 8, iodepth: 8 },
    { name: 'snapshot-readers', rw: 'randread', target: 'snapshot', blockSize: '4KiB', jobs: 2, iodepth: 8 },
  ],
  snapshots: { every: '25ms', retain: 4 },
  verify: true,
};

/**
 * The self-test scenario: short and dense so every engine mutant shows. Fast devices keep chunk
 * locks briefly held, a small volume and many writers put concurrent writes on the same chunks,
 * a varying intake reorders writes around frequent preserve commands (dual writes), readers of
 * any valid snapshot (older ones too) race the copies (what the no-lock mutant breaks), and a
 * backup reads snapshots end to end while retention deletes them (its reads must then fail).
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
    { name: 'snapshot-readers', rw: 'randread', target: 'snapshot', snapshot: 'any', blockSize: '4KiB', jobs: 2, iodepth: 8 },
    // A backup that reads a snapshot from end to end; retention deletes it under the backup.
    { name: 'backup', rw: 'read', target: 'snapshot', blockSize: '256KiB', jobs: 1, iodepth: 2 },
  ],
  snapshots: { every: '25ms', retain: 4 },
  verify: true,
};

/**
 * The embedded crash scenario: tiny and dense, so every durable path of the engine shows in a few
 * milliseconds of virtual time and a few hundred logged operations. A volume of 8 chunks of 4
 * blocks; 4 KiB and 8 KiB writes (8 KiB ones can tear); a modelled intake that reorders
 * writes around frequent preserve commands (dual writes); retention 1, so snapshots are deleted
 * (with writes in flight) and their images reused; images with room for few chunks, so some
 * snapshots fill their store and turn invalid; a reader of the newest snapshot. Fast devices keep the run short.
 */
import type { RawScenario } from '../scenario/schema.js';

const DEVICE_CAPACITY_BYTES = 64 * 1024 * 1024;

export const crashScenario: RawScenario = {
  name: 'crash',
  description: 'A tiny dense volume for crash exploration: reordering intake, frequent preserve commands with retention, a store that fills, snapshot reads',
  seed: 1,
  duration: '2ms',
  volume: { size: '128KiB', blockSize: '4KiB', chunkSize: '16KiB' },
  devices: {
    // Flash programs in 20 us instead of 185 us: flushes stay short, so copies and commits are many.
    origin: { preset: 'nvme-pcie4', params: { capacityBytes: DEVICE_CAPACITY_BYTES, programLatencyUs: 20 } },
    snapshotStore: { preset: 'nvme-pcie4', params: { capacityBytes: DEVICE_CAPACITY_BYTES, programLatencyUs: 20 }, size: '896KiB' },
  },
  // A wide intake: a write received before a command often reaches its chunk after a later
  // write has copied it (a dual write).
  engine: { locks: 'chunk', intake: { servers: 16, distribution: 'exponential', meanServiceTime: '150us' } },
  workloads: [
    { name: 'writers', rw: 'randwrite', blockSize: { '4KiB': 70, '8KiB': 30 }, jobs: 4, iodepth: 2 },
    { name: 'snapshot-reader', rw: 'randread', target: 'snapshot', blockSize: '8KiB', jobs: 1, iodepth: 1, startAt: '300us' },
  ],
  // 24 chunks an image: the two header copies take 4, one metadata area and its mirror 16, so 4
  // chunks of data fit, half the volume: some snapshots fill their image, others live to be
  // deleted valid.
  snapshots: { every: '100us', retain: 1, imageSize: '384KiB' },
  verify: true,
  report: { html: false },
};

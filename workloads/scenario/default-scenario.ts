/**
 * The embedded default scenario: shows the product's point in a few seconds. An OLTP database
 * on a 7200 rpm HDD origin with its snapshot store on a SATA SSD; 64 KiB chunks over 4 KiB
 * blocks and a modelled intake (a controller front end of 16 servers, 10 ms mean), so writes
 * received before a preserve command can reach their chunk after later ones and dual writes
 * happen; preserve commands every 500 ms while writes are in flight, the newest 8 kept; a backup
 * reading the newest snapshot view while the database keeps writing; verification on.
 */
import type { RawScenario } from './schema.js';

export const defaultScenario: RawScenario = {
  name: 'default',
  description: 'OLTP on an HDD origin, SSD snapshot store, a preserve command mid-run and a backup reading the snapshot',
  seed: 42,
  duration: '6s',
  volume: { size: '2GiB', blockSize: '4KiB', chunkSize: '64KiB' },
  devices: {
    origin: { preset: 'hdd-7200-sata', scheduler: 'deadline' },
    snapshotStore: { preset: 'ssd-sata', size: '1GiB' },
  },
  engine: { locks: 'chunk', intake: { servers: 16, distribution: 'exponential', meanServiceTime: '10ms' } },
  workloads: [
    { name: 'oltp', profile: 'oltp' },
    { name: 'backup', profile: 'backup', startAt: '2.5s', range: { size: '128MiB' } },
  ],
  snapshots: { every: '500ms', retain: 8 },
  verify: true,
};

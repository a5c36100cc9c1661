/**
 * Application profiles: named workloads a user recognises, built from the synthetic job fields.
 * A workload entry with `profile: oltp` expands into the profile's parts (named
 * `<entry name>.<part>`), and any field the entry sets overrides every part's value.
 */
import type { ParsedWorkload } from './scenario/schema.js';

type Part = Omit<ParsedWorkload, 'name' | 'profile'> & { part: string };

export interface WorkloadProfile {
  readonly name: string;
  readonly description: string;
  readonly parts: readonly Part[];
}

export const workloadProfiles: readonly WorkloadProfile[] = [
  {
    name: 'oltp',
    description:
      'OLTP database: random 8 KiB reads and writes, 70/30, skewed (zipf 0.9) over the data files, plus a sequential write-ahead log (4 and 16 KiB records, up to 8 in flight as with group commit) on the last 10 % of the volume',
    parts: [
      { part: 'data', rw: 'randrw', readPercent: 70, blockSize: 8192, jobs: 4, iodepth: 4, distribution: { zipf: 0.9 }, range: { offset: { percent: 0 }, size: { percent: 90 } } },
      { part: 'log', rw: 'write', blockSize: { '4KiB': 70, '16KiB': 30 }, jobs: 1, iodepth: 8, range: { offset: { percent: 90 }, size: { percent: 10 } } },
    ],
  },
  {
    name: 'vm-image',
    description: 'Virtual-machine disk image: random 60/40 reads and writes of mixed sizes (4/16/64 KiB), 80 % of I/Os to 20 % of the space',
    parts: [
      { part: 'guest', rw: 'randrw', readPercent: 60, blockSize: { '4KiB': 60, '16KiB': 25, '64KiB': 15 }, jobs: 2, iodepth: 16, distribution: { hotcold: { ioPercent: 80, spacePercent: 20 } } },
    ],
  },
  {
    name: 'backup',
    description: 'Backup job: reads the newest snapshot view from start to end in 1 MiB requests while the applications keep writing',
    parts: [{ part: 'reader', rw: 'read', target: 'snapshot', blockSize: 1 << 20, jobs: 1, iodepth: 2, loops: 1 }],
  },
  {
    name: 'append-log',
    description: 'Append-only log: one writer appending 4 KiB records sequentially, one at a time',
    parts: [{ part: 'appender', rw: 'write', blockSize: 4096, jobs: 1, iodepth: 1 }],
  },
];

export function findProfile(name: string): WorkloadProfile | undefined {
  return workloadProfiles.find((profile) => profile.name === name);
}

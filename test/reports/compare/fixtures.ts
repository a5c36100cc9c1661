/** Shared inputs of the compare tests: hand-made write records and a small, fast scenario. */
import type { CommandRecord, WriteRecords } from '../../../reports/compare/write-records.js';

/** One write as a test writes it: workload, writer sequence, received and settled (ns; NaN: failed). */
export type TestWrite = readonly [workload: number, sequence: number, receivedNs: number, settledNs: number];

/** Write records in the recorder's shape, from writes listed in receive order. */
export function records(writes: readonly TestWrite[], commands: readonly Omit<CommandRecord, 'takenNs'>[] = [], takenNs: readonly (number | undefined)[] = []): WriteRecords {
  return {
    count: writes.length,
    workload: Int32Array.from(writes.map((write) => write[0])),
    sequence: Float64Array.from(writes.map((write) => write[1])),
    receivedNs: Float64Array.from(writes.map((write) => write[2])),
    settledNs: Float64Array.from(writes.map((write) => write[3])),
    commands: commands.map((command, index) => ({ ...command, takenNs: takenNs[index] })),
  };
}

/**
 * NVMe on both sides, a modelled intake (so quiesce has writes in flight to drain at each
 * command) and a preserve command every 5 ms; a few thousand I/Os: a comparison takes a second.
 */
export const smallScenario = {
  name: 'small-compare',
  ios: 3000,
  volume: { size: '16MiB', blockSize: '4KiB', chunkSize: '16KiB' },
  devices: {
    origin: { preset: 'nvme-pcie4', params: { capacityBytes: '1GiB' } },
    snapshotStore: { preset: 'nvme-pcie4', params: { capacityBytes: '1GiB' } },
  },
  engine: { intake: { servers: 4, distribution: 'exponential', meanServiceTime: '20us' } },
  workloads: [{ name: 'db', rw: 'randrw', readPercent: 50, jobs: 2, iodepth: 4 }],
  snapshots: { every: '5ms', retain: 3 },
  report: { timelineInterval: '1ms' },
} as const;

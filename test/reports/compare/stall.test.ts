/**
 * The stall of a preserve command, on hand-made runs whose matched writes differ by known
 * amounts: exactly those extra latencies, and writes with no settled twin left out.
 */
import { describe, expect, it } from 'vitest';
import type { BlockDevice } from '../../../engine/block-device.js';
import type { PreserveCommand, SnapshotStrategy } from '../../../engine/snapshot-strategy.js';
import type { SnapshotInfo } from '../../../engine/snapshot.js';
import { BaselineWrites, commandStalls, nearestRank, summariseStalls } from '../../../reports/compare/stall.js';
import { WriteRecorder } from '../../../reports/compare/write-records.js';
import type { Kernel } from '../../../sim/kernel.js';
import { records } from './fixtures.js';

// Baseline latencies: workload 0 writes 1..5 take 100 ns each; workload 1: 250, 300, and a failed third.
const baseline = new BaselineWrites(
  records([
    [0, 1, 0, 100],
    [1, 1, 50, 300],
    [0, 2, 100, 200],
    [1, 2, 300, 600],
    [0, 3, 400, 500],
    [0, 4, 500, 600],
    [1, 3, 600, Number.NaN],
    [0, 5, 700, 800],
  ]),
);

// The arm: a command at 1000 ns and another at 2000 ns.
const arm = records(
  [
    [0, 1, 100, 200], // before the first command: in no window
    [0, 2, 1000, 1500], // 500 against 100: +400
    [1, 1, 1100, 1400], // 300 against 250: +50
    [0, 3, 1200, Number.NaN], // failed in the arm: left out
    [0, 9, 1300, 1400], // no twin in the baseline: left out
    [0, 4, 1900, 3900], // 2000 against 100: +1900
    [1, 2, 2000, 2100], // second command: 100 against 300: -200
    [1, 3, 2500, 2600], // its twin failed in the baseline: left out
    [0, 5, 7500, 7600], // after the second command's 5000 ns window
  ],
  [
    { snapshotId: 1, atNs: 1000, firstWrite: 1 },
    { snapshotId: 2, atNs: 2000, firstWrite: 6 },
  ],
  [1600, undefined],
);

describe('the stall of each preserve command', () => {
  it('pairs writes by workload and writer sequence and gives exactly their extra latencies', () => {
    const [first, second] = commandStalls(arm, baseline, 5000);
    // The first window ends at the second command, before its 5000 ns are up.
    expect(first).toEqual({
      command: 1,
      snapshotId: 1,
      atNs: 1000,
      windowEndNs: 2000,
      takenAfterNs: 600,
      received: 5,
      matched: 3,
      unmatched: 2,
      meanNs: (400 + 50 + 1900) / 3,
      p99Ns: 1900,
      maxNs: 1900,
      sumNs: 2350,
    });
    expect(second).toEqual({
      command: 2,
      snapshotId: 2,
      atNs: 2000,
      windowEndNs: 7000,
      takenAfterNs: null,
      received: 2,
      matched: 1,
      unmatched: 1,
      meanNs: -200,
      p99Ns: -200,
      maxNs: -200,
      sumNs: -200,
    });
  });

  it('counts only the writes received within the window', () => {
    const [first] = commandStalls(arm, baseline, 100);
    expect(first).toMatchObject({ windowEndNs: 1100, received: 1, matched: 1, meanNs: 400, maxNs: 400, sumNs: 400 });
  });

  it('gives null figures for a command no matched write followed', () => {
    const lonely = records([[0, 42, 1000, 1100]], [{ snapshotId: 1, atNs: 1000, firstWrite: 0 }]);
    const [stall] = commandStalls(lonely, baseline, 5000);
    expect(stall).toMatchObject({ received: 1, matched: 0, unmatched: 1, meanNs: null, p99Ns: null, maxNs: null, sumNs: 0 });
    expect(summariseStalls([stall!])).toBeNull();
  });

  it('summarises a run: the worst command, and means over the commands', () => {
    expect(summariseStalls(commandStalls(arm, baseline, 5000))).toEqual({
      commands: 2,
      worstMaxNs: 1900,
      meanMaxNs: (1900 - 200) / 2,
      meanNs: ((400 + 50 + 1900) / 3 - 200) / 2,
      takenAfterMaxNs: 600,
    });
  });

  it('takes the 99th percentile by nearest rank: a value that occurred', () => {
    const hundred = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(nearestRank(hundred, 0.99)).toBe(99);
    expect(nearestRank([...hundred, ...hundred.map((value) => value + 100)], 0.99)).toBe(198);
    expect(nearestRank([7], 0.99)).toBe(7);
  });
});

describe('the write recorder', () => {
  it('records writes past its first capacity, their settle times and each command with the time its snapshot was taken', async () => {
    let nowNs = 0;
    const kernel = { nowNs: () => nowNs } as unknown as Kernel;
    let finish!: (info: SnapshotInfo) => void;
    const volume = {
      command: (_image: BlockDevice): PreserveCommand => ({ id: 5, done: new Promise<SnapshotInfo>((resolve) => (finish = resolve)) }),
    } as unknown as SnapshotStrategy;
    const recorder = new WriteRecorder();
    recorder.started({ kernel, volume });
    const writes = 3000;
    for (let writeId = 1; writeId <= writes; writeId++) {
      nowNs = writeId * 10;
      recorder.writeReceived(writeId, writeId, 1, writeId % 3, Math.ceil(writeId / 3));
      if (writeId === 1500) {
        volume.command({} as BlockDevice);
        recorder.preserved(5);
      }
    }
    for (let writeId = 1; writeId <= writes; writeId++) {
      nowNs = 100_000 + writeId;
      recorder.writeSettled(writeId, writeId !== 7);
    }
    nowNs = 123_456;
    finish({} as SnapshotInfo);
    await Promise.resolve();
    const result = recorder.records();
    expect(result.count).toBe(writes);
    expect([result.workload[2999], result.sequence[2999], result.receivedNs[2999], result.settledNs[2999]]).toEqual([0, 1000, 30_000, 103_000]);
    expect(result.settledNs[6]).toBeNaN();
    expect(result.commands).toEqual([{ snapshotId: 5, atNs: 15_000, firstWrite: 1500, takenNs: 123_456 }]);
  });
});

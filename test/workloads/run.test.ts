/**
 * The main job end to end: the embedded default scenario passes verification with dual writes,
 * every engine mutant fails it, and runs are deterministic by seed.
 */
import { describe, expect, it } from 'vitest';
import { engineMutants } from '../../engine/mutants.js';
import { loadDefaultScenario, scenarioFromObject } from '../../workloads/scenario/load.js';
import { runScenario } from '../../workloads/run.js';
import type { RunResult } from '../../workloads/run-result.js';

const withoutWallTime = (result: RunResult) => ({ ...result, wallSeconds: undefined });

describe('the embedded default scenario', () => {
  const scenario = loadDefaultScenario();
  let result: RunResult;

  it('passes verification, with writes received before a command landing in both images', async () => {
    result = await runScenario(scenario);
    expect(result.correctness).toMatchObject({ verdict: 'pass', mismatches: 0 });
    // Every block of every valid snapshot view and of the live view was checked.
    const validViews = result.snapshots.filter((snapshot) => snapshot.valid).length + 1;
    expect(result.correctness.checkedBlocks).toBe(validViews * scenario.volume.blockCount);
    expect(result.correctness.checkedReads).toBeGreaterThan(1000);
    expect(result.cow.dualWrites).toBeGreaterThan(0);
    expect(result.cow.copies).toBeGreaterThan(1000);
    expect(result.intake!.reordered).toBeGreaterThan(0);
    expect(result.simulatedNs).toBe(6e9);
  });

  it('measures what a storage engineer asks for', () => {
    expect(result.ios.total).toBe(result.ios.reads + result.ios.writes);
    expect(result.ios.snapshotReads).toBe(179); // the backup reads its 128 MiB in 1 MiB requests, pass after pass
    expect(result.workloads.map((workload) => workload.name)).toEqual(['oltp.data', 'oltp.log', 'backup']);
    expect(result.latency.write.p99).toBeGreaterThan(result.latency.write.p50);
    expect(result.preserves).toHaveLength(24); // every 250 ms for 6 s
    expect(result.preserves.every((preserve) => preserve.longestInFlightIoUs! > 0 && preserve.inFlight > 0)).toBe(true);
    expect(result.timeline.rows).toHaveLength(100);
    // The timeline ends with the run; the CoW totals count the drain's work too, as the snapshots' own figures do.
    expect(result.timeline.rows.at(-1)!.cowCopies).toBeLessThanOrEqual(result.cow.copies);
    expect(result.cow.dualWrites).toBe(result.snapshots.reduce((sum, snapshot) => sum + snapshot.dualWrites, 0));
    // Retention 8: the oldest snapshots were deleted, and their images reused.
    expect(result.snapshots.filter((snapshot) => snapshot.state === 'deleted').length).toBeGreaterThanOrEqual(3);
    expect(result.locks.total.acquisitions).toBeGreaterThan(result.ios.writes);
    expect(result.devices.map((device) => [device.role, device.stats.model])).toEqual([
      ['origin', 'hdd'],
      ['snapshotStore', 'ssd'],
    ]);
    expect(result.devices[0]!.stats.utilization).toBeGreaterThan(0.5);
  });

  it('gives the same figures for the same seed and different ones for another seed', async () => {
    const again = await runScenario(scenario);
    expect(withoutWallTime(again)).toEqual(withoutWallTime(result));
    const other = await runScenario(scenario, { seed: 43 });
    expect(other.ios.total).not.toBe(result.ios.total);
  });

  // The default exists to show the dual-write row: without it the run fails. (`cowsim selftest`
  // runs every mutant of every strategy; test/cli/cli.test.ts checks each is caught.)
  it.each(engineMutants.filter((mutant) => mutant.name === 'no-dual-write').map((mutant) => [mutant.name, mutant.strategy] as const))('fails with the %s engine mutant (%s)', async (mutant, strategy) => {
    const broken = await runScenario({ ...scenario, engine: { ...scenario.engine, strategy } }, { mutant });
    expect(broken.correctness.verdict).toBe('fail');
    expect(broken.correctness.mismatches).toBeGreaterThan(0);
    expect(broken.correctness.details[0]!.expected).not.toBe(broken.correctness.details[0]!.found);
    expect(broken.correctness.reproduce).toBe('npx cowsim run --seed 42');
  });
});

describe('run limits and schedules', () => {
  const base = {
    name: 'small',
    volume: { size: '64MiB', chunkSize: '64KiB' },
    devices: { origin: { preset: 'nvme-pcie4', params: { capacityBytes: '1GiB' } }, snapshotStore: { preset: 'nvme-pcie4', params: { capacityBytes: '1GiB' } } },
    engine: { intake: 'none' },
  };

  it('stops after the scenario\'s I/O count', async () => {
    const scenario = scenarioFromObject({ ...base, ios: 5000, workloads: [{ name: 'w', rw: 'randrw', jobs: 4, iodepth: 4 }] }, 'ios');
    const result = await runScenario(scenario);
    expect(result.ios.total).toBeGreaterThanOrEqual(5000);
    expect(result.ios.total).toBeLessThan(5000 + 16);
  });

  it('takes a snapshot when a workload has completed N I/Os, and excludes ramp-up from the figures', async () => {
    const scenario = scenarioFromObject(
      {
        ...base,
        duration: '200ms',
        workloads: [{ name: 'w', rw: 'randwrite', iodepth: 4, rampUp: '100ms' }],
        snapshots: { after: [{ workload: 'w', ios: 1000 }] },
      },
      'after',
    );
    const result = await runScenario(scenario);
    expect(result.snapshots).toHaveLength(1);
    expect(result.snapshots[0]!.takenAtSeconds).toBeGreaterThan(0);
    expect(result.timeline.rows.filter((row) => row.atSeconds < 0.099).every((row) => row.ios === 0)).toBe(true);
    expect(result.timeline.rows.filter((row) => row.atSeconds >= 0.1).some((row) => row.ios > 0)).toBe(true);
    expect(result.measuredNs).toBe(100e6); // rates are over the 100 ms after ramp-up
    expect(result.correctness.verdict).toBe('pass');
  });

  it('runs an open-loop Poisson workload at its rate', async () => {
    const scenario = scenarioFromObject({ ...base, duration: '2s', workloads: [{ name: 'w', rw: 'randread', rate: { iops: 20000 } }] }, 'rate');
    const result = await runScenario(scenario);
    expect(result.ios.total / 2).toBeGreaterThan(20000 * 0.97);
    expect(result.ios.total / 2).toBeLessThan(20000 * 1.03);
  });
});

/**
 * Scenario limits (issue 9): each configuration past what the engine, a disk model or a run can
 * take is a ScenarioError naming the field and the limit, found while the scenario resolves (no
 * run: scenarioFromObject only validates). Configurations just inside each limit still resolve.
 */
import { describe, expect, it } from 'vitest';
import { scenarioFromObject } from '../../workloads/scenario/load.js';
import type { RawScenario } from '../../workloads/scenario/schema.js';

/** A small valid scenario on fixed-time devices. */
const base: RawScenario = {
  name: 'limits',
  duration: '1s',
  volume: { size: '64MiB' },
  devices: { origin: { model: 'fixed', params: { meanServiceTimeUs: 100 } }, snapshotStore: { model: 'fixed', params: { meanServiceTimeUs: 100 } } },
  workloads: [{ name: 'w', rw: 'randwrite', iodepth: 2 }],
};

/** `base` with fields replaced (a shallow merge per top-level field). */
function variant(change: Record<string, unknown>): Record<string, unknown> {
  return { ...structuredClone(base), ...change };
}

/** The error message of resolving `raw`; fails the test when it resolves. */
function refusal(raw: unknown): string {
  try {
    scenarioFromObject(raw, 'limits.yaml');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the scenario was accepted');
}

describe('model limits are scenario errors naming the field and the limit', () => {
  it('a large snapshot store on the ssd model: the FTL addresses 2^32-1 physical slots', () => {
    const message = refusal(variant({ devices: { origin: base.devices.origin, snapshotStore: { preset: 'ssd-sata', size: '80TB', params: { capacityBytes: '80TB' } } } }));
    expect(message).toBe(
      'limits.yaml: devices.snapshotStore.params.capacityBytes: expected at most 16360545714176 bytes with this geometry (overProvisioning 0.07, 8192-byte pages, 256 pages per block): 80000000000000 bytes need 21001388032 physical 4 KiB slots, past the 2^32-1 the mapping tables address',
    );
  });

  it('an nvme of 64 TiB, and the largest capacity it names resolves', () => {
    const origin = (capacityBytes: number | string) => variant({ devices: { origin: { model: 'nvme', params: { capacityBytes } }, snapshotStore: base.devices.snapshotStore } });
    expect(refusal(origin('64TiB'))).toContain('devices.origin.params.capacityBytes: expected at most 16359983939584 bytes');
    expect(scenarioFromObject(origin(16359983939584), 'limits.yaml').devices.origin.params.capacityBytes).toBe(16359983939584);
    expect(refusal(origin(16359983939584 + 4096))).toContain('expected at most 16359983939584 bytes');
  });

  it('flash blocks the model keeps tables for', () => {
    const params = { capacityBytes: '8TB', flashPageBytes: 4096, flashPagesPerBlock: 1 };
    expect(refusal(variant({ devices: { origin: { model: 'ssd', params }, snapshotStore: base.devices.snapshotStore } }))).toContain('flash blocks, past the 16777216 the model keeps tables for');
  });

  it("an hdd too small for its seek curve", () => {
    expect(refusal(variant({ devices: { origin: { model: 'hdd', params: { capacityBytes: '64MiB' } }, snapshotStore: base.devices.snapshotStore } }))).toContain(
      'devices.origin.params.capacityBytes: expected seek times a curve can fit on this drive of 7 cylinders',
    );
  });

  it('device times and rates past what simulated time can hold', () => {
    expect(refusal(variant({ devices: { origin: { model: 'fixed', params: { meanServiceTimeUs: 1e300 } }, snapshotStore: base.devices.snapshotStore } }))).toContain(
      'devices.origin.params.meanServiceTimeUs: expected a value of at most 1000000000',
    );
    expect(refusal(variant({ devices: { origin: { model: 'ssd', params: { channelRateMBps: 1e-9 } }, snapshotStore: base.devices.snapshotStore } }))).toContain(
      'devices.origin.params.channelRateMBps: expected a value of at least 0.001',
    );
    expect(refusal(variant({ devices: { origin: { model: 'fixed', params: { servers: 1e8 } }, snapshotStore: base.devices.snapshotStore } }))).toContain('devices.origin.params.servers: expected a value of at most 4096');
    expect(refusal(variant({ engine: { intake: { meanServiceTime: '26h' } } }))).toContain('engine.intake.meanServiceTime: expected a mean service time of at most 1000 s');
  });
});

describe('engine limits', () => {
  it('snapshots every 1ms, retain 1000: each image too small for one chunk and its metadata', () => {
    const message = refusal(variant({ devices: { origin: base.devices.origin, snapshotStore: { ...base.devices.snapshotStore, size: '256MiB' } }, snapshots: { every: '1ms', retain: 1000 } }));
    expect(message).toBe(
      'limits.yaml: snapshots.imageSize: expected room for one chunk and its metadata: at least 393216 bytes per snapshot image, found 266240 (the 268435456-byte snapshot store is divided among 1,001 snapshot images; keep fewer snapshots with snapshots.retain, take fewer, or give a larger store)',
    );
  });

  it('the image layout is computed at the payload block size the engine sees', () => {
    // Four chunks passed the old check; the layout needs six at 32-byte payloads.
    expect(refusal(variant({ snapshots: { at: ['100ms'], imageSize: '256KiB' } }))).toContain('at least 393216 bytes per snapshot image, found 262144');
    expect(scenarioFromObject(variant({ snapshots: { at: ['100ms'], imageSize: 393216 } }), 'limits.yaml').snapshots.imageSizeBytes).toBe(393216);
  });

  it('the volume numbers its chunks in 32 bits', () => {
    const devices = { origin: { model: 'fixed', params: { capacityBytes: 2 ** 50 } }, snapshotStore: { model: 'fixed', size: '1GiB' } };
    expect(refusal(variant({ volume: { size: '300TiB', chunkSize: '4KiB' }, devices }))).toContain(
      'volume.size: expected at most 4,294,967,295 chunks of volume.chunkSize (4096 bytes), the most the engine numbers; found 80,530,636,800',
    );
  });
});

describe('times and sizes', () => {
  it('a duration past 2^52 ns', () => {
    expect(refusal(variant({ duration: '200000000000000000s' }))).toContain('duration: expected a duration of at most 2^52 ns (about 52 days)');
    expect(refusal(variant({ workloads: [{ name: 'w', rw: 'randwrite', thinkTime: 1e10 }] }))).toContain('workloads[0].thinkTime: expected a duration of at most 2^52 ns');
  });

  it('a size past 2^53 bytes', () => {
    expect(refusal(variant({ volume: { size: 1e300 } }))).toContain('volume.size: expected a size of at most 2^53-1 bytes (8 PiB)');
  });

  it.each([['1constructor'], ['5toString'], ['2valueOf'], ['1hasOwnProperty']])('unit tables: "%s" is no duration and no size', (text) => {
    expect(refusal(variant({ duration: text }))).toContain(`duration: expected a duration such as 10s, 250ms, 50us or a number of seconds, found "${text}"`);
    expect(refusal(variant({ volume: { size: text } }))).toContain(`volume.size: expected a size such as 4096, 4KiB, 64k or 8GiB, found "${text}"`);
  });
});

describe('workload resources', () => {
  it('jobs and iodepth of a million', () => {
    expect(refusal(variant({ workloads: [{ name: 'w', rw: 'randwrite', jobs: 1e6 }] }))).toContain('workloads[0].jobs: expected a value of at most 4096');
    expect(refusal(variant({ workloads: [{ name: 'w', rw: 'randwrite', iodepth: 1e6 }] }))).toContain('workloads[0].iodepth: expected a value of at most 65536');
  });

  it('I/Os in flight summed over workloads', () => {
    const workloads = (iodepth: number) => [{ name: 'a', rw: 'randwrite', jobs: 64, iodepth: 512 }, { name: 'b', rw: 'randread', jobs: 64, iodepth }];
    expect(scenarioFromObject(variant({ workloads: workloads(512) }), 'limits.yaml').workloads).toHaveLength(2);
    expect(refusal(variant({ workloads: workloads(513) }))).toContain(
      'workloads[1].iodepth: expected at most 65,536 I/Os in flight over all workloads (jobs x iodepth summed; each is a live process with its buffers), reached 65,600 with this workload (64 jobs x 513)',
    );
  });

  it('an open-loop rate past ten million IOPS', () => {
    expect(refusal(variant({ workloads: [{ name: 'w', rw: 'randread', rate: { iops: 1e9 } }] }))).toContain('workloads[0].rate.iops: expected a value of at most 10000000');
  });

  it('preserve commands and timeline rows of one run', () => {
    expect(refusal(variant({ duration: '10s', snapshots: { every: '1ns', retain: 1 } }))).toContain('snapshots.every: expected an interval giving at most 100,000 preserve commands in the 10 s run: at least 100000 ns, found 1 ns');
    expect(refusal(variant({ duration: '10s', report: { timelineInterval: '1ns' } }))).toContain('report.timelineInterval: expected an interval giving at most 100,000 timeline rows');
  });
});

describe('no endless runs', () => {
  it('an ios count the workloads can never reach', () => {
    const message = refusal(variant({ duration: undefined, ios: 100_000, workloads: [{ name: 'w', rw: 'randwrite', ios: 500 }, { name: 'seq', rw: 'write', blockSize: '64KiB', loops: 2 }] }));
    // 64 MiB in 64 KiB requests: 1024 per pass, plus one per job for a slice's last request.
    expect(message).toBe(
      'limits.yaml: ios: expected a count the workloads can reach: they can issue at most 2,550 I/Os (w 500, seq 2,050), so a run without a duration would never end at ios 100,000; lower ios or give a duration',
    );
  });

  it('a reachable count, or one with a duration, or unbounded workloads, resolves', () => {
    expect(scenarioFromObject(variant({ duration: undefined, ios: 500, workloads: [{ name: 'w', rw: 'randwrite', ios: 500 }] }), 'limits.yaml').ios).toBe(500);
    expect(scenarioFromObject(variant({ ios: 100_000, workloads: [{ name: 'w', rw: 'randwrite', ios: 500 }] }), 'limits.yaml').durationNs).toBe(1e9);
    // A snapshot reader starts its pass again when its snapshot goes: not bounded by loops.
    const reader = { name: 'r', rw: 'read', target: 'snapshot', loops: 1 };
    expect(scenarioFromObject(variant({ duration: undefined, ios: 1e9, workloads: [reader, { name: 'w', rw: 'randwrite', ios: 10 }] }), 'limits.yaml').ios).toBe(1e9);
  });

  it('run bounds: defaults, a limits section, and a duration past limits.maxSimulatedTime', () => {
    expect(scenarioFromObject(variant({}), 'limits.yaml').limits).toEqual({ maxEvents: 100_000_000, maxSimulatedTimeNs: 1e9 });
    expect(scenarioFromObject(variant({ duration: undefined, ios: 10 }), 'limits.yaml').limits).toEqual({ maxEvents: 100_000_000, maxSimulatedTimeNs: 3600e9 });
    expect(scenarioFromObject(variant({ limits: { maxEvents: 5, maxSimulatedTime: '2s' } }), 'limits.yaml').limits).toEqual({ maxEvents: 5, maxSimulatedTimeNs: 2e9 });
    expect(refusal(variant({ duration: '10s', limits: { maxSimulatedTime: '5s' } }))).toContain('duration: expected at most limits.maxSimulatedTime (5 s), found 10 s; raise limits.maxSimulatedTime to run longer');
    expect(refusal(variant({ limits: { maxEvents: 0 } }))).toContain('limits.maxEvents: expected a value of at least 1');
    expect(refusal(variant({ limits: { maxEvent: 5 } }))).toContain('limits.maxEvent: expected no field named "maxEvent"');
  });
});

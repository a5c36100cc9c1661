/**
 * Run bounds (issue 9): the kernel stops a run at limits.maxEvents, a run that stops on ios alone
 * at limits.maxSimulatedTime, and any time past 2^53 ns, each with a RunLimitError (exit 2) that
 * names the bound; the command line then writes nothing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cowsim } from '../../bin/cowsim.js';
import { Kernel } from '../../sim/kernel.js';
import { RunLimitError } from '../../sim/run-limit-error.js';
import { runScenario } from '../../workloads/run.js';
import { scenarioFromObject } from '../../workloads/scenario/load.js';
import type { RawScenario } from '../../workloads/scenario/schema.js';
import { bufferIo, temporaryDirectory, writeScenarioFile } from '../reports/sweep/fixtures.js';

const base: RawScenario = {
  name: 'bounds',
  duration: '100ms',
  volume: { size: '8MiB' },
  devices: { origin: { model: 'fixed', params: { meanServiceTimeUs: 100 } }, snapshotStore: { model: 'fixed', params: { meanServiceTimeUs: 100 } } },
  workloads: [{ name: 'w', rw: 'randwrite', iodepth: 2 }],
};

/** The RunLimitError a run of `raw` ends with; fails the test when it ends otherwise. */
async function limitOf(raw: unknown): Promise<RunLimitError> {
  try {
    await runScenario(scenarioFromObject(raw, 'bounds.yaml'));
  } catch (error) {
    expect(error).toBeInstanceOf(RunLimitError);
    return error as RunLimitError;
  }
  throw new Error('the run ended without reaching a bound');
}

describe('the kernel bounds', () => {
  it('stops after maxEvents events, over every run() call', async () => {
    const kernel = new Kernel({ maxEvents: 3 });
    let ran = 0;
    for (let at = 1; at <= 5; at++) kernel.schedule(at, () => ran++);
    await kernel.run({ untilNs: 2 });
    const failure = await kernel.run().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RunLimitError);
    expect((failure as RunLimitError).limit).toBe('maxEvents');
    expect(ran).toBe(3);
  });

  it('bounds only a run stopped by a predicate alone by maxPredicateNs', async () => {
    const kernel = new Kernel({ maxPredicateNs: 100 });
    kernel.schedule(50, () => undefined);
    kernel.schedule(150, () => undefined);
    // With untilNs the run has its own bound; without a predicate it ends when nothing is left.
    expect((await kernel.run({ untilNs: 120, until: () => false })).reason).toBe('time');
    const failure = await kernel.run({ until: () => false }).catch((error: unknown) => error);
    expect((failure as RunLimitError).limit).toBe('maxSimulatedTime');
    expect(kernel.nowNs()).toBe(120);
    const fresh = new Kernel({ maxPredicateNs: 100 });
    fresh.schedule(150, () => undefined);
    await expect(fresh.run({ until: () => false })).rejects.toThrowError(/limits.maxSimulatedTime \(1e-7 s of simulated time\)/);
    expect(fresh.nowNs()).toBe(100);
    const drained = new Kernel({ maxPredicateNs: 100 });
    drained.schedule(150, () => undefined);
    expect(await drained.run()).toEqual({ reason: 'quiescent', nowNs: 150, events: 1 });
  });

  it('refuses a time past 2^53 ns as a limit, and keeps RangeError for a bad time', async () => {
    const kernel = new Kernel();
    expect(() => kernel.schedule(2 ** 60, () => undefined)).toThrowError(RunLimitError);
    expect(() => kernel.scheduleAfter(Number.POSITIVE_INFINITY, () => undefined)).toThrowError(/a delay of Infinity ns is past 2\^53 ns/);
    await expect(kernel.sleep(2 ** 54)).rejects.toBeInstanceOf(RunLimitError);
    expect(() => kernel.schedule(1.5, () => undefined)).toThrowError(RangeError);
    expect(() => kernel.schedule(Number.NaN, () => undefined)).toThrowError(RangeError);
  });
});

describe('a run past its bounds stops with a clear message', () => {
  it('limits.maxEvents', async () => {
    const error = await limitOf({ ...base, limits: { maxEvents: 500 } });
    expect(error.limit).toBe('maxEvents');
    expect(error.message).toMatch(/^run stopped: it took limits.maxEvents \(500 kernel events\) and had not ended, at [0-9.e-]+ s of simulated time; raise limits.maxEvents/);
  });

  it('a run stopping on ios whose workloads stop first ends at limits.maxSimulatedTime', async () => {
    const error = await limitOf({ ...base, duration: undefined, ios: 1e9, workloads: [{ name: 'w', rw: 'randwrite', iodepth: 2, stopAt: '10ms' }], limits: { maxSimulatedTime: '1s' } });
    expect(error.limit).toBe('maxSimulatedTime');
    expect(error.message).toBe(
      'run stopped: it reached limits.maxSimulatedTime (1 s of simulated time) before its ios count; the workloads may stop before reaching it (stopAt, loops, their own ios, the end of a trace): lower ios, give a duration, or raise limits.maxSimulatedTime',
    );
  });

  it('a run within its bounds is not affected', async () => {
    const result = await runScenario(scenarioFromObject({ ...base, duration: undefined, ios: 200, limits: { maxSimulatedTime: '1s' } }, 'bounds.yaml'));
    expect(result.ios.total).toBeGreaterThanOrEqual(200);
  });

  it('through the command line: exit 2, the message, nothing written', async () => {
    const directory = temporaryDirectory('cowsim-bounds-');
    const scenario = writeScenarioFile(directory, { ...base, limits: { maxEvents: 500 } });
    const out = join(directory, 'out');
    const io = bufferIo();
    expect(await cowsim(['run', '--scenario', scenario, '--out', out, '--quiet'], io)).toBe(2);
    expect(io.err()).toMatch(/^cowsim: run stopped: it took limits.maxEvents \(500 kernel events\)/);
    expect(existsSync(out)).toBe(false);
  });
});

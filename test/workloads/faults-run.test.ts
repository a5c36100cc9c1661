/**
 * A run with faults (examples/faults.yaml): the workloads survive the device errors, mismatches
 * on blocks a silent fault damaged on the origin are explained and reported apart, the figures are
 * deterministic by seed, and the reports count what was injected. The explanation never hides an
 * engine bug, and a failure that is not a device fault still ends the run.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { BlockDevice } from '../../engine/block-device.js';
import { buildSummary, renderRunReport, renderTextSummary, summaryJson } from '../../reports/run/index.js';
import { faultKinds } from '../../sim/faults/index.js';
import { runScenario } from '../../workloads/run.js';
import type { RunResult } from '../../workloads/run-result.js';
import { readScenarioObject, scenarioFromObject } from '../../workloads/scenario/load.js';
import type { Scenario } from '../../workloads/scenario/resolve.js';
import { tinyScenario } from '../reports/sweep/fixtures.js';

const FILE = 'examples/faults.yaml';

/** The example with some fields replaced, for shorter variants. */
async function variant(changes: Record<string, unknown>): Promise<Scenario> {
  const raw = await readScenarioObject(FILE);
  return scenarioFromObject({ ...raw, ...changes }, FILE);
}

describe('a run with faults (examples/faults.yaml)', () => {
  let scenario: Scenario;
  let first: RunResult;
  let second: RunResult;

  beforeAll(async () => {
    scenario = await variant({});
    first = await runScenario(scenario);
    second = await runScenario(scenario);
  });

  it('passes: the workloads survive the errors, and every mismatch is on an origin block a silent fault damaged', () => {
    expect(first.correctness.verdict).toBe('pass');
    expect(first.correctness.mismatches).toBe(0);
    const faults = first.faults!;
    // The faults are visible, not absorbed somewhere: the oracle saw damaged blocks, reads and writes failed.
    expect(faults.explainedMismatches).toBeGreaterThan(0);
    expect(faults.explainedDetails.length).toBeGreaterThan(0);
    expect(faults.ioErrors.read + faults.ioErrors.write).toBeGreaterThan(0);
    expect(first.workloads.find((workload) => workload.name === 'db')!.errors['media error']).toBe(faults.ioErrors.read + faults.ioErrors.write);
    expect(first.ios.writes).toBeGreaterThan(1_000);
  });

  it('injects every kind the plan lists on each device, each with its tag', () => {
    const { origin, snapshotStore } = first.faults!.devices;
    for (const kind of faultKinds.filter((kind) => kind !== 'grayFailure')) expect(origin.injected[kind], kind).toBeGreaterThan(0);
    expect(origin.injected.grayFailure).toBe(0);
    expect(origin.tags.detect).toBe(origin.injected.tornWrite + origin.injected.droppedWrite + origin.injected.bitFlip + origin.injected.misdirectedWrite);
    expect(origin.tags.survive).toBe(origin.injected.readError + origin.injected.writeError + origin.injected.latencySpike);
    expect(origin.failedWrites).toBe(origin.injected.writeError);
    expect(origin.failedReads).toBeGreaterThanOrEqual(origin.injected.readError);
    expect(snapshotStore.injected.grayFailure).toBeGreaterThan(0);
    expect(snapshotStore.tags.detect).toBe(snapshotStore.injected.tornWrite + snapshotStore.injected.droppedWrite + snapshotStore.injected.bitFlip + snapshotStore.injected.misdirectedWrite);
    expect(snapshotStore.tags.detect).toBeGreaterThan(0);
    // Gray failure only in its window [400 ms, 600 ms).
    const gray = first.faults!.records.snapshotStore.filter((record) => record.kind === 'grayFailure');
    for (const record of gray) expect(record.atNs >= 400e6 && record.atNs < 600e6, `${record.atNs}`).toBe(true);
  });

  it('finds the silent corruption of the snapshot store itself: those snapshots turn invalid, no wrong read', () => {
    const summary = buildSummary(first);
    expect(summary.faults!.snapshotsInvalidated).toBeGreaterThan(0);
    const invalidated = first.snapshots.filter((snapshot) => /^snapshot image (failed|damaged)/.test(snapshot.reason));
    expect(invalidated.length).toBe(summary.faults!.snapshotsInvalidated);
    // No wrong read came of it: the only mismatches are on origin blocks the origin's faults damaged.
    expect(first.correctness.mismatches).toBe(0);
  });

  it('is deterministic: the same seed gives the same faults and a byte-identical summary', () => {
    expect(second.faults).toEqual(first.faults);
    const strip = (result: RunResult) => summaryJson(buildSummary(result)).replace(/"wallSeconds": [0-9.e+-]+/, '');
    expect(strip(second)).toBe(strip(first));
  });

  it('reports the faults: summary.json, the text summary and report.html', () => {
    const summary = buildSummary(first);
    const faults = first.faults!;
    expect(Object.keys(summary).slice(-2)).toEqual(['faults', 'units']);
    expect(summary.faults).toMatchObject({
      origin: { injected: faults.devices.origin.injected, detect: faults.devices.origin.tags.detect, failedWrites: faults.devices.origin.failedWrites },
      ioErrors: faults.ioErrors,
      explainedMismatches: faults.explainedMismatches,
    });
    expect(Object.keys(summary.faults!.origin.injected)).toEqual([...faultKinds]);
    const text = renderTextSummary(first, summary, 'out');
    const line = text.split('\n').find((candidate) => candidate.startsWith('faults'))!;
    expect(line).toMatch(new RegExp(`^faults {6}injected ${summary.faults!.origin.survive + summary.faults!.origin.detect} origin \\(${summary.faults!.origin.detect} silent\\)`));
    expect(line).toContain(`${faults.explainedMismatches} mismatches explained`);
    expect(text).toContain('no unexplained mismatches');
    const html = renderRunReport(first, summary);
    expect(html).toContain('<section id="faults">');
    expect(html).toContain('faults injected, per kind');
    expect(html).toContain('mismatches explained by injected faults');
  });

  it('leaves the summary of a run without a faults section as it was: no faults key', async () => {
    const plain = await runScenario(scenarioFromObject(tinyScenario, '(tiny)'));
    expect(plain.faults).toBeUndefined();
    expect(buildSummary(plain)).not.toHaveProperty('faults');
    expect(renderTextSummary(plain, buildSummary(plain), 'out')).not.toMatch(/^faults/m);
  });

  it('never explains away an engine bug: the no-cow mutant under the same faults fails', async () => {
    const raw = await readScenarioObject(FILE);
    const result = await runScenario(await variant({ duration: '600ms', engine: { ...(raw.engine as object), mutant: 'no-cow' } }));
    expect(result.correctness.verdict).toBe('fail');
    expect(result.correctness.mismatches).toBeGreaterThan(0);
  });

  it('records a preserve command that fails with a device fault on its snapshot, and the schedule goes on', async () => {
    const raw = await readScenarioObject(FILE);
    const faults = raw.faults as { snapshotStore: unknown[] };
    // Every write to the store fails for 1 ms from the second preserve command: its header write among them.
    const storeDown = { kind: 'writeError', probability: '1/1', window: { from: '250ms', until: '251ms' } };
    const result = await runScenario(await variant({ duration: '600ms', faults: { ...faults, snapshotStore: [...faults.snapshotStore, storeDown] } }));
    expect(result.correctness.verdict).toBe('pass');
    const struck = result.snapshots.find((snapshot) => snapshot.takenAtSeconds === 0.25)!;
    expect(struck.valid).toBe(false);
    expect(struck.id).toBe(1);
    expect(result.faults!.devices.snapshotStore.failedWrites).toBeGreaterThan(0);
    if (result.faults!.failedPreserves > 0) expect(struck.reason).toMatch(/^preserve failed: snapshot-store: media error \(writeError\)/);
    else expect(struck.reason).not.toBe('');
    // Later commands still run, and nothing is left for a delete to trip over.
    expect(result.snapshots.find((snapshot) => snapshot.takenAtSeconds === 0.5)!.valid).toBe(true);
    expect(result.faults!.failedDeletes).toBe(0);
  });

  it('still ends the run on a failure that is not a device fault (a bug)', async () => {
    let writes = 0;
    const buggy = (device: BlockDevice): BlockDevice => ({
      blockSize: device.blockSize,
      blockCount: device.blockCount,
      read: (block, count) => device.read(block, count),
      write: (block, data) => (++writes === 50 ? Promise.reject(new Error('a bug below the engine')) : device.write(block, data)),
      flush: () => device.flush(),
    });
    const observer = { decorate: (device: BlockDevice, role: string) => (role === 'origin' ? buggy(device) : device) };
    await expect(runScenario(await variant({ duration: '200ms' }), { observer })).rejects.toThrow(/a bug below the engine/);
  });
});

import { describe, expect, it } from 'vitest';
import { MemoryDevice, Volume } from '../../engine/index.js';
import { BlockGuard } from '../../workloads/block-guard.js';
import { checkStoreFull, reopenAndCheck } from '../../workloads/final-checks.js';
import { Oracle } from '../../workloads/oracle.js';
import { encodeWrite } from '../../workloads/payload.js';
import { runScenario } from '../../workloads/run.js';
import type { SnapshotResult } from '../../workloads/run-result.js';
import { loadScenarioFile, scenarioFromObject } from '../../workloads/scenario/load.js';
import { selftestScenario } from '../../workloads/scenario/selftest-scenario.js';

const PAYLOAD = 32;

function snapshotResult(fields: Partial<SnapshotResult>): SnapshotResult {
  return {
    id: 1,
    state: 'valid',
    reason: '',
    preserveSequence: 0,
    createdAtNs: 0,
    cowCopies: 0,
    dualWrites: 0,
    storeChunksUsed: 0,
    storeChunksCapacity: 4,
    takenAtSeconds: 0,
    valid: true,
    ...fields,
  };
}

describe('store check: invalid exactly when the store is full', () => {
  it('flags a snapshot declared full with slots left, and one still valid that needed more slots than it has', () => {
    const oracle = new Oracle(new BlockGuard(), PAYLOAD, ['app']);
    oracle.preserve(1);
    for (let chunk = 0; chunk < 5; chunk++) oracle.receiveWrite(chunk * 4, 1, 0, 0, chunk);
    expect(oracle.chunksWrittenSince(1, 4)).toBe(5);
    checkStoreFull([snapshotResult({ id: 1, storeChunksUsed: 4 })], oracle, 4);
    checkStoreFull([snapshotResult({ id: 2, state: 'invalid', valid: false, reason: 'snapshot store full: all 4 chunks', storeChunksUsed: 3 })], oracle, 4);
    expect(oracle.mismatches).toBe(2);
    expect(oracle.details.map((detail) => [detail.view, detail.found])).toEqual([
      ['snapshot 1', 'valid'],
      ['snapshot 2', '3 used'],
    ]);
  });

  it('passes the store-full example: the snapshot is invalid with every slot used', async () => {
    const result = await runScenario(await loadScenarioFile('examples/store-full.yaml'));
    expect(result.correctness).toMatchObject({ verdict: 'pass', mismatches: 0 });
    const [snapshot] = result.snapshots;
    expect(snapshot).toMatchObject({ state: 'invalid' });
    expect(snapshot!.storeChunksUsed).toBe(snapshot!.storeChunksCapacity);
  });
});

describe('reads of a deleted snapshot', () => {
  it('must fail: data returned for one is a mismatch', () => {
    const oracle = new Oracle(new BlockGuard(), PAYLOAD, ['app']);
    oracle.preserve(1);
    oracle.deleteSnapshot(1);
    const check = oracle.beginRead(1, 0, 1);
    oracle.endRead(check, new Uint8Array(PAYLOAD), 'read at 1 s');
    expect(oracle.mismatches).toBe(1);
    expect(oracle.details[0]).toMatchObject({ view: 'snapshot 1', expected: 'a clear error: the snapshot was deleted before the read' });
  });
});

describe('check after reopen', () => {
  it('the self-test scenario reopens from its devices with every view intact', async () => {
    const scenario = scenarioFromObject({ ...selftestScenario, duration: '150ms', workloads: selftestScenario.workloads }, 'reopen');
    const plain = await runScenario(scenario);
    const reopened = await runScenario(scenario, { reopenCheck: true });
    expect(reopened.correctness.verdict).toBe('pass');
    // Every valid view and the live view were checked twice.
    expect(reopened.correctness.checkedBlocks).toBe(2 * plain.correctness.checkedBlocks);
  });

  it('finds a snapshot that does not come back', async () => {
    const origin = new MemoryDevice(PAYLOAD, 64);
    const image = new MemoryDevice(PAYLOAD, 256);
    const volume = Volume.create({ origin, chunkSizeBytes: 4 * PAYLOAD });
    const oracle = new Oracle(new BlockGuard(), PAYLOAD, ['app']);
    const { id } = await volume.preserve(image);
    oracle.preserve(id);
    const writeId = oracle.receiveWrite(0, 1, 0, 0, 1);
    await volume.write(0, encodeWrite(PAYLOAD, 0, 1, { writeId, writer: 0, job: 0, writerSequence: 1 }));
    await volume.close();
    const check = { origin, chunkSizeBytes: 4 * PAYLOAD, blockCount: 64, validIds: [id], oracle, checkBlocks: 16 };
    await reopenAndCheck({ ...check, images: [{ device: image, name: 'image' }] });
    expect(oracle.mismatches).toBe(0);
    await reopenAndCheck({ ...check, images: [] });
    expect(oracle.details.map((detail) => detail.expected)).toEqual(['valid after the reopen']);
  });
});

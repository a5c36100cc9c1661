/**
 * The oracle under faults: a write that failed leaves its blocks undefined (old or new data) until
 * the next write to them succeeds, in every view that took it; a mismatch on a block an injected
 * fault damaged is explained and counted apart; any other mismatch still counts.
 */
import { describe, expect, it } from 'vitest';
import { BlockGuard } from '../../workloads/block-guard.js';
import { Oracle } from '../../workloads/oracle.js';
import { encodeWrite } from '../../workloads/payload.js';

const PAYLOAD = 32;

function blocks(writeIds: number[], firstBlock = 0): Uint8Array {
  const out = new Uint8Array(writeIds.length * PAYLOAD);
  writeIds.forEach((writeId, index) => {
    if (writeId > 0) out.set(encodeWrite(PAYLOAD, firstBlock + index, 1, { writeId, writer: 0, job: 0, writerSequence: writeId }), index * PAYLOAD);
  });
  return out;
}

describe('the oracle with failed writes and injected faults', () => {
  it('treats a block whose last write failed as undefined (old or new data) until a write to it succeeds', () => {
    const oracle = new Oracle(new BlockGuard(), PAYLOAD, ['app']);
    const first = oracle.receiveWrite(0, 2, 0, 0, 1);
    const failed = oracle.receiveWrite(0, 2, 0, 0, 2);
    oracle.writeFailed(failed);
    // Old data, new data, or one of each: none is a mismatch, and none counts as checked.
    oracle.checkRange('live', 0, blocks([first, failed]));
    oracle.checkRange('live', 0, blocks([failed, first]));
    expect(oracle.mismatches).toBe(0);
    expect(oracle.checkedBlocks).toBe(0);
    const read = oracle.beginRead('live', 0, 2);
    oracle.endRead(read, blocks([first, first]), 'read');
    expect(oracle.uncheckedReads).toBe(1);
    // The next successful write defines the block again.
    const next = oracle.receiveWrite(1, 1, 0, 0, 3);
    oracle.checkRange('live', 0, blocks([first, first]));
    expect(oracle.mismatches).toBe(1);
    expect(oracle.details[0]).toMatchObject({ block: 1, expected: expect.stringContaining(`write #${next}`) });
  });

  it('carries the failed write into a snapshot view that took it, but not into one taken before it', () => {
    const oracle = new Oracle(new BlockGuard(), PAYLOAD, ['app']);
    const first = oracle.receiveWrite(5, 1, 0, 0, 1);
    oracle.preserve(1);
    const failed = oracle.receiveWrite(5, 1, 0, 0, 2);
    oracle.writeFailed(failed);
    oracle.preserve(2);
    oracle.receiveWrite(5, 1, 0, 0, 3);
    oracle.checkRange(2, 5, blocks([first], 5)); // snapshot 2 took the failed write: undefined
    expect(oracle.checkedBlocks).toBe(0);
    oracle.checkRange(1, 5, blocks([failed], 5)); // snapshot 1 was taken before it: must hold the first write
    expect(oracle.checkedBlocks).toBe(1);
    expect(oracle.mismatches).toBe(1);
  });

  it('counts a mismatch on a block a fault damaged as explained, and any other as a mismatch', () => {
    const damaged = new Set([7]);
    const oracle = new Oracle(new BlockGuard(), PAYLOAD, ['app'], (block) => damaged.has(block));
    const write7 = oracle.receiveWrite(7, 1, 0, 0, 1);
    const write8 = oracle.receiveWrite(8, 1, 0, 0, 2);
    oracle.checkRange('live', 7, blocks([0, 0], 7)); // both writes lost
    expect(oracle.explainedByFaults).toBe(1);
    expect(oracle.mismatches).toBe(1);
    expect(oracle.explainedDetails).toEqual([{ view: 'live', block: 7, when: 'final check', expected: `write #${write7} (app job 0, its write 1)`, found: 'initial content' }]);
    expect(oracle.details).toEqual([{ view: 'live', block: 8, when: 'final check', expected: `write #${write8} (app job 0, its write 2)`, found: 'initial content' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { BlockGuard, PENDING } from '../../workloads/block-guard.js';
import { Oracle } from '../../workloads/oracle.js';
import { decodeBlock, encodeWrite } from '../../workloads/payload.js';

const PAYLOAD = 32;

function blocks(writeIds: number[], firstBlock = 0): Uint8Array {
  const out = new Uint8Array(writeIds.length * PAYLOAD);
  writeIds.forEach((writeId, index) => {
    if (writeId > 0) out.set(encodeWrite(PAYLOAD, firstBlock + index, 1, { writeId, writer: 0, job: 0, writerSequence: writeId }), index * PAYLOAD);
  });
  return out;
}

describe('self-describing payloads', () => {
  it('round-trip writer, job, sequence and block, and flag damage', () => {
    const bytes = encodeWrite(PAYLOAD, 10, 2, { writeId: 7, writer: 3, job: 1, writerSequence: 99 });
    expect(decodeBlock(bytes, PAYLOAD, 11)).toEqual({ kind: 'stamp', stamp: { writeId: 7, block: 11, writer: 3, job: 1, writerSequence: 99 } });
    expect(decodeBlock(new Uint8Array(PAYLOAD), 0, 5)).toEqual({ kind: 'initial' });
    expect(decodeBlock(bytes, 0, 12)).toMatchObject({ kind: 'garbage', reason: 'data of block 10 (write 7) found at block 12' });
    const torn = bytes.slice();
    torn[9] = torn[9]! ^ 1;
    expect(decodeBlock(torn, 0, 10)).toMatchObject({ kind: 'garbage', reason: 'checksum mismatch (torn or damaged block)' });
  });
});

describe('the oracle (design.md section 2)', () => {
  it('defines the snapshot view by receive order and the live view by the last write received', () => {
    const oracle = new Oracle(new BlockGuard(), PAYLOAD, ['app']);
    const a = oracle.receiveWrite(0, 2, 0, 0, 1); // blocks 0, 1
    oracle.preserve(1);
    const b = oracle.receiveWrite(1, 1, 0, 0, 2);
    oracle.preserve(2);
    const c = oracle.receiveWrite(0, 1, 0, 0, 3);
    expect([oracle.snapshotValue(1, 0), oracle.snapshotValue(1, 1), oracle.snapshotValue(1, 2)]).toEqual([a, a, 0]);
    expect([oracle.snapshotValue(2, 0), oracle.snapshotValue(2, 1)]).toEqual([a, b]);
    expect([oracle.liveValue(0), oracle.liveValue(1)]).toEqual([c, b]);
  });

  it('checks every block in the final check and reports expected and found writes', () => {
    const oracle = new Oracle(new BlockGuard(), PAYLOAD, ['db']);
    const first = oracle.receiveWrite(0, 1, 0, 2, 1);
    oracle.preserve(1);
    oracle.receiveWrite(0, 1, 0, 2, 2);
    oracle.checkRange(1, 0, blocks([first, 0]));
    expect(oracle.mismatches).toBe(0);
    oracle.checkRange('live', 0, blocks([first, 0])); // live block 0 should hold the second write
    expect(oracle.checkedBlocks).toBe(4);
    expect(oracle.mismatches).toBe(1);
    expect(oracle.details[0]).toEqual({ view: 'live', block: 0, when: 'final check', expected: 'write #2 (db job 2, its write 2)', found: 'write #1 (db job 2, its write 1)' });
  });

  it('checks never-written blocks in bulk and still names the block that is not the initial content', () => {
    const oracle = new Oracle(new BlockGuard(), PAYLOAD, ['db']);
    const written = oracle.receiveWrite(1000, 1, 0, 0, 1);
    oracle.preserve(1);
    oracle.checkRange('live', 0, new Uint8Array(256 * PAYLOAD));
    oracle.checkRange(1, 0, new Uint8Array(256 * PAYLOAD));
    expect([oracle.checkedBlocks, oracle.mismatches]).toEqual([512, 0]);
    // Data where nothing was ever written (the engine read another block's chunk): the block is named.
    const misplaced = new Uint8Array(256 * PAYLOAD);
    misplaced.set(blocks([written], 1000), 7 * PAYLOAD);
    oracle.checkRange(1, 0, misplaced);
    expect(oracle.checkedBlocks).toBe(768);
    expect(oracle.mismatches).toBe(1);
    expect(oracle.details[0]).toMatchObject({ view: 'snapshot 1', block: 7, expected: 'initial content', found: 'unrecognised data: data of block 1000 (write 1) found at block 7' });
  });

  it('lets a snapshot view be checked against the live view only where nothing was written since its command and no write failed', () => {
    const oracle = new Oracle(new BlockGuard(), PAYLOAD, ['db']);
    oracle.receiveWrite(10, 1, 0, 0, 1);
    oracle.preserve(1);
    oracle.receiveWrite(20, 1, 0, 0, 2);
    expect(oracle.sameAsLive(1, 0, 20)).toBe(true); // block 10 written before the command only
    expect(oracle.sameAsLive(1, 0, 21)).toBe(false); // block 20 written since
    expect(oracle.sameAsLive(2, 0, 10)).toBe(false); // no such snapshot
    const failed = oracle.receiveWrite(30, 1, 0, 0, 3);
    oracle.writeFailed(failed);
    expect(oracle.sameAsLive(1, 0, 20)).toBe(false);
  });

  it('says whether a final check of a range found every block as expected', () => {
    const oracle = new Oracle(new BlockGuard(), PAYLOAD, ['db']);
    const first = oracle.receiveWrite(0, 1, 0, 0, 1);
    expect(oracle.checkRange('live', 0, blocks([first, 0]))).toBe(true);
    expect(oracle.checkRange('live', 0, blocks([0, 0]))).toBe(false);
  });

  it('leaves a read unchecked when a write to its block was in flight (value undefined)', () => {
    const guard = new BlockGuard();
    const oracle = new Oracle(guard, PAYLOAD, ['app']);
    const early = oracle.receiveWrite(4, 1, 0, 0, 1);
    guard.begin(4, 1, early); // received before the command, still in flight
    oracle.preserve(1);
    const snapshotRead = oracle.beginRead(1, 4, 1);
    const liveRead = oracle.beginRead('live', 4, 1);
    oracle.endRead(snapshotRead, blocks([0], 4), 'read');
    oracle.endRead(liveRead, blocks([0], 4), 'read');
    expect([oracle.checkedReads, oracle.uncheckedReads, oracle.mismatches]).toEqual([0, 2, 0]);
    guard.end(4, 1);
    // A write received after the command does not make the snapshot view undefined.
    const late = oracle.receiveWrite(4, 1, 0, 0, 2);
    guard.begin(4, 1, late);
    const check = oracle.beginRead(1, 4, 1);
    oracle.endRead(check, blocks([0], 4), 'read at 1 s');
    expect(oracle.mismatches).toBe(1);
    expect(oracle.details[0]).toMatchObject({ view: 'snapshot 1', expected: 'write #1 (app job 0, its write 1)', found: 'initial content' });
  });

  it('leaves a live read unchecked when a write to the block is received while it is in flight', () => {
    const oracle = new Oracle(new BlockGuard(), PAYLOAD, ['app']);
    const check = oracle.beginRead('live', 0, 1);
    oracle.receiveWrite(0, 1, 0, 0, 1);
    oracle.endRead(check, blocks([0]), 'read');
    expect([oracle.checkedReads, oracle.uncheckedReads, oracle.mismatches]).toEqual([0, 1, 0]);
  });
});

describe('the block guard', () => {
  it('holds a later overlapping write back until the earlier one completes', async () => {
    const guard = new BlockGuard();
    expect(guard.claim(0, 4)).toBeUndefined();
    expect(guard.writeInFlight(2)).toBe(PENDING);
    guard.begin(0, 4, 1);
    let second = false;
    const waiting = guard.claim(3, 2)!.then(() => (second = true));
    expect(guard.claim(8, 1)).toBeUndefined(); // a disjoint write passes at once
    await Promise.resolve();
    expect(second).toBe(false);
    guard.end(0, 4);
    await waiting;
    expect(second).toBe(true);
    expect(guard.heldBack).toBe(1);
  });

  it('lets only one of two writes woken together claim a block', async () => {
    const guard = new BlockGuard();
    guard.claim(0, 1);
    const order: string[] = [];
    const a = guard.claim(0, 1)!.then(() => order.push('a'));
    const b = guard.claim(0, 1)!.then(() => order.push('b'));
    guard.end(0, 1);
    await a;
    await Promise.resolve();
    await Promise.resolve();
    expect(order).toEqual(['a']); // b still waits for a's write
    guard.end(0, 1);
    await b;
    expect(order).toEqual(['a', 'b']);
  });
});

/**
 * The crash-state builder on hand-made operation logs: which writes a crash keeps at a cut
 * (durable, completed but unflushed, in flight, not yet issued), exactly, under each policy.
 */
import { describe, expect, it } from 'vitest';
import type { MemoryDevice } from '../../../engine/memory-device.js';
import { RandomStreams } from '../../../sim/random.js';
import { buildCrashState, durableFrontier, statePolicy, tornBlocks, writeStanding, type CrashStatePolicy } from '../../../workloads/crash/crash-state.js';
import { OperationLog, type LoggedWrite } from '../../../workloads/crash/operation-log.js';

const BLOCK = 4;

/** A block of BLOCK bytes all equal to `value`, `count` times. */
function blocks(value: number, count = 1): Uint8Array {
  return new Uint8Array(BLOCK * count).fill(value);
}

/** The first byte of every block of a device: 0 where nothing landed. */
function firstBytes(device: MemoryDevice): number[] {
  const bytes = device.readNow(0, device.blockCount);
  return Array.from({ length: device.blockCount }, (_, block) => bytes[block * BLOCK]!);
}

const none: CrashStatePolicy = { unflushed: 'none', inFlight: 'drop' };
const all: CrashStatePolicy = { unflushed: 'all', inFlight: 'land' };

/**
 * Boundaries:            0 w1 issue (a, block 0, value 1)
 *                        1 w1 done
 *                        2 f1 issue (a)
 *                        3 w2 issue (a, block 1, value 2)   issued during f1
 *                        4 w2 done                          completed after f1 was issued
 *                        5 f1 done                          w1 durable from cut 6; w2 not
 *                        6 w3 issue (a, blocks 2..3, value 3)
 *                        7 wb issue (b, block 0, value 9)
 *                        8 wb done
 *                        9 fb issue (b)
 *                       10 fb done                          wb durable from cut 11; nothing of a
 *                       11 f2 issue (a)
 *                       12 w3 done
 *                       13 f2 done                          w2 durable from cut 14; w3 completed after f2 was issued: not
 */
function handMadeLog(): { log: OperationLog; w1: LoggedWrite; w2: LoggedWrite; w3: LoggedWrite; wb: LoggedWrite } {
  const log = new OperationLog();
  const a = log.addDevice('a', BLOCK, 4);
  const b = log.addDevice('b', BLOCK, 2);
  const w1 = log.beginWrite(a, 0, blocks(1))!;
  log.end(w1, true);
  const f1 = log.beginFlush(a)!;
  const w2 = log.beginWrite(a, 1, blocks(2))!;
  log.end(w2, true);
  log.end(f1, true);
  const w3 = log.beginWrite(a, 2, blocks(3, 2))!;
  const wb = log.beginWrite(b, 0, blocks(9))!;
  log.end(wb, true);
  const fb = log.beginFlush(b)!;
  log.end(fb, true);
  const f2 = log.beginFlush(a)!;
  log.end(w3, true);
  log.end(f2, true);
  expect(log.boundaries).toBe(14);
  return { log, w1, w2, w3, wb };
}

describe('a crash state at a cut of the operation log', () => {
  it('keeps a write once a flush issued after it completed has completed, and not before', () => {
    const { log, w1, w2, w3, wb } = handMadeLog();
    const standing = (write: LoggedWrite, cut: number) => writeStanding(write, cut, durableFrontier(log, cut));
    expect([0, 1, 2, 5, 6, 14].map((cut) => standing(w1, cut))).toEqual(['absent', 'in-flight', 'unflushed', 'unflushed', 'durable', 'durable']);
    // f1 completed, but it was issued before w2 completed: it promises nothing about w2.
    expect([4, 5, 6, 13, 14].map((cut) => standing(w2, cut))).toEqual(['in-flight', 'unflushed', 'unflushed', 'unflushed', 'durable']);
    // A flush of device b makes nothing of device a durable.
    expect([9, 11, 12].map((cut) => standing(wb, cut))).toEqual(['unflushed', 'durable', 'durable']);
    expect(standing(w2, 11)).toBe('unflushed');
    expect([6, 7, 12, 13, 14].map((cut) => standing(w3, cut))).toEqual(['absent', 'in-flight', 'in-flight', 'unflushed', 'unflushed']);
  });

  it('holds exactly the durable writes when no unflushed write is kept and in-flight ones drop', () => {
    const { log } = handMadeLog();
    const at = (cut: number) => buildCrashState(log, cut, none).devices.map(firstBytes);
    expect(at(0)).toEqual([[0, 0, 0, 0], [0, 0]]);
    expect(at(5)).toEqual([[0, 0, 0, 0], [0, 0]]);
    expect(at(6)).toEqual([[1, 0, 0, 0], [0, 0]]);
    expect(at(11)).toEqual([[1, 0, 0, 0], [9, 0]]);
    expect(at(14)).toEqual([[1, 2, 0, 0], [9, 0]]);
    expect(buildCrashState(log, 14, none).figures).toEqual({ durable: 3, unflushedKept: 0, unflushedDropped: 1, inFlightDropped: 0, inFlightLanded: 0, torn: 0 });
  });

  it('holds every issued write when all unflushed ones are kept and in-flight ones land', () => {
    const { log } = handMadeLog();
    const at = (cut: number) => buildCrashState(log, cut, all).devices.map(firstBytes);
    expect(at(1)).toEqual([[1, 0, 0, 0], [0, 0]]);
    expect(at(4)).toEqual([[1, 2, 0, 0], [0, 0]]);
    expect(at(7)).toEqual([[1, 2, 3, 3], [0, 0]]);
    expect(buildCrashState(log, 7, all).figures).toEqual({ durable: 1, unflushedKept: 1, unflushedDropped: 0, inFlightDropped: 0, inFlightLanded: 1, torn: 0 });
    // Policy 1 of the explorer: the log replayed up to the cut, in-flight writes left out.
    expect(buildCrashState(log, 7, statePolicy(1)).devices.map(firstBytes)).toEqual([[1, 2, 0, 0], [0, 0]]);
  });

  it('keeps the latest surviving write of a block, and nothing of a write issued after the cut', () => {
    const log = new OperationLog();
    const a = log.addDevice('a', BLOCK, 2);
    const first = log.beginWrite(a, 0, blocks(1))!;
    log.end(first, true);
    const flush = log.beginFlush(a)!;
    log.end(flush, true);
    const second = log.beginWrite(a, 0, blocks(2))!;
    log.end(second, true);
    log.beginWrite(a, 1, blocks(5));
    // Cut 6: the second write completed but is unflushed; the third was never issued before it.
    expect(firstBytes(buildCrashState(log, 6, none).devices[0]!)).toEqual([1, 0]);
    expect(firstBytes(buildCrashState(log, 6, all).devices[0]!)).toEqual([2, 0]);
    expect(firstBytes(buildCrashState(log, 7, all).devices[0]!)).toEqual([2, 5]);
  });

  it('treats a failed write as in flight for ever', () => {
    const log = new OperationLog();
    const a = log.addDevice('a', BLOCK, 1);
    const failed = log.beginWrite(a, 0, blocks(4))!;
    log.end(failed, false);
    const flush = log.beginFlush(a)!;
    log.end(flush, true);
    expect(writeStanding(failed, log.boundaries, durableFrontier(log, log.boundaries))).toBe('in-flight');
    expect(firstBytes(buildCrashState(log, log.boundaries, none).devices[0]!)).toEqual([0]);
  });

  it('tears an in-flight write per block: some blocks new, the rest old, never a block half-written', () => {
    const log = new OperationLog();
    const a = log.addDevice('a', BLOCK, 4);
    const old = log.beginWrite(a, 0, blocks(1, 4))!;
    log.end(old, true);
    const flush = log.beginFlush(a)!;
    log.end(flush, true);
    log.beginWrite(a, 0, blocks(2, 4));
    const cut = log.boundaries;
    const outcomes = new Set<string>();
    const streams = new RandomStreams(7);
    const policy: CrashStatePolicy = { unflushed: 'none', inFlight: 'random' };
    for (let index = 0; index < 200; index++) {
      const state = buildCrashState(log, cut, policy, streams.fresh(`tear ${index}`));
      const device = state.devices[0]!;
      const bytes = device.readNow(0, 4);
      // Every byte of a block comes from the same write.
      for (let block = 0; block < 4; block++) expect(new Set(bytes.subarray(block * BLOCK, (block + 1) * BLOCK)).size).toBe(1);
      const values = firstBytes(device);
      const kind = values.every((value) => value === 1) ? 'dropped' : values.every((value) => value === 2) ? 'landed' : 'torn';
      expect(state.figures.torn).toBe(kind === 'torn' ? 1 : 0);
      outcomes.add(kind);
    }
    expect([...outcomes].sort()).toEqual(['dropped', 'landed', 'torn']);
  });

  it('chooses a random subset of the unflushed writes, the same one for the same stream', () => {
    const log = new OperationLog();
    const a = log.addDevice('a', BLOCK, 16);
    for (let block = 0; block < 16; block++) log.end(log.beginWrite(a, block, blocks(block + 1))!, true);
    const policy = statePolicy(2);
    const streams = new RandomStreams(3);
    const state = buildCrashState(log, log.boundaries, policy, streams.fresh('subset'));
    const kept = firstBytes(state.devices[0]!).filter((value) => value !== 0).length;
    expect(kept).toBe(state.figures.unflushedKept);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(16);
    expect(firstBytes(buildCrashState(log, log.boundaries, policy, streams.fresh('subset')).devices[0]!)).toEqual(firstBytes(state.devices[0]!));
  });

  it('tears to a proper non-empty subset of the blocks', () => {
    const streams = new RandomStreams(11);
    for (let index = 0; index < 300; index++) {
      const count = 2 + (index % 5);
      const landed = tornBlocks(count, streams.fresh(`t${index}`));
      expect(landed.length).toBeGreaterThan(0);
      expect(landed.length).toBeLessThan(count);
      expect(new Set(landed).size).toBe(landed.length);
      expect(landed.every((block) => block >= 0 && block < count)).toBe(true);
    }
  });

  it('refuses a cut outside the log and a random policy without a stream', () => {
    const { log } = handMadeLog();
    expect(() => buildCrashState(log, 15, none)).toThrow(RangeError);
    expect(() => buildCrashState(log, -1, none)).toThrow(RangeError);
    expect(() => buildCrashState(log, 3, statePolicy(2))).toThrow(/random stream/);
  });
});

/**
 * The accepted values of a block after a crash, on hand-made histories: the floor is the last
 * write acknowledged before the start of a volume.flush() that completed before the cut; any
 * later write received before the cut is accepted too; a snapshot view only counts writes
 * received before its preserve command.
 */
import { describe, expect, it } from 'vitest';
import { AcceptedView, acceptedWrites } from '../../../workloads/crash/accepted-values.js';
import { WriteHistory } from '../../../workloads/crash/write-history.js';

/** A history whose log position the test moves by hand. */
function history(): { history: WriteHistory; at(position: number): void } {
  let position = 0;
  return { history: new WriteHistory(() => position), at: (next) => void (position = next) };
}

describe('accepted values of a block at a cut', () => {
  it('accept only the initial content and what was received, until a flush completes', () => {
    const { history: h, at } = history();
    at(2);
    h.received(1, 10, 1);
    at(5);
    h.settled(1, true);
    // No volume.flush() completed: the acknowledged write may be lost.
    expect(acceptedWrites(h, 10, 6, h.flushedBefore(6))).toEqual([0, 1]);
    // Received at position 2: a cut before it cannot show it.
    expect(acceptedWrites(h, 10, 1, h.flushedBefore(1))).toEqual([0]);
    expect(acceptedWrites(h, 11, 6, h.flushedBefore(6))).toEqual([0]);
  });

  it('make the last write acknowledged before a completed flush started the floor', () => {
    const { history: h, at } = history();
    at(1);
    h.received(1, 10, 2); // blocks 10 and 11
    at(3);
    h.settled(1, true);
    at(4);
    const flush = h.flushStarted();
    at(5);
    h.received(2, 10, 1); // acknowledged after the flush started: not covered by it
    at(7);
    h.settled(2, true);
    at(9);
    h.flushCompleted(flush);
    at(12);
    h.received(3, 10, 1);
    // Before the flush completed (its completion is at position 9): nothing is promised yet.
    expect(acceptedWrites(h, 10, 8, h.flushedBefore(8))).toEqual([0, 1, 2]);
    // From the cut at its completion on, write 1 is acknowledged and flushed.
    expect(acceptedWrites(h, 10, 9, h.flushedBefore(9))).toEqual([1, 2]);
    expect(acceptedWrites(h, 11, 9, h.flushedBefore(9))).toEqual([1]);
    // Write 3 counts once received.
    expect(acceptedWrites(h, 10, 11, h.flushedBefore(11))).toEqual([1, 2]);
    expect(acceptedWrites(h, 10, 12, h.flushedBefore(12))).toEqual([1, 2, 3]);
  });

  it('use the latest completed flush, and order acknowledgement and flush start exactly at one position', () => {
    const { history: h, at } = history();
    at(1);
    h.received(1, 0, 1);
    at(2);
    const first = h.flushStarted(); // started before write 1 was acknowledged, at the same position
    h.settled(1, true);
    const second = h.flushStarted(); // started after it
    at(3);
    h.flushCompleted(first);
    expect(acceptedWrites(h, 0, 3, h.flushedBefore(3))).toEqual([0, 1]);
    at(6);
    h.flushCompleted(second);
    expect(acceptedWrites(h, 0, 6, h.flushedBefore(6))).toEqual([1]);
    expect(h.flushedBefore(5)).toBe(h.flushedBefore(3));
  });

  it('never make a failed write the floor, though it may have landed', () => {
    const { history: h, at } = history();
    at(1);
    h.received(1, 0, 1);
    h.settled(1, true);
    h.received(2, 0, 1);
    h.settled(2, false);
    at(2);
    const flush = h.flushStarted();
    at(3);
    h.flushCompleted(flush);
    expect(acceptedWrites(h, 0, 3, h.flushedBefore(3))).toEqual([1, 2]);
  });

  it('count only writes received before the preserve command in a snapshot view', () => {
    const { history: h, at } = history();
    at(1);
    h.received(1, 5, 1);
    h.settled(1, true);
    h.received(2, 5, 1);
    h.preserved(1, 3); // writes 1 and 2 belong to snapshot 1's view
    h.received(3, 5, 1);
    h.settled(2, true);
    h.settled(3, true);
    at(2);
    const flush = h.flushStarted();
    at(4);
    h.flushCompleted(flush);
    // Live: write 3 is acknowledged and flushed; snapshot 1: write 2 is its floor, write 3 never counts.
    expect(acceptedWrites(h, 5, 4, h.flushedBefore(4))).toEqual([3]);
    expect(acceptedWrites(h, 5, 4, h.flushedBefore(4), h.snapshots.get(1)!.nextWriteId)).toEqual([2]);
    // Before the flush completed, the snapshot view may still hold write 1 or 2, or the initial content.
    expect(acceptedWrites(h, 5, 3, h.flushedBefore(3), 3)).toEqual([0, 1, 2]);
    const view = new AcceptedView(h, 4, h.flushedBefore(4), 3);
    expect(view.of(5)).toEqual([2]);
    expect(view.of(6)).toEqual([0]);
  });

  it('refuse a history in which a block is written out of receive order', () => {
    const { history: h } = history();
    h.received(2, 0, 1);
    expect(() => h.received(1, 0, 1)).toThrow(/received after write 2/);
  });
});

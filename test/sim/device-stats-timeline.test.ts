import { describe, expect, it } from 'vitest';
import { DeviceStatistics } from '../../sim/device-stats.js';

const identity = { name: 'd', model: 'fixed', scheduler: 'fifo', payloadBytesAllocated: 0, figures: {} };

describe('the queue depth timeline', () => {
  it('keeps a row per interval, and survives a clock that jumps far ahead without growing without bound', () => {
    const stats = new DeviceStatistics(0, 1000);
    stats.queued(0);
    stats.queued(500); // two requests in the device from 500 ns
    expect(stats.snapshot(3000, identity).queueDepth.timeline!.meanInDevice).toEqual([1.5, 2, 2]);
    // A drain waiting for an event 10^15 ns away: 10^12 intervals, but the rows stop at the cap.
    stats.queued(1e15);
    expect(stats.snapshot(1e15, identity).queueDepth.timeline!.meanInDevice).toHaveLength(1_000_000);
  });
});

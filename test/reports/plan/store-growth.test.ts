/** The store-size extrapolation on crafted timelines, checked against sums worked out by hand. */
import { describe, expect, it } from 'vitest';
import { estimateStore, parseRetention, retainedChunks, type StoreGrowthInput } from '../../../reports/plan/store-growth.js';

const CHUNK = 65_536;

/** Preserve commands every 2 s from 2 s, 3 retained; each image grows 50 chunks/s; a 10 s run. */
function periodicRun(): StoreGrowthInput {
  // Snapshots taken at 2, 4, 6, 8 s; snapshot 1 deleted at 8 s (retain 3, a fourth taken).
  const snapshots = [
    { id: 1, takenAtSeconds: 2, deletedAtSeconds: 8, storeChunksUsed: 300, state: 'deleted' },
    { id: 2, takenAtSeconds: 4, deletedAtSeconds: null, storeChunksUsed: 300, state: 'valid' },
    { id: 3, takenAtSeconds: 6, storeChunksUsed: 200, state: 'valid' },
    { id: 4, takenAtSeconds: 8, storeChunksUsed: 100, state: 'valid' },
  ];
  // Chunks in use at the end of each 1 s interval: the sum over the snapshots alive then.
  const inUse = (t: number) =>
    snapshots.reduce((sum, snapshot) => {
      const end = snapshot.deletedAtSeconds ?? 10;
      if (t <= snapshot.takenAtSeconds || t > end) return sum;
      return sum + 50 * (t - snapshot.takenAtSeconds);
    }, 0);
  return {
    timeline: Array.from({ length: 10 }, (_, index) => ({ atSeconds: index, storeChunksUsed: inUse(index + 1) })),
    intervalSeconds: 1,
    snapshots,
    endSeconds: 10,
    preserveIntervalSeconds: 2,
    volumeChunks: 4096,
    chunkSizeBytes: CHUNK,
  };
}

describe('snapshot store extrapolation', () => {
  it('measures each snapshot\'s growth from its chunks over its life', () => {
    const estimate = estimateStore(periodicRun(), { kind: 'snapshots', count: 3 });
    expect(estimate.snapshots.map((snapshot) => [snapshot.id, snapshot.lifeSeconds, snapshot.chunksPerSecond])).toEqual([
      [1, 6, 50],
      [2, 6, 50],
      [3, 4, 50],
      [4, 2, 50],
    ]);
    expect(estimate.growthChunksPerSecond).toBe(50);
  });

  it('finds the observed peak on the timeline', () => {
    const estimate = estimateStore(periodicRun(), { kind: 'snapshots', count: 3 });
    // At 8 s: snapshot 1 (300) + 2 (200) + 3 (100) before the deletion.
    expect(estimate.observedPeakChunks).toBe(600);
    expect(estimate.observedPeakAtSeconds).toBe(8);
  });

  it('N snapshots every T: aged T, 2T, ..., NT at the fullest', () => {
    const estimate = estimateStore(periodicRun(), { kind: 'snapshots', count: 3 });
    // 50 chunks/s * (2 + 4 + 6) s = 600 chunks, as the run itself showed.
    expect(estimate).toMatchObject({ snapshotsRetained: 3, oldestAgeSeconds: 6, largestImageChunks: 300, chunks: 600, bytes: 600 * CHUNK, capped: false });
  });

  it('a time window keeps floor(W / T) snapshots; old ones are capped at the volume\'s chunks', () => {
    // 1 h / 2 s = 1800 snapshots; an image reaches 4096 chunks after 81.92 s, i.e. 40 steps of 100 chunks uncapped.
    const estimate = estimateStore(periodicRun(), { kind: 'window', seconds: 3600 });
    expect(estimate.snapshotsRetained).toBe(1800);
    const byHand = (100 * 40 * 41) / 2 + (1800 - 40) * 4096;
    expect(estimate.chunks).toBe(byHand);
    expect(estimate.bytes).toBe(byHand * CHUNK);
    expect(estimate.largestImageChunks).toBe(4096);
    expect(estimate.capped).toBe(true);
    // The closed form equals the plain sum.
    let sum = 0;
    for (let k = 1; k <= 1800; k++) sum += Math.min(4096, 100 * k);
    expect(retainedChunks(50, 2, 1800, 4096).chunks).toBe(sum);
  });

  it('one snapshot kept for a window when the scenario takes a single snapshot', () => {
    const input: StoreGrowthInput = {
      timeline: [0, 1, 2, 3].map((index) => ({ atSeconds: index * 0.5, storeChunksUsed: 40 * (index + 1) })),
      intervalSeconds: 0.5,
      snapshots: [{ id: 1, takenAtSeconds: 0, storeChunksUsed: 160, state: 'valid' }],
      endSeconds: 2,
      volumeChunks: 1_000_000,
      chunkSizeBytes: CHUNK,
    };
    const estimate = estimateStore(input, parseRetention('24h'));
    expect(estimate.growthChunksPerSecond).toBe(80);
    expect(estimate).toMatchObject({ snapshotsRetained: 1, oldestAgeSeconds: 86_400, chunks: 1_000_000, capped: true });
    expect(estimateStore(input, parseRetention('90min')).chunks).toBe(80 * 5400);
    expect(() => estimateStore(input, parseRetention('8'))).toThrowError(/--retention: 8 snapshots: expected a time window/);
  });

  it('parses --retention as a count or a window', () => {
    expect(parseRetention('8')).toEqual({ kind: 'snapshots', count: 8 });
    expect(parseRetention('24h')).toEqual({ kind: 'window', seconds: 86_400 });
    expect(parseRetention('30s')).toEqual({ kind: 'window', seconds: 30 });
    expect(() => parseRetention('0')).toThrowError(/^--retention:/);
    expect(() => parseRetention('a day')).toThrowError(/^--retention:/);
  });
});

describe('the run\'s own peak as a floor', () => {
  it('a retention at least the run\'s own never gets less than the run used', () => {
    // Same growth, but the run kept 3 snapshots and, with late deletions, once held 900 chunks.
    const input = { ...periodicRun(), runRetained: 3 };
    const timeline = input.timeline.map((row, index) => (index === 6 ? { ...row, storeChunksUsed: 900 } : row));
    const estimate = estimateStore({ ...input, timeline }, { kind: 'snapshots', count: 3 });
    expect(estimate.chunks).toBe(900);
    expect(estimate.notes.join('\n')).toMatch(/the run itself used 900 chunks at 7 s, more than the model's 600/);
    // Fewer snapshots than the run kept: the model alone (50 chunks/s * (2 + 4) s).
    expect(estimateStore({ ...input, timeline }, { kind: 'snapshots', count: 2 }).chunks).toBe(300);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeOnVolume } from '../../../workloads/traces/volume-placement.js';

const geometry = fc
  .record({ blockShift: fc.integer({ min: 9, max: 16 }), blocks: fc.integer({ min: 1, max: 1 << 20 }) })
  .map(({ blockShift, blocks }) => ({ blockSizeBytes: 2 ** blockShift, sizeBytes: blocks * 2 ** blockShift }));
const io = fc.record({
  offsetBytes: fc.integer({ min: 0, max: 2 ** 44 }),
  sizeBytes: fc.integer({ min: 1, max: 4 << 20 }),
});

describe('placing traced I/Os on the volume', () => {
  it('folds every I/O inside the volume at a block-aligned offset, never empty', () => {
    fc.assert(
      fc.property(geometry, io, fc.boolean(), (volume, { offsetBytes, sizeBytes }, align) => {
        const placed = placeOnVolume(offsetBytes, sizeBytes, volume, { align }, 'trace', 'line 1');
        expect(placed.offsetBytes % volume.blockSizeBytes).toBe(0);
        expect(placed.sizeBytes).toBeGreaterThan(0);
        expect(placed.offsetBytes + placed.sizeBytes).toBeLessThanOrEqual(volume.sizeBytes);
        if (align) expect(placed.sizeBytes % volume.blockSizeBytes).toBe(0);
      }),
    );
  });

  it('aligned, an I/O that fits keeps covering every byte of the original', () => {
    fc.assert(
      fc.property(geometry, io, (volume, traced) => {
        const offsetBytes = traced.offsetBytes % volume.sizeBytes;
        const sizeBytes = Math.min(traced.sizeBytes, volume.sizeBytes - offsetBytes);
        const placed = placeOnVolume(offsetBytes, sizeBytes, volume, { fold: false }, 'trace', 'line 1');
        expect(placed.offsetBytes).toBeLessThanOrEqual(offsetBytes);
        expect(placed.offsetBytes + placed.sizeBytes).toBeGreaterThanOrEqual(offsetBytes + sizeBytes);
        expect(offsetBytes - placed.offsetBytes).toBeLessThan(volume.blockSizeBytes);
      }),
    );
  });
});

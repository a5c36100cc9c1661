/**
 * Sizes read as fio reads them, except one spelling: fio's k, m, g (either case) and KiB, MiB,
 * GiB are powers of 1024; KB, MB, GB are powers of 1000, so 4KB is 4000 bytes where fio reads
 * 4096. Every message about a size that does not parse, or that looks like a KB meant as KiB, says so.
 */
import { describe, expect, it } from 'vitest';
import { decimalSizeHint, parseSize, SIZE_UNITS_NOTE } from '../../workloads/scenario/units.js';
import { scenarioFromObject } from '../../workloads/scenario/load.js';
import type { RawScenario } from '../../workloads/scenario/schema.js';

const base: RawScenario = {
  name: 'sizes',
  duration: '10ms',
  volume: { size: '8MiB', blockSize: '4KiB', chunkSize: '64KiB' },
  devices: { origin: { preset: 'nvme-pcie4' }, snapshotStore: { preset: 'ssd-sata', size: '64MiB' } },
  workloads: [{ name: 'w', rw: 'randwrite' }],
};

function refusal(raw: unknown): string {
  try {
    scenarioFromObject(raw, 'sizes.yaml');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('size units', () => {
  it("reads fio's lowercase k, m, g, t as powers of 1024, and KB, MB, GB as powers of 1000", () => {
    expect([parseSize('4k'), parseSize('1m'), parseSize('2g'), parseSize('1t'), parseSize('64K'), parseSize('1M')]).toEqual([4096, 1024 ** 2, 2 * 1024 ** 3, 1024 ** 4, 65536, 1024 ** 2]);
    expect([parseSize('4KiB'), parseSize('4KB'), parseSize('4kb'), parseSize('1MB'), parseSize('1GB')]).toEqual([4096, 4000, 4000, 1e6, 1e9]);
  });

  it('says how units read when a size does not parse', () => {
    expect(SIZE_UNITS_NOTE).toContain('4KB is 4000 bytes, not 4096 as fio reads it');
    const message = refusal({ ...base, volume: { ...base.volume, size: '8 gigs' } });
    expect(message).toContain('volume.size: expected a size such as 4096, 4KiB, 64k or 8GiB, found "8 gigs"');
    expect(message).toContain(SIZE_UNITS_NOTE);
    expect(refusal({ ...base, workloads: [{ name: 'w', rw: 'randwrite', range: { size: '1 lot' } }] })).toContain(SIZE_UNITS_NOTE);
  });

  it('says how KB reads when a size in thousands is no multiple of a block', () => {
    expect(refusal({ ...base, volume: { ...base.volume, chunkSize: '64KB' } })).toContain(`volume.chunkSize: expected a multiple of volume.blockSize (4096 bytes), found 64000 (${SIZE_UNITS_NOTE})`);
    expect(refusal({ ...base, volume: { ...base.volume, blockSize: '4KB' } })).toContain(`found 4000 (${SIZE_UNITS_NOTE})`);
    expect(refusal({ ...base, workloads: [{ name: 'w', rw: 'randwrite', blockSize: '8KB' }] })).toContain(`found 8000 (${SIZE_UNITS_NOTE})`);
    expect(refusal({ ...base, workloads: [{ name: 'w', rw: 'randwrite', blockSize: { '8KB': 50, '4k': 50 } }] })).toContain(`found "8KB" (${SIZE_UNITS_NOTE})`);
    // Not every refused size is a KB mistake.
    expect(decimalSizeHint(4097, 4096)).toBe('');
    expect(decimalSizeHint(8000, 4000)).toBe('');
  });
});

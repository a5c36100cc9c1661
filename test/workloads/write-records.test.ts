import { describe, expect, it } from 'vitest';
import { WriteRecords } from '../../workloads/write-records.js';

describe('WriteRecords', () => {
  it('keeps writer, job and sequence per write id across pages, and failure marks only where set', () => {
    const records = new WriteRecords();
    const ids = [1, 2, 65_535, 65_536, 65_537, 1_000_000];
    for (const id of ids) records.add(id, id % 7, id % 5, id * 3);
    for (const id of ids) expect([records.writer(id), records.job(id), records.sequence(id)]).toEqual([id % 7, id % 5, (id * 3) >>> 0]);
    expect(records.anyFailed).toBe(false);
    expect(ids.some((id) => records.failed(id))).toBe(false);
    records.markFailed(65_536);
    expect(records.anyFailed).toBe(true);
    expect(ids.filter((id) => records.failed(id))).toEqual([65_536]);
    expect(records.failed(0)).toBe(false);
  });
});

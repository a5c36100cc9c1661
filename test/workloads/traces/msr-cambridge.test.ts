import { describe, expect, it } from 'vitest';
import { InputError } from '../../../engine/errors.js';
import { openTrace } from '../../../workloads/traces/index.js';
import { collect, fixture, rejection } from './helpers.js';

describe('MSR Cambridge CSV', () => {
  it('converts filetime ticks to ns from the first record, with offsets, sizes and operations', async () => {
    const records = await collect(openTrace(fixture('msr-hm-0.csv')));
    expect(records).toEqual([
      { atNs: 0, operation: 'read', offsetBytes: 3154661376, sizeBytes: 4096, line: 1 },
      { atNs: 1_000_000, operation: 'write', offsetBytes: 3154010112, sizeBytes: 4096, line: 2 },
      { atNs: 2_000_000, operation: 'write', offsetBytes: 1048576, sizeBytes: 8192, line: 3 },
      { atNs: 3_000_000, operation: 'read', offsetBytes: 65536, sizeBytes: 512, line: 4 },
      { atNs: 100_000_000, operation: 'write', offsetBytes: 7014912, sizeBytes: 16384, line: 5 },
    ]);
  });

  it('keeps one host and disk when filtered, timing from the first record kept', async () => {
    const disk0 = await collect(openTrace(fixture('msr-hm-0.csv'), { msr: { hostname: 'hm', diskNumber: 0 } }));
    expect(disk0.map((r) => [r.line, r.atNs])).toEqual([
      [1, 0],
      [2, 1_000_000],
      [5, 100_000_000],
    ]);
    const disk1 = await collect(openTrace(fixture('msr-hm-0.csv'), { msr: { diskNumber: 1 } }));
    expect(disk1.map((r) => [r.line, r.atNs])).toEqual([[3, 0]]);
    const prn = await collect(openTrace(fixture('msr-hm-0.csv'), { msr: { hostname: 'prn' } }));
    expect(prn.map((r) => r.line)).toEqual([4]);
  });

  it('accepts a header line, CRLF line ends and blank lines', async () => {
    const text =
      'Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime\r\n' +
      '128166385295514663,hm,0,Write,9056014336,2048,2833\r\n' +
      '\r\n' +
      '128166385295524663,hm,0,Read,9056016384,2048,113\r\n';
    const records = await collect(openTrace({ name: 'hm_0.csv', text }));
    expect(records).toEqual([
      { atNs: 0, operation: 'write', offsetBytes: 9056014336, sizeBytes: 2048, line: 2 },
      { atNs: 1_000_000, operation: 'read', offsetBytes: 9056016384, sizeBytes: 2048, line: 4 },
    ]);
  });

  it('names the file, line, column and what was expected on the first malformed line', async () => {
    const path = fixture('msr-bad-offset.csv');
    const error = await rejection(collect(openTrace(path)));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      `${path}: line 3, column Offset: expected a non-negative integer byte offset, found "-4096"`,
    );
    expect(error).toMatchObject({ file: path, field: 'line 3, column Offset' });
  });

  it('rejects a line with the wrong number of columns and a bad Type', async () => {
    const wrongCount = await rejection(
      collect(openTrace({ name: 't.csv', text: '128166372003061629,hm,0,Read,0,4096,1\n128166372003061629,hm,0,Read,0,4096\n' })),
    );
    expect(wrongCount.message).toBe(
      't.csv: line 2: expected 7 comma-separated columns (Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime), found "128166372003061629,hm,0,Read,0,4096"',
    );
    const badType = await rejection(collect(openTrace({ name: 't.csv', text: '128166372003061629,hm,0,Trim,0,4096,1\n' })));
    expect(badType.message).toBe('t.csv: line 1, column Type: expected Read or Write, found "Trim"');
  });

  it('reports a filter that keeps nothing', async () => {
    const error = await rejection(collect(openTrace(fixture('msr-hm-0.csv'), { msr: { hostname: 'web' } })));
    expect(error.message).toBe(
      `${fixture('msr-hm-0.csv')}: records: expected at least one read or write record of non-zero size (selected by hostname web), found none in 5 lines`,
    );
  });
});

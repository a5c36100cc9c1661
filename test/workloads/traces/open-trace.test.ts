import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../engine/errors.js';
import { detectTraceFormat, openTrace, readTraceFormat, type TraceOptions } from '../../../workloads/traces/index.js';
import { collect, fixture, rejection } from './helpers.js';

// Four MSR records 1 ms apart (10,000 ticks of 100 ns).
const msr = (rows: Array<[type: string, offset: number, size: number]>): string =>
  rows.map(([type, offset, size], index) => `${128166372003061629 + index * 10000},hm,0,${type},${offset},${size},100\n`).join('');
const trace = (text: string, options?: TraceOptions) => collect(openTrace({ name: 'hm_0.csv', text }, options));

describe('time scaling', () => {
  const text = msr([['Read', 0, 4096], ['Write', 4096, 4096], ['Read', 8192, 4096], ['Write', 0, 4096]]);

  it('divides times by the speed factor: 2 is twice as fast', async () => {
    expect((await trace(text, { speed: 2 })).map((r) => r.atNs)).toEqual([0, 500_000, 1_000_000, 1_500_000]);
    expect((await trace(text, { speed: 0.5 })).map((r) => r.atNs)).toEqual([0, 2_000_000, 4_000_000, 6_000_000]);
  });

  it('keeps integer nanoseconds', async () => {
    const times = (await trace(text, { speed: 3 })).map((r) => r.atNs);
    expect(times).toEqual([0, 333_333, 666_667, 1_000_000]);
  });

  it('never goes back in time: an earlier-stamped record is issued with its predecessor', async () => {
    const outOfOrder =
      '128166372003071629,hm,0,Read,0,4096,1\n128166372003061629,hm,0,Read,4096,4096,1\n128166372003081629,hm,0,Read,8192,4096,1\n';
    expect((await trace(outOfOrder)).map((r) => r.atNs)).toEqual([0, 0, 1_000_000]);
  });
});

describe('address folding and alignment onto the volume', () => {
  const volume = { sizeBytes: 1 << 20, blockSizeBytes: 4096 };

  it('leaves addresses alone without a volume', async () => {
    const [record] = await trace(msr([['Read', 5_000_000_123, 1000]]));
    expect(record).toMatchObject({ offsetBytes: 5_000_000_123, sizeBytes: 1000 });
  });

  it('folds offsets modulo the volume size, aligned down to the block size', async () => {
    const records = await trace(msr([['Write', 3 * (1 << 20) + 8192, 4096], ['Write', (1 << 20) + 5000, 4096]]), {
      volume,
      align: false,
    });
    expect(records.map((r) => [r.offsetBytes, r.sizeBytes])).toEqual([
      [8192, 4096],
      [4096, 4096],
    ]);
  });

  it('clips an I/O that would cross the end of the volume (never splits it)', async () => {
    const records = await trace(msr([['Write', 2 * (1 << 20) - 8192, 65536]]), { volume });
    expect(records.map((r) => [r.offsetBytes, r.sizeBytes])).toEqual([[(1 << 20) - 8192, 8192]]);
  });

  it('aligns offsets down and ends up, covering every byte of the original I/O', async () => {
    const records = await trace(msr([['Read', 4000, 200], ['Read', 8192, 512], ['Read', 12288, 8192]]), { volume });
    expect(records.map((r) => [r.offsetBytes, r.sizeBytes])).toEqual([
      [0, 8192],
      [8192, 4096],
      [12288, 8192],
    ]);
  });

  it('rejects an I/O beyond the volume when folding is off', async () => {
    const error = await rejection(trace(msr([['Read', 0, 4096], ['Read', 1 << 20, 4096]]), { volume, fold: false }));
    expect(error.message).toBe(
      'hm_0.csv: line 2: expected an I/O inside the volume of 1048576 bytes (or turn folding on), found bytes 1048576..1052672',
    );
  });
});

describe('start, skip and limit', () => {
  const text = msr([['Read', 0, 512], ['Read', 512, 512], ['Read', 1024, 512], ['Read', 1536, 512]]);

  it('starts at a trace time, then skips, then stops after maxRecords; times from the first record kept', async () => {
    expect((await trace(text, { startAtNs: 1_000_000 })).map((r) => [r.line, r.atNs])).toEqual([
      [2, 0],
      [3, 1_000_000],
      [4, 2_000_000],
    ]);
    expect((await trace(text, { skipRecords: 1, maxRecords: 2 })).map((r) => r.line)).toEqual([2, 3]);
    expect((await trace(text, { startAtNs: 1_500_000, skipRecords: 1 })).map((r) => r.line)).toEqual([4]);
  });

  it('skips zero-length I/Os', async () => {
    expect((await trace(msr([['Read', 0, 0], ['Write', 0, 512]]))).map((r) => [r.line, r.atNs])).toEqual([[2, 0]]);
  });

  it('rejects bad options at once', () => {
    const source = { name: 'hm_0.csv', text };
    expect(() => openTrace(source, { speed: 0 })).toThrow('hm_0.csv: options.speed: expected a positive speed factor, found 0');
    expect(() => openTrace(source, { maxRecords: 0 })).toThrow(InputError);
    expect(() => openTrace(source, { volume: { sizeBytes: 5000, blockSizeBytes: 4096 } })).toThrow(
      'hm_0.csv: options.volume.sizeBytes: expected a positive multiple of the block size 4096, found 5000',
    );
  });
});

describe('format detection', () => {
  it('recognizes each format by its first non-blank line', () => {
    expect(detectTraceFormat(['', '128166372003061629,hm,0,Read,0,4096,1'])).toBe('msr-cambridge');
    expect(detectTraceFormat(['Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime'])).toBe('msr-cambridge');
    expect(detectTraceFormat(['  8,0    3        1     0.000000000   697  G   W 223490 + 8 [kjournald]'])).toBe('blkparse');
    expect(detectTraceFormat(['fio version 2 iolog'])).toBe('fio-iolog-v2');
    expect(detectTraceFormat(['fio version 3 iolog'])).toBe('fio-iolog-v3');
    expect(detectTraceFormat(['fio version 1 iolog'])).toBeUndefined();
    expect(detectTraceFormat(['', '  '])).toBeUndefined();
  });

  it('detects the fixtures by content', async () => {
    expect(await readTraceFormat(fixture('msr-hm-0.csv'))).toBe('msr-cambridge');
    expect(await readTraceFormat(fixture('blkparse-sda.txt'))).toBe('blkparse');
    expect(await readTraceFormat(fixture('fio-v2.log'))).toBe('fio-iolog-v2');
    expect(await readTraceFormat(fixture('fio-v3.log'))).toBe('fio-iolog-v3');
  });

  it('obeys an explicit format over detection', async () => {
    const error = await rejection(collect(openTrace(fixture('msr-hm-0.csv'), { format: 'blkparse' })));
    expect(error.message).toMatch(/records: expected at least one read or write record/);
  });

  it('lists the formats when it recognizes none, without showing the line', async () => {
    const error = await rejection(collect(openTrace({ name: 'odd.txt', text: '\nR 0 4096\n' })));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'odd.txt: format (line 2): expected a trace in one of the formats msr-cambridge, blkparse, fio-iolog-v2, fio-iolog-v3 (or the format option), found a line in none of them (content not shown: the file is not recognised as a trace)',
    );
  });

  it('rejects an empty trace, a trace without records and a missing file', async () => {
    expect((await rejection(collect(openTrace({ name: 'empty.csv', text: '' })))).message).toBe(
      'empty.csv: content: expected a trace with at least one record, found an empty file',
    );
    expect((await rejection(collect(openTrace({ name: 'blank.csv', text: '\n \n' })))).message).toBe(
      'blank.csv: content: expected a trace with at least one record, found an empty file',
    );
    expect((await rejection(collect(openTrace({ name: 'header.log', text: 'fio version 2 iolog\n/a add\n' })))).message).toBe(
      'header.log: records: expected at least one read or write record of non-zero size, found none in 2 lines',
    );
    const missing = join(tmpdir(), 'cowsim-no-such-trace.csv');
    expect((await rejection(collect(openTrace(missing)))).message).toBe(
      `${missing}: file: expected an existing trace file, found no such file`,
    );
  });
});

describe('sources', () => {
  const directory = mkdtempSync(join(tmpdir(), 'cowsim-traces-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('reads gzip-compressed traces (.gz), as the MSR traces are published', async () => {
    const path = join(directory, 'hm_0.csv.gz');
    writeFileSync(path, gzipSync(readFileSync(fixture('msr-hm-0.csv'))));
    expect(await collect(openTrace(path))).toEqual(await collect(openTrace(fixture('msr-hm-0.csv'))));
  });

  it('names a damaged gzip file and a directory', async () => {
    const path = join(directory, 'damaged.csv.gz');
    writeFileSync(path, 'not gzip at all\n');
    expect((await rejection(collect(openTrace(path)))).message).toMatch(
      new RegExp(`^${path}: file: expected a valid gzip-compressed trace, found damaged gzip data`),
    );
    expect((await rejection(collect(openTrace(directory)))).message).toBe(
      `${directory}: file: expected a trace file, found a directory`,
    );
  });

  it('replays the same records on every iteration', async () => {
    const records = openTrace(fixture('fio-v3.log'));
    expect(await collect(records)).toEqual(await collect(records));
  });
});

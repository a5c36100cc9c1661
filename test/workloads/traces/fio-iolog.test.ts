import { describe, expect, it } from 'vitest';
import { InputError } from '../../../engine/errors.js';
import { openTrace } from '../../../workloads/traces/index.js';
import { collect, fixture, rejection } from './helpers.js';

describe('fio iolog version 2', () => {
  it('yields reads and writes, untimed, with not-before times from wait actions (microseconds)', async () => {
    const records = await collect(openTrace(fixture('fio-v2.log')));
    expect(records).toEqual([
      { atNs: 0, operation: 'write', offsetBytes: 0, sizeBytes: 4096, line: 4, untimed: true },
      { atNs: 0, operation: 'read', offsetBytes: 8192, sizeBytes: 4096, line: 5, untimed: true },
      { atNs: 500_000, operation: 'write', offsetBytes: 1048576, sizeBytes: 65536, line: 7, untimed: true },
      { atNs: 750_000, operation: 'read', offsetBytes: 4096, sizeBytes: 512, line: 11, untimed: true },
    ]);
  });

  it('keeps the I/Os of one file when filtered', async () => {
    const text = 'fio version 2 iolog\n/a add\n/b add\n/a write 0 4096\n/b write 8192 4096\n/a read 0 4096\n';
    const records = await collect(openTrace({ name: 'two.log', text }, { fio: { fileName: '/b' } }));
    expect(records.map((r) => [r.line, r.offsetBytes])).toEqual([[5, 8192]]);
  });

  it('names the file, line, field and what was expected on the first malformed line', async () => {
    const path = fixture('fio-v2-bad-length.log');
    const error = await rejection(collect(openTrace(path)));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      `${path}: line 4, field length: expected a non-negative integer length in bytes, found "four"`,
    );
  });

  it('rejects unknown actions, missing offsets and a missing header', async () => {
    const unknown = await rejection(collect(openTrace({ name: 'x.log', text: 'fio version 2 iolog\n/a add\n/a erase 0 4096\n' })));
    expect(unknown.message).toBe(
      'x.log: line 3, field action: expected add, open, close, read, write, trim, sync, datasync or wait, found "erase"',
    );
    const short = await rejection(collect(openTrace({ name: 'x.log', text: 'fio version 2 iolog\n/a write 4096\n' })));
    expect(short.message).toBe('x.log: line 2: expected "filename write offset length", found "/a write 4096"');
    const headerless = await rejection(
      collect(openTrace({ name: 'x.log', text: '/a write 0 4096\n' }, { format: 'fio-iolog-v2' })),
    );
    expect(headerless.message).toBe(
      // Forced, not recognised: the line is named, its content not shown.
      'x.log: line 1, header: expected the header line "fio version 2 iolog", found content not shown: the file is not recognised as a fio-iolog-v2 trace',
    );
  });
});

describe('fio iolog version 3', () => {
  it('converts leading timestamps (microseconds, as fio writes them) to ns from the first I/O', async () => {
    const records = await collect(openTrace(fixture('fio-v3.log')));
    expect(records).toEqual([
      { atNs: 0, operation: 'write', offsetBytes: 0, sizeBytes: 4096, line: 5 },
      { atNs: 30_000, operation: 'write', offsetBytes: 4096, sizeBytes: 4096, line: 6 },
      { atNs: 38_000, operation: 'read', offsetBytes: 0, sizeBytes: 4096, line: 8 },
    ]);
  });

  it('reads millisecond timestamps on request', async () => {
    const records = await collect(openTrace(fixture('fio-v3.log'), { fio: { timestampUnit: 'ms' } }));
    expect(records.map((r) => r.atNs)).toEqual([0, 30_000_000, 38_000_000]);
  });

  it('rejects wait, which version 3 does not allow, and a bad timestamp', async () => {
    const wait = await rejection(collect(openTrace({ name: 'v3.log', text: 'fio version 3 iolog\n5 /a wait 100 0\n' })));
    expect(wait.message).toBe(
      'v3.log: line 2, field action: expected add, open, close, read, write, trim, sync or datasync (version 3 has no wait), found "wait"',
    );
    const stamp = await rejection(collect(openTrace({ name: 'v3.log', text: 'fio version 3 iolog\n1.5 /a read 0 4096\n' })));
    expect(stamp.message).toBe(
      'v3.log: line 2, field timestamp: expected a non-negative integer timestamp in us, found "1.5"',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { InputError } from '../../../engine/errors.js';
import { openTrace } from '../../../workloads/traces/index.js';
import { collect, fixture, rejection } from './helpers.js';

describe('blkparse text output', () => {
  it('takes queue (Q) events with R or W, sector * 512 as offset, time relative to the first', async () => {
    const records = await collect(openTrace(fixture('blkparse-sda.txt')));
    expect(records).toEqual([
      { atNs: 0, operation: 'write', offsetBytes: 223490 * 512, sizeBytes: 8 * 512, line: 3 },
      { atNs: 122051 - 2197, operation: 'read', offsetBytes: 1048576 * 512, sizeBytes: 256 * 512, line: 7 },
      { atNs: 600000 - 2197, operation: 'write', offsetBytes: 4096 * 512, sizeBytes: 8 * 512, line: 14 },
    ]);
  });

  it('skips flushes without sectors, discards, messages, other actions and the summary section', async () => {
    const lines = (await collect(openTrace(fixture('blkparse-sda.txt')))).map((r) => r.line);
    expect(lines).not.toContain(10); // Q FWS [jbd2/sda1-8]: a pure flush
    expect(lines).not.toContain(11); // Q D: a discard
  });

  it('takes issue (D) or completion (C) events on request', async () => {
    const issued = await collect(openTrace(fixture('blkparse-sda.txt'), { blkparse: { action: 'D' } }));
    expect(issued.map((r) => [r.line, r.atNs, r.sizeBytes])).toEqual([
      [6, 0, 16 * 512],
      [8, 124330 - 11053, 256 * 512],
    ]);
    const completed = await collect(openTrace(fixture('blkparse-sda.txt'), { blkparse: { action: 'C' } }));
    expect(completed.map((r) => [r.line, r.operation])).toEqual([
      [9, 'write'],
      [12, 'read'],
    ]);
  });

  it('keeps one device when filtered', async () => {
    const records = await collect(openTrace(fixture('blkparse-sda.txt'), { blkparse: { device: '8,16' } }));
    expect(records).toEqual([{ atNs: 0, operation: 'write', offsetBytes: 4096 * 512, sizeBytes: 4096, line: 14 }]);
  });

  it('reads seconds.nanoseconds exactly, past the first second', async () => {
    const text =
      '259,0    5        1     2.999999999  1234  Q  WS 0 + 8 [postgres]\n' +
      '259,0    5        2    13.000000001  1234  Q   R 8 + 8 [postgres]\n';
    const records = await collect(openTrace({ name: 'nvme.txt', text }));
    expect(records.map((r) => r.atNs)).toEqual([0, 10_000_000_002]);
  });

  it('names the file, line, field and what was expected on the first malformed event', async () => {
    const path = fixture('blkparse-bad-sector.txt');
    const error = await rejection(collect(openTrace(path)));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      `${path}: line 3, field sector: expected a non-negative integer sector number, found "22x490"`,
    );
  });

  it('rejects a malformed event header even for actions it does not replay', async () => {
    const text =
      '  8,0    3        1     0.000000000   697  Q   W 223490 + 8 [kjournald]\n' +
      '  8,0    3        2     0.00000x829   697  P   N [kjournald]\n';
    const error = await rejection(collect(openTrace({ name: 'sda.txt', text })));
    expect(error.message).toBe(
      'sda.txt: line 2, field time: expected seconds.nanoseconds, like 0.000012345, found "0.00000x829"',
    );
    const truncated = await rejection(
      collect(openTrace({ name: 'sda.txt', text: '  8,0    3        1     0.000000000   697  Q   W 223490 +\n' })),
    );
    expect(truncated.message).toBe(
      'sda.txt: line 1, field sectors: expected a non-negative integer sector count after +, found ""',
    );
  });
});

/**
 * The trace reader's bounds (trace-limits.ts) and its discretion: a source without line ends, a
 * gzip bomb, too many lines or bytes end in an InputError naming the file, the line and the
 * limit, early and in little memory; a file not recognised as a trace is never quoted. The large
 * inputs are generated here into a temporary folder, never committed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../engine/errors.js';
import { openTrace, TRACE_LIMITS, type TraceLimits, type TraceOptions, type TraceSource } from '../../../workloads/traces/index.js';
import { readLineBatches } from '../../../workloads/traces/line-source.js';
import { collect, rejection } from './helpers.js';

const directory = mkdtempSync(join(tmpdir(), 'cowsim-trace-limits-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const MSR_LINE = '128166372003061629,hm,0,Read,0,4096,1';
const SECRET = 'root:$6$s3cr3tHashThatMustNeverBePrinted:19000:0:99999:7:::';

function file(name: string, content: string | Uint8Array): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}

/** A gzip of `copies` members, each inflating to `member` (gunzip reads concatenated members as one stream). */
function gzipMembers(member: Buffer, copies: number): Buffer {
  const one = gzipSync(member, { level: 9 });
  return Buffer.concat(Array.from({ length: copies }, () => one));
}

/** The InputError a trace's reading ends with, and how long reading took. */
async function failure(source: TraceSource, options?: TraceOptions): Promise<{ error: InputError; ms: number }> {
  const started = performance.now();
  const error = await rejection(collect(openTrace(source, options)));
  expect(error).toBeInstanceOf(InputError);
  return { error: error as InputError, ms: performance.now() - started };
}

describe('trace limits', () => {
  it('/dev/zero (no line end, ever): line 1 is too long, at once', async () => {
    const { error, ms } = await failure('/dev/zero');
    expect(error.message).toBe(`/dev/zero: line 1: expected a line of at most 65,536 characters (cowsim's limit for a trace line), found a longer line (not shown)`);
    expect(ms).toBeLessThan(2000);
  });

  it('a gzip that inflates to one 700 MB line: line 1 is too long, after reading a few KiB of it', async () => {
    // 700 members of 1 MiB of "A": 700 MiB inflated, 700 KiB on disk.
    const path = file('one-line.csv.gz', gzipMembers(Buffer.alloc(1 << 20, 'A'), 700));
    const before = process.memoryUsage().rss;
    const { error, ms } = await failure(path);
    expect(error.message).toBe(`${path}: line 1: expected a line of at most 65,536 characters (cowsim's limit for a trace line), found a longer line (not shown)`);
    expect(ms).toBeLessThan(2000);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 << 20);
  });

  it('a long line after good ones is named by its number', async () => {
    const path = file('long-third.csv', `${MSR_LINE}\n${MSR_LINE}\n${'9'.repeat(100_000)}\n${MSR_LINE}\n`);
    expect((await failure(path)).error.field).toBe('line 3');
    // Exactly at the limit is fine, a CRLF line end included.
    const limits: TraceLimits = { ...TRACE_LIMITS, maxLineChars: MSR_LINE.length };
    expect(await collect(openTrace(file('crlf.csv', `${MSR_LINE}\r\n${MSR_LINE}\r\n`), { limits }))).toHaveLength(2);
    expect((await failure(file('one-more.csv', `${MSR_LINE}\n${MSR_LINE}0\n`), { limits })).error.field).toBe('line 2');
  });

  it('a gzip bomb of blank lines is refused by its inflation ratio, early and in little memory', async () => {
    // 2,000 members of 1 MiB of "\n": 2 GiB and 2 G lines inflated from about 2 MiB.
    const path = file('blank.csv.gz', gzipMembers(Buffer.alloc(1 << 20, '\n'), 2000));
    const before = process.memoryUsage().rss;
    const { error, ms } = await failure(path);
    expect(error.message).toMatch(new RegExp(`^${path}: line \\d+: expected a gzip file that inflates at most 500 times its compressed size \\(cowsim's limit: more is a gzip bomb, not a trace\\), found [\\d,]+ times`));
    expect(ms).toBeLessThan(10_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(300 << 20);
    // An ordinary gzip trace (about 4:1) reads as before.
    const lines = Array.from({ length: 5000 }, (_, index) => `${128166372003061629n + BigInt(index) * 977n},hm,0,${index % 3 ? 'Read' : 'Write'},${(index * 7919) % 100_000 * 4096},4096,${index % 97}`);
    expect(await collect(openTrace(file('ordinary.csv.gz', gzipSync(`${lines.join('\n')}\n`))))).toHaveLength(5000);
  });

  it('too many lines or bytes in one pass (limits lowered for the test)', async () => {
    const text = `${Array.from({ length: 20 }, () => MSR_LINE).join('\n')}\n`;
    const lines = await failure({ name: 'many.csv', text }, { limits: { ...TRACE_LIMITS, maxLines: 10 } });
    expect(lines.error.message).toBe(`many.csv: line 11: expected a trace of at most 10 lines (cowsim's limit for one pass over a trace), found more lines`);
    const path = file('many.csv', text);
    const bytes = await failure(path, { limits: { ...TRACE_LIMITS, maxBytes: 100 } });
    expect(bytes.error.message).toMatch(new RegExp(`^${path}: line \\d+: expected a trace of at most 100 bytes of text \\(cowsim's limit for one pass over a trace\\), found more bytes$`));
    // At the limits, the trace is read whole.
    expect(await collect(openTrace(path, { limits: { ...TRACE_LIMITS, maxLines: 20, maxBytes: text.length } }))).toHaveLength(20);
  });

  it('splits lines across chunks: CRLF split between chunks, a UTF-8 character split between chunks', async () => {
    const chunks = [Buffer.from('a\r'), Buffer.from('\nb\xc3', 'latin1'), Buffer.from('\xa9\nc', 'latin1')];
    async function* stream() {
      yield* chunks;
    }
    const batches = [];
    for await (const batch of readLineBatches({ name: 'chunks', stream: stream() })) batches.push(batch);
    expect(batches).toEqual([{ firstLine: 1, lines: ['a', 'bé', 'c'] }]);
  });
});

describe('a file not recognised as a trace is named, never quoted', () => {
  it('a password file: the format error names the line, not its text', async () => {
    const path = file('shadow', `\n${SECRET}\n`);
    const { error } = await failure(path);
    expect(error.message).toBe(
      `${path}: format (line 2): expected a trace in one of the formats msr-cambridge, blkparse, fio-iolog-v2, fio-iolog-v3 (or the format option), found a line in none of them (content not shown: the file is not recognised as a trace)`,
    );
    expect(error.message).not.toContain('s3cr3t');
  });

  it('a PNG: named, not quoted', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(`IHDR${SECRET}`)]);
    const { error } = await failure(file('image.png', png));
    expect(error.field).toBe('format (line 1)');
    expect(error.message).not.toContain('s3cr3t');
  });

  it('a forced format does not make a foreign file a trace: its lines are not shown', async () => {
    for (const format of ['msr-cambridge', 'blkparse', 'fio-iolog-v2', 'fio-iolog-v3'] as const) {
      const { error } = await failure(file(`forced-${format}`, `${SECRET}\n`), { format });
      expect(error.message, format).not.toContain('s3cr3t');
      // blkparse skips lines that are not events (its summary lines): no record at all, no line shown.
      if (format === 'blkparse') expect(error.message).toBe(`${directory}/forced-blkparse: records: expected at least one read or write record of non-zero size (selected by action Q), found none in 1 lines`);
      else expect(error.message).toMatch(new RegExp(`: line 1\\b.*found content not shown: the file is not recognised as a ${format} trace$`));
    }
  });

  it('once a line parsed, the file is a trace: a later malformed line is quoted', async () => {
    const forced = await failure(file('forced-then-bad.csv', `${MSR_LINE}\n128166372003061630,hm,0,Trim,0,4096,1\n`), { format: 'msr-cambridge' });
    expect(forced.error.message).toContain('found "Trim"');
    const detected = await failure({ name: 'detected.csv', text: `${MSR_LINE}\nnot,a,record\n` });
    expect(detected.error.message).toContain('found "not,a,record"');
  });
});

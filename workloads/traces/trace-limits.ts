/**
 * Bounds on what one pass over a trace may cost, so that a file that is not a trace (/dev/zero,
 * a gzip bomb, an endless stream of blank lines) ends in a clear exit 2 naming the file, the line
 * and the limit, found as the bytes arrive, instead of a crash or a read without end. The bounds
 * sit well above real block traces: the largest MSR Cambridge trace (prxy_1) has 168 M lines of
 * under 100 characters and compresses about 4:1.
 */
import { InputError } from '../../engine/errors.js';

/** The limits one pass over a trace is held to (tests lower them). */
export interface TraceLimits {
  /** Characters in one line, without its line end. Trace lines are under 200; fio file names under 4,096. */
  readonly maxLineChars: number;
  /** Lines in one pass over the trace. */
  readonly maxLines: number;
  /** Bytes of text (after gunzip) in one pass over the trace. */
  readonly maxBytes: number;
  /** Inflated bytes per compressed byte of a .gz trace. Traces compress 3-10:1, identical lines about 350:1; gzip's ceiling is about 1030:1. */
  readonly maxGzipRatio: number;
  /** Inflated bytes before the ratio is judged, so that small, very regular files pass. */
  readonly gzipRatioAfterBytes: number;
}

/** The limits cowsim applies. */
export const TRACE_LIMITS: TraceLimits = {
  maxLineChars: 64 * 1024,
  maxLines: 2 ** 28,
  maxBytes: 32 * 1024 ** 3,
  maxGzipRatio: 500,
  gzipRatioAfterBytes: 16 * 1024 ** 2,
};

const COUNT = new Intl.NumberFormat('en-US');

/** A line longer than the limit: named by number, never shown (it is not a trace line). */
export function lineTooLong(file: string, line: number, limits: TraceLimits): InputError {
  return new InputError(file, `line ${line}`, `a line of at most ${COUNT.format(limits.maxLineChars)} characters (cowsim's limit for a trace line)`, 'a longer line (not shown)');
}

/** More lines in one pass than the limit. */
export function tooManyLines(file: string, line: number, limits: TraceLimits): InputError {
  return new InputError(file, `line ${line}`, `a trace of at most ${COUNT.format(limits.maxLines)} lines (cowsim's limit for one pass over a trace)`, 'more lines');
}

/** More bytes of text in one pass than the limit. */
export function tooManyBytes(file: string, line: number, limits: TraceLimits): InputError {
  return new InputError(file, `line ${line}`, `a trace of at most ${COUNT.format(limits.maxBytes)} bytes of text (cowsim's limit for one pass over a trace)`, 'more bytes');
}

/** A gzip file that inflates far more than any trace: a gzip bomb. */
export function gzipBomb(file: string, line: number, limits: TraceLimits, inflated: number, compressed: number): InputError {
  return new InputError(
    file,
    `line ${line}`,
    `a gzip file that inflates at most ${limits.maxGzipRatio} times its compressed size (cowsim's limit: more is a gzip bomb, not a trace)`,
    `${COUNT.format(Math.floor(inflated / Math.max(1, compressed)))} times (${COUNT.format(inflated)} bytes from ${COUNT.format(compressed)})`,
  );
}

import { FIO_IOLOG_HEADERS } from './fio-iolog.js';
import { MSR_HEADER } from './msr-cambridge.js';

/** The trace formats cowsim replays. */
export const TRACE_FORMATS = ['msr-cambridge', 'blkparse', 'fio-iolog-v2', 'fio-iolog-v3'] as const;

/** One of TRACE_FORMATS. */
export type TraceFormat = (typeof TRACE_FORMATS)[number];

/**
 * Recognizes a trace format from its first non-blank line: the fio iolog header, comma-separated
 * MSR columns starting Timestamp,Hostname,DiskNumber (or their header), or a blkparse event starting with `maj,min`.
 * Detection is deliberately loose; the format's reader then checks every line precisely.
 */
export function detectTraceFormat(firstLines: readonly string[]): TraceFormat | undefined {
  const first = firstLines.find((line) => line.trim() !== '')?.trim();
  if (first === undefined) return undefined;
  if (first.startsWith(FIO_IOLOG_HEADERS[2])) return 'fio-iolog-v2';
  if (first.startsWith(FIO_IOLOG_HEADERS[3])) return 'fio-iolog-v3';
  if (MSR_HEADER.test(first) || /^\d+,[^,\s]*,\s*\d+\s*,/.test(first)) {
    return 'msr-cambridge';
  }
  if (/^\d+,\d+\s+\S+\s+\S+\s+\S+/.test(first)) return 'blkparse';
  return undefined;
}

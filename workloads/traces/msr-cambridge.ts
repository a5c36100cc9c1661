import { malformedLine, parseCount } from './line-errors.js';
import type { LineParser, TraceOperation } from './trace-record.js';

/** Which volume of an MSR Cambridge trace to keep (a file may hold several hosts or disks). */
export interface MsrCambridgeOptions {
  hostname?: string;
  diskNumber?: number;
}

/** The columns of an MSR Cambridge (SNIA IOTTA) trace, in order. */
export const MSR_COLUMNS = [
  'Timestamp',
  'Hostname',
  'DiskNumber',
  'Type',
  'Offset',
  'Size',
  'ResponseTime',
] as const;

/** The optional header line some copies of the MSR traces carry. */
export const MSR_HEADER = /^\s*timestamp\s*,\s*hostname\s*,/i;
// Windows filetime counts 100 ns ticks.
const NS_PER_TICK = 100;

/**
 * Reads MSR Cambridge CSV: `Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime` with the
 * Timestamp in Windows filetime. The published files have no header; a header line is accepted
 * first. Blank lines are skipped; any other line must have all seven columns well formed.
 * atNs is relative to the first record kept by the filters; recordedNs is the ResponseTime.
 */
export function msrCambridgeParser(file: string, options: MsrCambridgeOptions = {}): LineParser {
  const hostname = options.hostname?.toLowerCase();
  let first: { high: number; low: number } | undefined;
  let seenContent = false;
  return (text, number) => {
    if (text.trim() === '') return undefined;
    if (!seenContent) {
      seenContent = true;
      if (MSR_HEADER.test(text)) return undefined;
    }
    const fields = text.split(',');
    if (fields.length !== MSR_COLUMNS.length) {
      throw malformedLine(file, number, '', `7 comma-separated columns (${MSR_COLUMNS.join(',')})`, text);
    }
    const column = (index: number): string => (fields[index] as string).trim();
    const fail = (index: number, expected: string): never => {
      throw malformedLine(file, number, `column ${MSR_COLUMNS[index]}`, expected, column(index));
    };

    const timestamp = column(0);
    if (!/^\d+$/.test(timestamp)) fail(0, 'a non-negative integer Windows filetime (100 ns ticks)');
    const host = column(1);
    if (host === '') fail(1, 'a host name');
    const diskNumber = parseCount(column(2)) ?? fail(2, 'a non-negative integer disk number');
    const operation = parseType(column(3)) ?? fail(3, 'Read or Write');
    const offsetBytes = parseCount(column(4)) ?? fail(4, 'a non-negative integer byte offset');
    const sizeBytes = parseCount(column(5)) ?? fail(5, 'a non-negative integer size in bytes');
    const responseTicks = parseCount(column(6)) ?? fail(6, 'a non-negative integer response time (100 ns ticks)');

    if (hostname !== undefined && host.toLowerCase() !== hostname) return undefined;
    if (options.diskNumber !== undefined && diskNumber !== options.diskNumber) return undefined;

    // Filetimes (~1.3e17) exceed 2^53: split them in two exact halves (BigInt is ~10x slower here).
    const split = Math.max(0, timestamp.length - 9);
    const high = Number(timestamp.slice(0, split));
    const low = Number(timestamp.slice(split));
    first ??= { high, low };
    const ticks = (high - first.high) * 1e9 + (low - first.low);
    return { atNs: ticks * NS_PER_TICK, operation, offsetBytes, sizeBytes, line: number, recordedNs: responseTicks * NS_PER_TICK };
  };
}

function parseType(text: string): TraceOperation | undefined {
  const lower = text.toLowerCase();
  if (lower === 'read') return 'read';
  if (lower === 'write') return 'write';
  return undefined;
}

/**
 * DiskSim's validate trace format (DiskSim 4.0, src/disksim_iotrace.c,
 * iotrace_validate_get_ioreq_event): one request per line,
 * `R|W buffaction blkno bcount servtime nextinter`, blkno and bcount in 512-byte sectors,
 * servtime (the drive's measured service time) and nextinter (the wait after this request
 * completes before the next is issued) in microseconds: DiskSim divides both by 1000 to get its
 * milliseconds. buffaction is what the drive's buffer did: Hit, Miss, Doub or Trip (double or
 * triple disconnect); DiskSim refuses any other.
 */
import { malformedLine, parseCount } from './line-errors.js';
import type { TraceOperation } from './trace-record.js';

/** One request of a DiskSim validate trace. */
export interface DiskSimValidateRecord {
  readonly operation: TraceOperation;
  readonly offsetBytes: number;
  readonly sizeBytes: number;
  /** The measured service time, integer nanoseconds. */
  readonly recordedNs: number;
  /** The wait after this request completes before the next one is issued, integer nanoseconds. */
  readonly nextInterNs: number;
  readonly line: number;
}

const SECTOR_BYTES = 512;
const BUFFER_ACTIONS = ['Hit', 'Miss', 'Doub', 'Trip'];
const DECIMAL = /^\d+(\.\d*)?$/;
const COLUMNS = 'R|W buffaction blkno bcount servtime nextinter';

/** True for a line that looks like a DiskSim validate trace line (loose: the parser checks each line precisely). */
export function looksLikeDiskSimValidate(line: string): boolean {
  return /^[RW]\s+[A-Za-z]+\s+\d+\s+\d+\s+\d+(\.\d*)?\s+\d+(\.\d*)?\s*$/.test(line.trim());
}

/** Microseconds written as a decimal, in integer nanoseconds; undefined when not a non-negative decimal. */
function microsecondsToNs(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const ns = Math.round(Number(text) * 1000);
  return Number.isSafeInteger(ns) ? ns : undefined;
}

/** Reads one line: the record, undefined for a blank line; an InputError naming the file, line and field otherwise. */
export function parseDiskSimValidateLine(file: string, text: string, line: number): DiskSimValidateRecord | undefined {
  if (text.trim() === '') return undefined;
  const fields = text.trim().split(/\s+/);
  if (fields.length !== 6) throw malformedLine(file, line, '', `6 fields separated by spaces (${COLUMNS})`, text);
  const [rw, action, blkno, bcount, servtime, nextinter] = fields as [string, string, string, string, string, string];
  const fail = (where: string, expected: string, found: string): never => {
    throw malformedLine(file, line, where, expected, found);
  };
  const operation: TraceOperation = rw === 'R' ? 'read' : rw === 'W' ? 'write' : fail('field R|W', 'R or W', rw);
  if (!BUFFER_ACTIONS.includes(action)) fail('field buffaction', BUFFER_ACTIONS.join(', ').replace(/, (\w+)$/, ' or $1'), action);
  const sector = parseCount(blkno) ?? fail('field blkno', 'a non-negative integer sector number', blkno);
  const sectors = parseCount(bcount) ?? fail('field bcount', 'a non-negative integer sector count', bcount);
  const recordedNs = microsecondsToNs(servtime) ?? fail('field servtime', 'a non-negative service time in microseconds', servtime);
  const nextInterNs = microsecondsToNs(nextinter) ?? fail('field nextinter', 'a non-negative time in microseconds', nextinter);
  const offsetBytes = sector * SECTOR_BYTES;
  const sizeBytes = sectors * SECTOR_BYTES;
  if (!Number.isSafeInteger(offsetBytes + sizeBytes)) fail('field blkno', 'a sector range below 2^53 bytes', blkno);
  return { operation, offsetBytes, sizeBytes, recordedNs, nextInterNs, line };
}

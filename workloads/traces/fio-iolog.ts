import { malformedLine, parseCount } from './line-errors.js';
import type { LineParser, TraceOperation, TraceRecord } from './trace-record.js';

/** Options for fio iologs. */
export interface FioIologOptions {
  /** Keep the I/Os of this file name only (an iolog may address several files). */
  fileName?: string;
  /**
   * Unit of version 3 timestamps. fio writes microseconds since the start of the run
   * (utime_since_now in iolog.c) and replays them as such: the default. Some hand-made logs use ms.
   */
  timestampUnit?: 'us' | 'ms';
}

/** The header line of each fio iolog version this reader knows. */
export const FIO_IOLOG_HEADERS = { 2: 'fio version 2 iolog', 3: 'fio version 3 iolog' } as const;

const FILE_ACTIONS = new Set(['add', 'open', 'close']);
const SYNC_ACTIONS = new Set(['sync', 'datasync']);
const IO_ACTIONS = new Set(['read', 'write', 'trim', 'wait']);
const ALL_ACTIONS = 'add, open, close, read, write, trim, sync, datasync or wait';
const VERSION_3_ACTIONS = 'add, open, close, read, write, trim, sync or datasync (version 3 has no wait)';
const NS_PER_US = 1_000;
const NS_PER_MS = 1_000_000;

/**
 * Reads a fio iolog. Version 2: `filename action [offset length]` lines after the
 * `fio version 2 iolog` header. It has no timestamps; `wait` actions (offset = microseconds,
 * relative to the previous wait, as fio's HOWTO documents) advance a not-before time, and every
 * record is marked untimed. Version 3: `timestamp filename action [offset length]`, no `wait`.
 * read and write become records; add, open, close, sync, datasync and trim are checked and
 * skipped; blank lines are skipped.
 */
export function fioIologParser(file: string, version: 2 | 3, options: FioIologOptions = {}): LineParser {
  const header = FIO_IOLOG_HEADERS[version];
  const nsPerTick = options.timestampUnit === 'ms' ? NS_PER_MS : NS_PER_US;
  let seenHeader = false;
  let waitedNs = 0;
  return (text, number) => {
    const trimmed = text.trim();
    if (trimmed === '') return undefined;
    if (!seenHeader) {
      if (!trimmed.startsWith(header)) {
        throw malformedLine(file, number, 'header', `the header line "${header}"`, text);
      }
      seenHeader = true;
      return undefined;
    }
    const fail = (where: string, expected: string, found: string): never => {
      throw malformedLine(file, number, where, expected, found);
    };
    const fields = trimmed.split(/\s+/);
    let atNs = waitedNs;
    if (version === 3) {
      const timestamp = fields.shift() as string;
      const unit = options.timestampUnit ?? 'us';
      const expected = `a non-negative integer timestamp in ${unit}`;
      const ticks = parseCount(timestamp) ?? fail('field timestamp', expected, timestamp);
      atNs = ticks * nsPerTick;
    }
    const shape = version === 3 ? 'timestamp filename action [offset length]' : 'filename action [offset length]';
    const [fileName, action] = fields as [string, string | undefined];
    if (action === undefined) fail('', shape, text);
    const act = action as string;
    const isWait = act === 'wait';
    if (isWait && version === 3) fail('field action', VERSION_3_ACTIONS, act);

    if (FILE_ACTIONS.has(act)) {
      if (fields.length !== 2) fail('', `"filename ${act}" with no offset and length`, text);
      return undefined;
    }
    if (SYNC_ACTIONS.has(act)) {
      if (fields.length !== 2 && fields.length !== 4) fail('', shape, text);
      return undefined;
    }
    if (!IO_ACTIONS.has(act)) fail('field action', version === 3 ? VERSION_3_ACTIONS : ALL_ACTIONS, act);
    // fio reads `wait` with an offset and a length; the length is optional here.
    const arity = isWait ? fields.length === 3 || fields.length === 4 : fields.length === 4;
    if (!arity) fail('', `"filename ${act} offset length"`, text);
    const offsetText = fields[2] as string;
    const offsetExpected = isWait
      ? 'a non-negative integer wait in microseconds'
      : 'a non-negative integer byte offset';
    const offset = parseCount(offsetText) ?? fail('field offset', offsetExpected, offsetText);
    const lengthText = fields[3] ?? '0';
    const length = parseCount(lengthText) ?? fail('field length', 'a non-negative integer length in bytes', lengthText);

    if (isWait) {
      waitedNs += offset * NS_PER_US;
      return undefined;
    }
    if (act === 'trim') return undefined;
    if (options.fileName !== undefined && fileName !== options.fileName) return undefined;
    const operation = act as TraceOperation;
    const record: TraceRecord = { atNs, operation, offsetBytes: offset, sizeBytes: length, line: number };
    if (version === 2) record.untimed = true;
    return record;
  };
}

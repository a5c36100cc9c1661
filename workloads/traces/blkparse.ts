import { malformedLine, parseCount } from './line-errors.js';
import type { LineParser, TraceOperation, TraceRecord } from './trace-record.js';

/** The blktrace events a replay can take its I/Os from. */
export type BlkparseAction = 'Q' | 'D' | 'C';

/** Which events of blkparse output become records. */
export interface BlkparseOptions {
  /** Q (queued, the application's view: default), D (issued to the driver) or C (completed). */
  action?: BlkparseAction;
  /** Keep one device only, as blkparse prints it: `8,16`. */
  device?: string;
}

const SECTOR_BYTES = 512;
const DEVICE = /^\d+,\d+$/;
const TIME = /^(\d+)\.(\d{1,9})$/;

/** One blkparse event that moves data: its device (`maj,min`), action and the I/O it names. */
export interface BlkparseEvent extends TraceRecord {
  readonly device: string;
  readonly action: string;
}

/**
 * Reads blkparse's default text output:
 * `maj,min cpu sequence seconds.nanoseconds pid action rwbs sector + sectors [process]`.
 * A line whose first field is `maj,min` is an event: its header fields must be well formed.
 * Events of the chosen action whose RWBS holds R or W become records (offset = sector * 512);
 * events without a sector range (flushes, SCSI pass-through), with another RWBS (N, D discard)
 * or of other actions are skipped, as are non-event lines (the per-CPU and total summaries).
 */
export function blkparseParser(file: string, options: BlkparseOptions = {}): LineParser {
  const action = options.action ?? 'Q';
  const events = blkparseEventParser(file, (name) => name === action);
  return (text, number) => {
    const event = events(text, number);
    if (event === undefined) return undefined;
    if (options.device !== undefined && event.device !== options.device) return undefined;
    return { atNs: event.atNs, operation: event.operation, offsetBytes: event.offsetBytes, sizeBytes: event.sizeBytes, line: event.line };
  };
}

/**
 * Reads blkparse events as blkparseParser does, keeping those whose action `keep` accepts (the
 * rest of each line is checked only for them): for `cowsim validate`, which pairs D and C events.
 */
export function blkparseEventParser(file: string, keep: (action: string) => boolean): (text: string, line: number) => BlkparseEvent | undefined {
  return (text, number) => {
    const fields = text.trim().split(/\s+/);
    const device = fields[0] as string;
    if (!DEVICE.test(device)) return undefined;
    const fail = (where: string, expected: string, found: string): never => {
      throw malformedLine(file, number, where, expected, found);
    };
    if (fields.length < 7) {
      fail('', 'maj,min cpu sequence time pid action rwbs [sector + sectors] [process]', text);
    }
    const field = (index: number): string => fields[index] as string;
    if (parseCount(field(1)) === undefined) fail('field cpu', 'a non-negative integer CPU number', field(1));
    if (!/^-?\d+$/.test(field(2))) fail('field sequence', 'an integer sequence number', field(2));
    const time = TIME.exec(field(3)) ?? fail('field time', 'seconds.nanoseconds, like 0.000012345', field(3));
    if (parseCount(field(4)) === undefined) fail('field pid', 'a non-negative integer process id', field(4));
    if (!/^[A-Za-z]{1,2}$/.test(field(5))) {
      fail('field action', 'a one-letter blktrace action such as Q, D or C', field(5));
    }

    if (!keep(field(5))) return undefined;
    const rwbs = field(6);
    if (!/^[A-Z]+$/.test(rwbs)) fail('field rwbs', 'RWBS flags such as R, W, WS or FWFS', rwbs);
    const operation: TraceOperation | undefined = rwbs.includes('R')
      ? 'read'
      : rwbs.includes('W')
        ? 'write'
        : undefined;
    if (operation === undefined) return undefined;

    const first = fields[7];
    if (first === undefined) fail('', 'sector + sectors or [process] after the RWBS field', text);
    if (fields[8] !== '+') {
      // No sector range: a pure flush (`[process]`) or SCSI pass-through (`bytes (cdb) [process]`).
      const next = fields[8] ?? '';
      if (/^[[(]/.test(first as string) || (/^\d+$/.test(first as string) && /^[[(]/.test(next))) return undefined;
      fail('field sector', 'a sector number followed by + and a sector count', first as string);
    }
    const sector =
      parseCount(first as string) ?? fail('field sector', 'a non-negative integer sector number', first as string);
    const sectorsText = fields[9] ?? '';
    const sectors =
      parseCount(sectorsText) ?? fail('field sectors', 'a non-negative integer sector count after +', sectorsText);

    const [, seconds, fraction] = time;
    const atNs = Number(seconds) * 1e9 + Number((fraction as string).padEnd(9, '0'));
    const offsetBytes = sector * SECTOR_BYTES;
    const sizeBytes = sectors * SECTOR_BYTES;
    if (!Number.isSafeInteger(offsetBytes + sizeBytes)) {
      fail('field sector', 'a sector range below 2^53 bytes', first as string);
    }
    return { atNs, operation, offsetBytes, sizeBytes, line: number, device, action: field(5) };
  };
}

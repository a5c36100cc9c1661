/**
 * Traces that carry a recorded response or service time for every request, read whole for
 * `cowsim validate`: MSR Cambridge CSV (the ResponseTime column), DiskSim's validate format
 * (servtime) and blkparse text (D to C of the same sector). Records keep the trace's addresses and
 * sizes; how they are issued differs by format:
 * - msr-cambridge, blkparse: open loop, each at its recorded time relative to the first;
 * - disksim-validate: closed loop, one at a time, each `nextinter` after the previous completes.
 * Reading follows the replay reader (index.ts): limits per pass, errors naming the file and line,
 * and a line's text never shown until the content is recognised as a trace.
 */
import { InputError } from '../../engine/errors.js';
import { blkparseEventParser, type BlkparseAction, type BlkparseEvent } from './blkparse.js';
import { looksLikeDiskSimValidate, parseDiskSimValidateLine } from './disksim-validate.js';
import { readLineBatches, traceSourceName, type TraceSource } from './line-source.js';
import { msrCambridgeParser } from './msr-cambridge.js';
import { detectTraceFormat } from './trace-format.js';
import { TRACE_LIMITS, type TraceLimits } from './trace-limits.js';
import type { TraceOperation } from './trace-record.js';

/** The formats that carry recorded times. */
export const RECORDED_FORMATS = ['msr-cambridge', 'disksim-validate', 'blkparse'] as const;
export type RecordedFormat = (typeof RECORDED_FORMATS)[number];

/** How a trace's requests are issued on replay. */
export type IssueDiscipline = 'open-loop' | 'closed-loop';

/** One request with its recorded time. */
export interface RecordedRequest {
  readonly operation: TraceOperation;
  readonly offsetBytes: number;
  readonly sizeBytes: number;
  /** The recorded response (MSR, blkparse D to C) or service (DiskSim) time, integer ns. */
  readonly recordedNs: number;
  /**
   * Open loop: the issue time, ns from the first request (never decreasing). Closed loop: the
   * wait after this request completes before the next is issued.
   */
  readonly timingNs: number;
  /** The 1-based line the request comes from (blkparse: the line of the event it is issued at). */
  readonly line: number;
}

/** A trace read whole for validation. */
export interface RecordedTrace {
  readonly file: string;
  readonly format: RecordedFormat;
  readonly issue: IssueDiscipline;
  /** blkparse only: the action requests are issued at. */
  readonly action?: BlkparseAction;
  readonly requests: RecordedRequest[];
  /** blkparse only: events left without their pair (a D without its C, a C without its D, with --action Q a D without its Q). */
  readonly unmatchedEvents: number;
}

export interface RecordedTraceOptions {
  /** Skip detection and read the trace as this format. */
  readonly format?: RecordedFormat;
  /** blkparse: the action requests are issued at (default D). */
  readonly action?: BlkparseAction;
  /** Bounds on the pass (default TRACE_LIMITS; tests lower them). */
  readonly limits?: TraceLimits;
}

/** The issue discipline of each format. */
export function issueDiscipline(format: RecordedFormat): IssueDiscipline {
  return format === 'disksim-validate' ? 'closed-loop' : 'open-loop';
}

/** The format of a first line of content, or undefined; fio iologs are recognised so that the error can say they carry no times. */
function detect(line: string): RecordedFormat | 'fio' | undefined {
  if (looksLikeDiskSimValidate(line)) return 'disksim-validate';
  const format = detectTraceFormat([line]);
  if (format === 'msr-cambridge' || format === 'blkparse') return format;
  return format === undefined ? undefined : 'fio';
}

/** An error of a line of a file not (yet) recognised as a trace: the same error without the content. */
function withoutContent(error: unknown, format: RecordedFormat): unknown {
  if (!(error instanceof InputError) || error.found === undefined) return error;
  return new InputError(error.file, error.field, error.expected, `content not shown: the file is not recognised as a ${format} trace`);
}

/** Reads a whole trace with recorded times; InputError (exit 2) naming the file and line on any problem. */
export async function readRecordedTrace(source: TraceSource, options: RecordedTraceOptions = {}): Promise<RecordedTrace> {
  const file = traceSourceName(source);
  let format: RecordedFormat | undefined = options.format;
  let recognised = false;
  let lastLine = 0;
  let handle: ((text: string, line: number) => void) | undefined;
  let finish: (() => { requests: RecordedRequest[]; unmatchedEvents: number }) | undefined;
  for await (const { firstLine, lines } of readLineBatches(source, options.limits ?? TRACE_LIMITS)) {
    for (let index = 0; index < lines.length; index += 1) {
      const text = lines[index] as string;
      const line = firstLine + index;
      lastLine = line;
      if (handle === undefined) {
        if (text.trim() === '') continue;
        const detected = detect(text);
        if (detected === 'fio' && format === undefined) {
          throw new InputError(file, 'format', `a trace with recorded times (${RECORDED_FORMATS.join(', ')}); a fio iolog records none`, 'a fio iolog');
        }
        format ??= detected === 'fio' ? undefined : detected;
        if (format === undefined) {
          throw new InputError(file, `format (line ${line})`, `a trace in one of the formats ${RECORDED_FORMATS.join(', ')} (or --format)`, 'a line in none of them (content not shown: the file is not recognised as a trace)');
        }
        recognised = detected === format;
        ({ handle, finish } = formatReader(file, format, options.action ?? 'D'));
      }
      try {
        handle(text, line);
      } catch (error) {
        throw recognised ? error : withoutContent(error, format!);
      }
    }
  }
  if (format === undefined || finish === undefined) throw new InputError(file, 'content', 'a trace with at least one record', 'an empty file');
  const { requests, unmatchedEvents } = finish();
  if (requests.length === 0) {
    const what = format === 'blkparse' ? ` (a ${options.action ?? 'D'} event paired with its D and C events)` : '';
    throw new InputError(file, 'records', `at least one read or write of non-zero size${what}`, `none in ${lastLine} lines`);
  }
  return { file, format, issue: issueDiscipline(format), ...(format === 'blkparse' ? { action: options.action ?? 'D' } : {}), requests, unmatchedEvents };
}

interface FormatReader {
  handle(text: string, line: number): void;
  finish(): { requests: RecordedRequest[]; unmatchedEvents: number };
}

function formatReader(file: string, format: RecordedFormat, action: BlkparseAction): FormatReader {
  switch (format) {
    case 'msr-cambridge':
      return msrReader(file);
    case 'disksim-validate':
      return diskSimReader(file);
    case 'blkparse':
      return blkparseReader(file, action);
  }
}

function msrReader(file: string): FormatReader {
  const parse = msrCambridgeParser(file);
  const requests: RecordedRequest[] = [];
  let previousNs = -Infinity;
  let originNs: number | undefined;
  return {
    handle(text, line) {
      const record = parse(text, line);
      if (record === undefined || record.sizeBytes === 0) return;
      // A request stamped before its predecessor is issued with it, as the replay reader does.
      const atNs = Math.max(record.atNs, previousNs);
      previousNs = atNs;
      originNs ??= atNs;
      requests.push({ operation: record.operation, offsetBytes: record.offsetBytes, sizeBytes: record.sizeBytes, recordedNs: record.recordedNs ?? 0, timingNs: atNs - originNs, line });
    },
    finish: () => ({ requests, unmatchedEvents: 0 }),
  };
}

function diskSimReader(file: string): FormatReader {
  const requests: RecordedRequest[] = [];
  return {
    handle(text, line) {
      const record = parseDiskSimValidateLine(file, text, line);
      if (record === undefined || record.sizeBytes === 0) return;
      requests.push({ operation: record.operation, offsetBytes: record.offsetBytes, sizeBytes: record.sizeBytes, recordedNs: record.recordedNs, timingNs: record.nextInterNs, line });
    },
    finish: () => ({ requests, unmatchedEvents: 0 }),
  };
}

/** A D event waiting for its C, with the Q it was paired with (for --action Q). */
interface Dispatched {
  readonly event: BlkparseEvent;
  readonly queued: BlkparseEvent | undefined;
}

/**
 * Pairs blkparse events of one request by device and first sector, oldest first: a Q with the
 * next D of its sector, a D with the next C. The recorded time is C minus D; the request is
 * issued at the time of the chosen action's event.
 */
function blkparseReader(file: string, action: BlkparseAction): FormatReader {
  const parse = blkparseEventParser(file, (name) => name === 'D' || name === 'C' || (action === 'Q' && name === 'Q'));
  const queued = new Map<string, BlkparseEvent[]>();
  const dispatched = new Map<string, Dispatched[]>();
  const paired: { issuedAtNs: number; request: Omit<RecordedRequest, 'timingNs'> }[] = [];
  const devices = new Set<string>();
  let unmatched = 0;
  const take = <T>(map: Map<string, T[]>, key: string): T | undefined => {
    const waiting = map.get(key);
    const first = waiting?.shift();
    if (waiting !== undefined && waiting.length === 0) map.delete(key);
    return first;
  };
  const put = <T>(map: Map<string, T[]>, key: string, value: T): void => {
    const waiting = map.get(key);
    if (waiting === undefined) map.set(key, [value]);
    else waiting.push(value);
  };
  return {
    handle(text, line) {
      const event = parse(text, line);
      if (event === undefined) return;
      const key = `${event.device}:${event.offsetBytes}`;
      if (event.action === 'Q') {
        put(queued, key, event);
      } else if (event.action === 'D') {
        put(dispatched, key, { event, queued: action === 'Q' ? take(queued, key) : undefined });
      } else {
        const start = take(dispatched, key);
        if (start === undefined) {
          unmatched += 1;
          return;
        }
        const issuedBy = action === 'Q' ? start.queued : action === 'D' ? start.event : event;
        if (issuedBy === undefined) {
          unmatched += 1;
          return;
        }
        const { operation, offsetBytes, sizeBytes } = start.event;
        if (sizeBytes === 0) return;
        devices.add(event.device);
        paired.push({ issuedAtNs: issuedBy.atNs, request: { operation, offsetBytes, sizeBytes, recordedNs: Math.max(0, event.atNs - start.event.atNs), line: issuedBy.line } });
      }
    },
    finish() {
      if (devices.size > 1) {
        throw new InputError(file, 'device', 'the events of one device (validate replays one drive: filter the trace with blkparse -d or grep first)', `devices ${[...devices].sort().join(', ')}`);
      }
      for (const waiting of dispatched.values()) unmatched += waiting.length;
      paired.sort((a, b) => a.issuedAtNs - b.issuedAtNs || a.request.line - b.request.line);
      const originNs = paired[0]?.issuedAtNs ?? 0;
      return { requests: paired.map(({ issuedAtNs, request }) => ({ ...request, timingNs: issuedAtNs - originNs })), unmatchedEvents: unmatched };
    },
  };
}

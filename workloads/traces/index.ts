import { InputError } from '../../engine/errors.js';
import { blkparseParser, type BlkparseOptions } from './blkparse.js';
import { fioIologParser, type FioIologOptions } from './fio-iolog.js';
import { readLineBatches, traceSourceName, type LineBatch, type TraceSource } from './line-source.js';
import { contentNotShown, unknownFormat } from './unrecognised.js';
import { msrCambridgeParser, type MsrCambridgeOptions } from './msr-cambridge.js';
import { detectTraceFormat, TRACE_FORMATS, type TraceFormat } from './trace-format.js';
import type { LineParser, TraceRecord } from './trace-record.js';
import type { TraceLimits } from './trace-limits.js';
import { placeOnVolume, type PlacementOptions, type TraceVolume } from './volume-placement.js';

export type { BlkparseAction, BlkparseOptions } from './blkparse.js';
export type { FioIologOptions } from './fio-iolog.js';
export type { TraceSource } from './line-source.js';
export type { MsrCambridgeOptions } from './msr-cambridge.js';
export { detectTraceFormat, TRACE_FORMATS, type TraceFormat } from './trace-format.js';
export type { TraceOperation, TraceRecord } from './trace-record.js';
export type { PlacementOptions, TraceVolume } from './volume-placement.js';
export { TRACE_LIMITS, type TraceLimits } from './trace-limits.js';

/** How a trace is read and mapped onto the simulated volume. */
export interface TraceOptions extends PlacementOptions {
  /** Skip content detection and read the trace as this format. */
  format?: TraceFormat;
  /** Time scaling: 2 replays twice as fast, 0.5 half as fast. Default 1. */
  speed?: number;
  /** Fold and align addresses onto this volume (see PlacementOptions); none: addresses pass unchanged. */
  volume?: TraceVolume;
  /** Drop records issued earlier than this many trace nanoseconds after the first record. */
  startAtNs?: number;
  /** Then drop this many records. */
  skipRecords?: number;
  /** Stop after this many records. */
  maxRecords?: number;
  msr?: MsrCambridgeOptions;
  blkparse?: BlkparseOptions;
  fio?: FioIologOptions;
  /** Bounds on one pass (default TRACE_LIMITS; tests lower them). */
  limits?: TraceLimits;
}

/**
 * Opens a trace for replay: a file path (`.gz` gunzipped), an in-memory `{name, text}` or a
 * `{name, stream}`. Each iteration streams the source again from its start (a stream only once). Records come in trace order with atNs from the first yielded
 * record, made non-decreasing (a record stamped earlier than its predecessor is issued with it,
 * as fio does), divided by the speed factor; zero-length I/Os are skipped. Bad options throw at
 * once; a malformed line, an empty trace, an unknown format or a limit passed (trace-limits.ts)
 * throw an InputError from iteration. A line's text is quoted in an error only once the content is
 * recognised as a trace: by format detection, or by a record read from it.
 */
export function openTrace(source: TraceSource, options: TraceOptions = {}): AsyncIterable<TraceRecord> {
  checkOptions(traceSourceName(source), options);
  return { [Symbol.asyncIterator]: () => replayRecords(source, options) };
}

/** Reads the first non-blank line of a source and names its format; throws for empty or unknown content. */
export async function readTraceFormat(source: TraceSource): Promise<TraceFormat> {
  const batches = readLineBatches(source);
  try {
    return (await openBatches(traceSourceName(source), batches, undefined)).format;
  } finally {
    await batches.return(undefined);
  }
}

async function* replayRecords(source: TraceSource, options: TraceOptions): AsyncGenerator<TraceRecord> {
  const file = traceSourceName(source);
  const batches = readLineBatches(source, options.limits);
  try {
    const { format, peeked, recognised: detected } = await openBatches(file, batches, options.format);
    const parse = lineParser(format, file, options);
    let recognised = detected;
    const speed = options.speed ?? 1;
    const startAtNs = options.startAtNs ?? 0;
    let skip = options.skipRecords ?? 0;
    const maxRecords = options.maxRecords ?? Infinity;
    let previousNs = -Infinity;
    let firstNs: number | undefined;
    let originNs: number | undefined;
    let yielded = 0;
    let lastLine = 0;
    for await (const { firstLine, lines } of resume(peeked, batches)) {
      lastLine = firstLine + lines.length - 1;
      for (let index = 0; index < lines.length; index += 1) {
        const text = lines[index] as string;
        let record: TraceRecord | undefined;
        try {
          record = parse(text, firstLine + index);
        } catch (error) {
          throw recognised ? error : contentNotShown(error, format);
        }
        // A record read shows the file is a trace: later errors may quote lines (a skipped line shows nothing).
        if (record !== undefined) recognised = true;
        if (record === undefined || record.sizeBytes === 0) continue;
        const traceNs = Math.max(record.atNs, previousNs);
        previousNs = traceNs;
        firstNs ??= traceNs;
        if (traceNs - firstNs < startAtNs) continue;
        if (skip > 0) {
          skip -= 1;
          continue;
        }
        originNs ??= traceNs;
        const placed =
          options.volume === undefined
            ? record
            : placeOnVolume(record.offsetBytes, record.sizeBytes, options.volume, options, file, `line ${record.line}`);
        const out: TraceRecord = {
          atNs: Math.round((traceNs - originNs) / speed),
          operation: record.operation,
          offsetBytes: placed.offsetBytes,
          sizeBytes: placed.sizeBytes,
          line: record.line,
        };
        if (record.untimed) out.untimed = true;
        yield out;
        yielded += 1;
        if (yielded >= maxRecords) return;
      }
    }
    if (yielded === 0) {
      throw new InputError(
        file,
        'records',
        `at least one read or write record of non-zero size${describeSelection(format, options)}`,
        `none in ${lastLine} lines`,
      );
    }
  } finally {
    await batches.return(undefined);
  }
}

async function* resume(peeked: LineBatch[], rest: AsyncGenerator<LineBatch>): AsyncGenerator<LineBatch> {
  yield* peeked;
  for (let batch = await nextBatch(rest); batch !== undefined; batch = await nextBatch(rest)) yield batch;
}

async function nextBatch(batches: AsyncGenerator<LineBatch>): Promise<LineBatch | undefined> {
  const next = await batches.next();
  return next.done ? undefined : next.value;
}

function lineParser(format: TraceFormat, file: string, options: TraceOptions): LineParser {
  switch (format) {
    case 'msr-cambridge':
      return msrCambridgeParser(file, options.msr);
    case 'blkparse':
      return blkparseParser(file, options.blkparse);
    case 'fio-iolog-v2':
      return fioIologParser(file, 2, options.fio);
    case 'fio-iolog-v3':
      return fioIologParser(file, 3, options.fio);
  }
}

/** Pulls batches up to the first non-blank line, to detect the format (or prove the trace empty). */
async function openBatches(
  file: string,
  batches: AsyncGenerator<LineBatch>,
  format: TraceFormat | undefined,
): Promise<{ format: TraceFormat; peeked: LineBatch[]; recognised: boolean }> {
  const peeked: LineBatch[] = [];
  for (;;) {
    const batch = await nextBatch(batches);
    if (batch === undefined) throw new InputError(file, 'content', 'a trace with at least one record', 'an empty file');
    const index = batch.lines.findIndex((line) => line.trim() !== '');
    // Blank batches hold nothing to parse: dropped, so that a flood of blank lines costs no memory.
    if (index < 0) continue;
    peeked.push(batch);
    const first = batch.lines[index] as string;
    const detected = detectTraceFormat([first]);
    const found = format ?? detected;
    // Not a trace as far as anyone can tell: name the file and the line, never show the line.
    if (found === undefined) throw unknownFormat(file, batch.firstLine + index);
    return { format: found, peeked, recognised: detected !== undefined };
  }
}

function describeSelection(format: TraceFormat, options: TraceOptions): string {
  const parts: string[] = [];
  const { msr, blkparse, fio } = options;
  if (format === 'msr-cambridge' && msr?.hostname !== undefined) parts.push(`hostname ${msr.hostname}`);
  if (format === 'msr-cambridge' && msr?.diskNumber !== undefined) parts.push(`disk number ${msr.diskNumber}`);
  if (format === 'blkparse') parts.push(`action ${blkparse?.action ?? 'Q'}`);
  if (format === 'blkparse' && blkparse?.device !== undefined) parts.push(`device ${blkparse.device}`);
  if (format.startsWith('fio') && fio?.fileName !== undefined) parts.push(`file ${fio.fileName}`);
  if (options.startAtNs) parts.push(`startAtNs ${options.startAtNs}`);
  if (options.skipRecords) parts.push(`skipRecords ${options.skipRecords}`);
  return parts.length === 0 ? '' : ` (selected by ${parts.join(', ')})`;
}

function checkOptions(file: string, options: TraceOptions): void {
  const fail = (field: string, expected: string, value: unknown): never => {
    throw new InputError(file, `options.${field}`, expected, String(value));
  };
  const { speed, startAtNs, skipRecords, maxRecords, volume, format } = options;
  if (format !== undefined && !TRACE_FORMATS.includes(format)) {
    fail('format', `one of ${TRACE_FORMATS.join(', ')}`, format);
  }
  if (speed !== undefined && !(Number.isFinite(speed) && speed > 0)) fail('speed', 'a positive speed factor', speed);
  if (startAtNs !== undefined && !(Number.isSafeInteger(startAtNs) && startAtNs >= 0)) {
    fail('startAtNs', 'a non-negative integer of nanoseconds', startAtNs);
  }
  if (skipRecords !== undefined && !(Number.isSafeInteger(skipRecords) && skipRecords >= 0)) {
    fail('skipRecords', 'a non-negative integer', skipRecords);
  }
  if (maxRecords !== undefined && !(Number.isSafeInteger(maxRecords) && maxRecords >= 1)) {
    fail('maxRecords', 'a positive integer', maxRecords);
  }
  if (volume !== undefined) {
    const { blockSizeBytes, sizeBytes } = volume;
    if (!(Number.isSafeInteger(blockSizeBytes) && blockSizeBytes > 0)) {
      fail('volume.blockSizeBytes', 'a positive integer of bytes', blockSizeBytes);
    }
    if (!(Number.isSafeInteger(sizeBytes) && sizeBytes > 0 && sizeBytes % blockSizeBytes === 0)) {
      fail('volume.sizeBytes', `a positive multiple of the block size ${blockSizeBytes}`, sizeBytes);
    }
  }
  const action = options.blkparse?.action;
  if (action !== undefined && !['Q', 'D', 'C'].includes(action)) fail('blkparse.action', 'Q, D or C', action);
  const unit = options.fio?.timestampUnit;
  if (unit !== undefined && unit !== 'us' && unit !== 'ms') fail('fio.timestampUnit', 'us or ms', unit);
  const disk = options.msr?.diskNumber;
  if (disk !== undefined && !(Number.isSafeInteger(disk) && disk >= 0)) {
    fail('msr.diskNumber', 'a non-negative integer', disk);
  }
}

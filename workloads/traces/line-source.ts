import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError } from '../../engine/errors.js';

/**
 * Where a trace comes from: a file path (a name ending in `.gz` is gunzipped on the fly), an
 * in-memory text (tests, small embedded traces), or any stream of text or bytes.
 */
export type TraceSource =
  | string
  | { name: string; text: string }
  | { name: string; stream: AsyncIterable<string | Uint8Array> };

/** Consecutive lines of a trace: `lines[i]` is line `firstLine + i` (1-based). */
export interface LineBatch {
  firstLine: number;
  lines: string[];
}

const BATCH_LINES = 1024;
// Batches waiting for the consumer before the file is paused: bounds memory on huge traces.
const MAX_QUEUED_BATCHES = 8;

/** The name errors use for a source: its path or its given name. */
export function traceSourceName(source: TraceSource): string {
  return typeof source === 'string' ? source : source.name;
}

/**
 * Streams the lines of a source in batches (node:readline over a file stream); a file is never
 * read whole into memory. Batching keeps the per-line cost of async iteration off the hot path.
 */
export async function* readLineBatches(source: TraceSource): AsyncGenerator<LineBatch> {
  if (typeof source !== 'string' && 'text' in source) {
    yield* splitText(source.text);
    return;
  }
  const name = traceSourceName(source);
  const input = typeof source === 'string' ? openFile(source) : Readable.from(source.stream);
  const reader = createInterface({ input, crlfDelay: Infinity });
  const queue: LineBatch[] = [];
  let batch: string[] = [];
  let nextLine = 1;
  let finished = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  const flush = (): void => {
    if (batch.length === 0) return;
    queue.push({ firstLine: nextLine, lines: batch });
    nextLine += batch.length;
    batch = [];
    if (queue.length >= MAX_QUEUED_BATCHES) reader.pause();
    notify();
  };
  reader.on('line', (line) => {
    batch.push(line);
    if (batch.length >= BATCH_LINES) flush();
  });
  reader.on('close', () => {
    flush();
    finished = true;
    notify();
  });
  const fail = (error: unknown): void => {
    failure ??= error;
    finished = true;
    notify();
  };
  // readline re-emits input errors on itself, where an unheard 'error' would be thrown.
  reader.on('error', fail);
  input.on('error', fail);
  try {
    for (;;) {
      const next = queue.shift();
      if (next !== undefined) {
        if (queue.length < MAX_QUEUED_BATCHES / 2) reader.resume();
        yield next;
        continue;
      }
      if (failure !== undefined) throw asInputError(name, failure);
      if (finished) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    // Stopping early (maxRecords, a parse error) must release the file at once.
    reader.close();
    input.destroy();
  }
}

function openFile(path: string): Readable {
  const file = createReadStream(path);
  if (!path.endsWith('.gz')) return file;
  const gunzip = createGunzip();
  file.on('error', (error) => gunzip.destroy(error));
  gunzip.on('close', () => file.destroy());
  return file.pipe(gunzip);
}

function* splitText(text: string): Generator<LineBatch> {
  let start = 0;
  let batch: string[] = [];
  let firstLine = 1;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    batch.push(text.slice(start, lineEnd));
    start = end + 1;
    if (batch.length >= BATCH_LINES) {
      yield { firstLine, lines: batch };
      firstLine += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) yield { firstLine, lines: batch };
}

function asInputError(file: string, error: unknown): unknown {
  if (error instanceof InputError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new InputError(file, 'file', 'an existing trace file', 'no such file');
  if (code === 'EISDIR') return new InputError(file, 'file', 'a trace file', 'a directory');
  if (code === 'EACCES' || code === 'EPERM') {
    return new InputError(file, 'file', 'a readable trace file', 'permission denied');
  }
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
    return new InputError(file, 'file', 'a valid gzip-compressed trace', `damaged gzip data (${code})`);
  }
  return error;
}

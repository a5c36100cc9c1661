import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError } from '../../engine/errors.js';
import type { TraceLine } from './trace-record.js';

/**
 * Where a trace comes from: a file path (a name ending in `.gz` is gunzipped on the fly), an
 * in-memory text (tests, small embedded traces), or any stream of text or bytes.
 */
export type TraceSource =
  | string
  | { name: string; text: string }
  | { name: string; stream: AsyncIterable<string | Uint8Array> };

/** The name errors use for a source: its path or its given name. */
export function traceSourceName(source: TraceSource): string {
  return typeof source === 'string' ? source : source.name;
}

/** Streams the lines of a source one by one; a file is never read whole into memory. */
export async function* readTraceLines(source: TraceSource): AsyncGenerator<TraceLine> {
  if (typeof source !== 'string' && 'text' in source) {
    yield* splitText(source.text);
    return;
  }
  const name = traceSourceName(source);
  const input = typeof source === 'string' ? openFile(source) : Readable.from(source.stream);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let number = 0;
  try {
    for await (const text of lines) {
      number += 1;
      yield { text, number };
    }
  } catch (error) {
    throw asInputError(name, error);
  } finally {
    // Stopping early (maxRecords, a parse error) must release the file at once.
    lines.close();
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

function* splitText(text: string): Generator<TraceLine> {
  let start = 0;
  let number = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    number += 1;
    const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    yield { text: text.slice(start, lineEnd), number };
    start = end + 1;
  }
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

import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { InputError } from '../../engine/errors.js';
import { LineSplitter, type LineBatch } from './line-splitter.js';
import { gzipBomb, TRACE_LIMITS, type TraceLimits } from './trace-limits.js';

export type { LineBatch } from './line-splitter.js';

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

/**
 * Streams the lines of a source in batches; a file is never read whole into memory, and is read
 * only as fast as the batches are taken. Batching keeps the per-line cost of async iteration off
 * the hot path. `limits` bound one pass (see trace-limits.ts): past one, an InputError names the
 * file, the line and the limit.
 */
export async function* readLineBatches(source: TraceSource, limits: TraceLimits = TRACE_LIMITS): AsyncGenerator<LineBatch> {
  const name = traceSourceName(source);
  const lines = new LineSplitter(name, limits);
  if (typeof source !== 'string' && 'text' in source) {
    lines.countBytes(source.text.length);
    yield* lines.push(source.text);
    yield* lines.finish();
    return;
  }
  const { input, compressedBytes } = typeof source === 'string' ? openFile(source) : { input: Readable.from(source.stream), compressedBytes: undefined };
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of input as AsyncIterable<string | Uint8Array>) {
      lines.countBytes(typeof chunk === 'string' ? chunk.length : chunk.byteLength);
      if (compressedBytes !== undefined) checkGzipRatio(name, lines, limits, compressedBytes());
      yield* lines.push(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    }
    yield* lines.push(decoder.end());
    yield* lines.finish();
  } catch (error) {
    throw asInputError(name, error);
  } finally {
    // Stopping early (maxRecords, a parse error, a limit) must release the file at once.
    input.destroy();
  }
}

/** Inflated bytes so far against the compressed bytes read (at least those consumed): a bomb shows early. */
function checkGzipRatio(file: string, lines: LineSplitter, limits: TraceLimits, compressed: number): void {
  const inflated = lines.bytesRead;
  if (inflated >= limits.gzipRatioAfterBytes && inflated > limits.maxGzipRatio * Math.max(1, compressed)) {
    throw gzipBomb(file, lines.line, limits, inflated, compressed);
  }
}

function openFile(path: string): { input: Readable; compressedBytes?: () => number } {
  const file = createReadStream(path);
  if (!path.endsWith('.gz')) return { input: file };
  const gunzip = createGunzip();
  file.on('error', (error) => gunzip.destroy(error));
  gunzip.on('close', () => file.destroy());
  // bytesWritten: compressed bytes handed to zlib so far, close behind what it has inflated.
  return { input: file.pipe(gunzip), compressedBytes: () => gunzip.bytesWritten };
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

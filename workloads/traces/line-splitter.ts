/**
 * Splits text that arrives in pieces into numbered lines, held to TraceLimits as it goes: a line
 * is refused once its first characters past the limit arrive, so a file without line ends
 * (/dev/zero, one 700 MB line) costs at most the limit in memory. Lines end at `\n`; one `\r`
 * before it is dropped (CRLF files), as for in-memory text.
 */
import { lineTooLong, tooManyBytes, tooManyLines, type TraceLimits } from './trace-limits.js';

/** Consecutive lines of a trace: `lines[i]` is line `firstLine + i` (1-based). */
export interface LineBatch {
  firstLine: number;
  lines: string[];
}

const BATCH_LINES = 1024;

export class LineSplitter {
  private partial = '';
  private batch: string[] = [];
  private completeLines = 0;
  private bytes = 0;

  constructor(
    private readonly file: string,
    private readonly limits: TraceLimits,
  ) {}

  /** Number of the line being read (1-based): where a limit error points. */
  get line(): number {
    return this.completeLines + 1;
  }

  /** Bytes of text counted so far. */
  get bytesRead(): number {
    return this.bytes;
  }

  /** Counts bytes of input against the limit on one pass. */
  countBytes(count: number): void {
    this.bytes += count;
    if (this.bytes > this.limits.maxBytes) throw tooManyBytes(this.file, this.line, this.limits);
  }

  /** Takes the next piece of text; returns the batches it completed. */
  push(text: string): LineBatch[] {
    const ready: LineBatch[] = [];
    let start = 0;
    for (;;) {
      const end = text.indexOf('\n', start);
      if (end < 0) {
        // One character more than the limit may be the `\r` of a CRLF line end.
        if (this.partial.length + (text.length - start) > this.limits.maxLineChars + 1) throw lineTooLong(this.file, this.line, this.limits);
        this.partial += text.slice(start);
        return ready;
      }
      const line = this.partial === '' ? text.slice(start, end) : this.partial + text.slice(start, end);
      this.partial = '';
      this.add(line, ready);
      start = end + 1;
    }
  }

  /** Ends the text: the last line (without a line end) and the last batch. */
  finish(): LineBatch[] {
    const ready: LineBatch[] = [];
    if (this.partial !== '') this.add(this.partial, ready);
    this.partial = '';
    if (this.batch.length > 0) ready.push(this.takeBatch());
    return ready;
  }

  private add(text: string, ready: LineBatch[]): void {
    const line = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (line.length > this.limits.maxLineChars) throw lineTooLong(this.file, this.line, this.limits);
    if (this.completeLines >= this.limits.maxLines) throw tooManyLines(this.file, this.line, this.limits);
    this.completeLines += 1;
    this.batch.push(line);
    if (this.batch.length >= BATCH_LINES) ready.push(this.takeBatch());
  }

  private takeBatch(): LineBatch {
    const batch = { firstLine: this.completeLines - this.batch.length + 1, lines: this.batch };
    this.batch = [];
    return batch;
  }
}

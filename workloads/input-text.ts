/**
 * Reads a small input file a user names (a scenario, a gate rules file) as text, with a bound on
 * its size, and tells a binary file from text without ever returning the binary's content: a path
 * can name anything (/dev/zero, a key, an image), and what cowsim says about it reaches CI logs.
 */
import { open } from 'node:fs/promises';

/** Scenario and rules files are a few KiB; a larger file is not one of them. */
export const MAX_INPUT_TEXT_BYTES = 16 * 1024 * 1024;

/** The text of a file, or why it has none: too large (read no further), or binary at a line. */
export type InputText = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'too-large'; readonly maxBytes: number } | { readonly kind: 'binary'; readonly line: number };

const READ_BYTES = 1 << 20;

/** Reads at most `maxBytes` (+1 to tell a larger file) of a file; errors opening or reading it (ENOENT, EISDIR) are thrown. */
export async function readInputText(path: string, maxBytes = MAX_INPUT_TEXT_BYTES): Promise<InputText> {
  const handle = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.alloc(Math.min(READ_BYTES, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      // A NUL byte settles it: binary, whatever follows (no need to read all of /dev/zero).
      if (buffer.subarray(0, bytesRead).indexOf(0) >= 0) return inputTextOf(Buffer.concat(chunks));
      // Character devices and pipes (/dev/zero) have no size to check first: stop at the bound.
      if (total > maxBytes) return { kind: 'too-large', maxBytes };
    }
    return inputTextOf(Buffer.concat(chunks));
  } finally {
    await handle.close();
  }
}

/** Text of bytes that are UTF-8 without NUL bytes; otherwise the line of the first byte that is not text. */
export function inputTextOf(bytes: Uint8Array): InputText {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nul = buffer.indexOf(0);
  if (nul >= 0) return { kind: 'binary', line: lineOf(buffer.subarray(0, nul).toString('utf8')) };
  try {
    return { kind: 'text', text: new TextDecoder('utf-8', { fatal: true }).decode(buffer) };
  } catch {
    const lenient = buffer.toString('utf8');
    return { kind: 'binary', line: lineOf(lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD')))) };
  }
}

/** The 1-based line at the end of `before`. */
function lineOf(before: string): number {
  let line = 1;
  for (let index = before.indexOf('\n'); index >= 0; index = before.indexOf('\n', index + 1)) line++;
  return line;
}

import { InputError } from '../../engine/errors.js';

const MAX_FOUND_CHARS = 80;

/**
 * The error for a malformed trace line: file, `line N, <where>` (just `line N` when the whole line
 * is at fault: where is ''), what was expected, and the text found.
 */
export function malformedLine(
  file: string,
  line: number,
  where: string,
  expected: string,
  found: string,
): InputError {
  const shown = found.length > MAX_FOUND_CHARS ? `${found.slice(0, MAX_FOUND_CHARS)}...` : found;
  const field = where === '' ? `line ${line}` : `line ${line}, ${where}`;
  return new InputError(file, field, expected, JSON.stringify(shown));
}

const DIGITS = /^\d+$/;

/** A non-negative decimal integer that a double holds exactly, or undefined. */
export function parseCount(text: string): number | undefined {
  if (!DIGITS.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

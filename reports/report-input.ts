/**
 * Reads a file cowsim wrote earlier (summary.json, sweep.json, sweep.csv) that a user names as an
 * input to gate or merge: bounded in size (a path may name /dev/zero), and never quoted in an
 * error until it is recognised, since a path may name a secret and errors reach CI logs.
 */
import { InputError } from '../engine/errors.js';
import { readInputText } from '../workloads/input-text.js';

/** Outputs of large sweeps run to tens of MiB; a file past this is not one. */
export const MAX_REPORT_INPUT_BYTES = 512 * 1024 * 1024;

/** The text of `file`, or an InputError naming it and what was expected, without its content. */
export async function readReportInput(file: string, expected: string): Promise<string> {
  let read;
  try {
    read = await readInputText(file, MAX_REPORT_INPUT_BYTES);
  } catch (error) {
    throw new InputError(file, '(file)', expected, (error as NodeJS.ErrnoException).code ?? String(error));
  }
  if (read.kind === 'too-large') throw new InputError(file, '(file)', `${expected}, of at most ${MAX_REPORT_INPUT_BYTES / 1024 / 1024} MiB`, 'a larger file (read no further)');
  if (read.kind === 'binary') throw new InputError(file, `line ${read.line}`, expected, 'binary content');
  return read.text;
}

/** Parses JSON; an error gives the position only, never the content around it. */
export function parseReportJson(text: string, file: string, expected: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const at = /\bposition (\d+)/.exec((error as Error).message);
    let where = '(file)';
    if (at !== null) {
      const before = text.slice(0, Math.min(Number(at[1]), text.length));
      where = `line ${before.split('\n').length}, column ${before.length - before.lastIndexOf('\n')}`;
    }
    throw new InputError(file, where, `${expected}, as JSON`, 'content that is not JSON');
  }
}

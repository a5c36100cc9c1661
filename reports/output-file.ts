/**
 * A single report file a command writes (`gate --junit`, `--markdown`): checked before any work,
 * it is never one of the command's inputs, and an existing file is overwritten only when it is
 * empty or an earlier report of the same kind, so a baseline, a scenario or any other file of the
 * user's is never replaced by a report.
 */
import { lstat, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CowsimError } from '../engine/errors.js';
import { parentProblem, pathRelation, type OutputInput } from './output-paths.js';

/** A report file cannot be written there; the message names the flag, the file and what to do (exit code 2). */
export class OutputFileError extends CowsimError {
  constructor(flag: string, path: string, problem: string) {
    super(`${flag} ${path}: cannot write the report there: ${problem}`);
  }
}

/** A report file to write: where, which flag named it, and how an earlier one of its kind begins. */
export interface ReportFile {
  readonly path: string;
  readonly flag: string;
  /** Recognises the text of an earlier report of this kind. */
  readonly recognise: (text: string) => boolean;
}

/** Bytes read to recognise an earlier report: its heading is at the top. */
const HEAD_BYTES = 4096;

/** Throws OutputFileError unless every report may be written (not an input, not twice, not over a file of the user's). */
export async function checkReportFiles(reports: readonly ReportFile[], inputs: readonly OutputInput[]): Promise<void> {
  for (const [index, report] of reports.entries()) {
    const refuse = (problem: string): OutputFileError => new OutputFileError(report.flag, report.path, problem);
    for (const input of inputs) {
      if ((await pathRelation(report.path, input.path)) === 'same') throw refuse(`it is the input ${input.path} (${input.flag}); a report never replaces an input, so name another file`);
    }
    for (const other of reports.slice(0, index)) {
      if ((await pathRelation(report.path, other.path)) === 'same' || resolve(report.path) === resolve(other.path)) throw refuse(`${other.flag} names the same file; give each report its own file`);
    }
    const parent = await parentProblem(report.path);
    if (parent !== undefined) throw refuse(parent);
    let info;
    try {
      info = await lstat(report.path);
    } catch {
      continue;
    }
    if (!info.isFile()) throw refuse('it exists and is not a file; name a file');
    if (info.size === 0) continue;
    const text = (await readFile(report.path, 'utf8')).slice(0, HEAD_BYTES);
    if (!report.recognise(text)) {
      throw refuse('the file exists and is not a report cowsim wrote, so it is not overwritten; name a new file, or delete this one first if you no longer need it');
    }
  }
}

/**
 * Whether a folder may receive a command's output. It may when it is absent, empty, or an earlier
 * output of the same command: a folder holding cowsim's `.cowsim-output` marker and nothing but
 * the files that marker lists. Anything else holds something cowsim did not write and is refused
 * (exit 2), as are folders that are, hold or lie inside the command's inputs or hold the current
 * directory: replacing a folder deletes all of it.
 */
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CowsimError } from '../engine/errors.js';
import { describeMarker, OUTPUT_MARKER, readMarker, type OutputCommand, type OutputMarker } from './output-marker.js';
import { outputOverlap, parentProblem, type OutputInput } from './output-paths.js';

/** The output folder cannot be used; the message names it and says what to do (exit code 2). */
export class OutputDirectoryError extends CowsimError {
  constructor(outDir: string, problem: string) {
    super(`cannot write to ${outDir}: ${problem}`);
  }
}

/** Files a desktop adds to any folder it shows; never the user's work, so they do not make a folder foreign. */
const DESKTOP_LITTER = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);

/** The main file each command wrote before outputs carried a marker: how to recognise an old output. */
const UNMARKED_OUTPUT_FILES = new Set(['summary.json', 'sweep.json', 'plan.json', 'crash.json']);

/** Names for a message: the first few, then how many more. */
function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}

/**
 * Throws OutputDirectoryError unless `target` (an absolute path) may receive an output of
 * `command`; returns the marker of the earlier output it would replace, or undefined when there is
 * none (absent or empty).
 */
export async function checkOutputTarget(target: string, command: OutputCommand, inputs: readonly OutputInput[]): Promise<OutputMarker | undefined> {
  // Annotated, so that TypeScript narrows after each call.
  const refuse: (problem: string) => never = (problem) => {
    throw new OutputDirectoryError(target, problem);
  };
  const overlap = await outputOverlap(target, inputs);
  if (overlap !== undefined) refuse(overlap);
  const parent = await parentProblem(target);
  if (parent !== undefined) refuse(parent);
  let info;
  try {
    info = await lstat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return refuse(`it cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); choose another --out`);
  }
  if (info.isSymbolicLink()) refuse('it is a symbolic link; name a real folder with --out');
  if (!info.isDirectory()) refuse('it exists and is not a directory; choose another --out');

  const entries = (await readdir(target)).filter((name) => !DESKTOP_LITTER.has(name)).sort();
  const marker = await readMarker(target);
  if (marker === 'unreadable') {
    refuse(`its ${OUTPUT_MARKER} is not one this cowsim wrote, so the folder is not taken for an earlier output; choose another --out`);
  }
  if (marker === undefined) {
    if (entries.length === 0) return undefined;
    const old = entries.some((name) => UNMARKED_OUTPUT_FILES.has(name))
      ? ` (an output of an older cowsim has no ${OUTPUT_MARKER}: if this is one, delete it yourself)`
      : '';
    return refuse(
      `it is not empty and holds files cowsim did not write (${listNames(entries)}); cowsim replaces its output folder as a whole, so choose a new or empty folder with --out, or move those files out${old}`,
    );
  }
  if (marker.command !== command) {
    refuse(`it holds the output of ${describeMarker(marker)}, not of cowsim ${command}; choose another --out, or delete that output first if you no longer need it`);
  }
  const listed = new Set(marker.files);
  const foreign: string[] = [];
  for (const name of entries) {
    if (name === OUTPUT_MARKER) continue;
    if (!listed.has(name) || !(await lstat(join(target, name))).isFile()) foreign.push(name);
  }
  if (foreign.length > 0) {
    refuse(`it holds the earlier output of ${describeMarker(marker)} and also files cowsim did not write (${listNames(foreign)}); move those out, or choose another --out`);
  }
  return marker;
}

/**
 * The mark cowsim leaves in every output folder it writes: a `.cowsim-output` file naming the
 * command, the cowsim version, when, and the files written. A folder is replaced only when it holds
 * this mark and nothing but the files it lists, so a folder of the user's (even one that happens to
 * hold a summary.json) is never taken for an earlier output.
 */
import { readFileSync } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The marker's file name: a dotfile, so listings of the output stay as they were. */
export const OUTPUT_MARKER = '.cowsim-output';
const MARKER_FORMAT = 'cowsim-output/1';

/** The commands that write an output folder; each replaces only its own earlier output. */
export type OutputCommand = 'run' | 'sweep' | 'merge' | 'plan' | 'crash' | 'compare' | 'validate';

/** What a marker says about the output it marks. */
export interface OutputMarker {
  readonly format: typeof MARKER_FORMAT;
  readonly command: OutputCommand;
  readonly version: string;
  /** ISO 8601 time the output was written. */
  readonly written: string;
  /** The file names cowsim wrote into the folder (the marker aside). */
  readonly files: readonly string[];
}

/** The marker for an output of `command` holding `files`, written now. */
export function newMarker(command: OutputCommand, files: readonly string[]): OutputMarker {
  return { format: MARKER_FORMAT, command, version: cowsimVersion(), written: new Date().toISOString(), files: [...files] };
}

/** The marker as it is written to disk. */
export function markerText(marker: OutputMarker): string {
  return `${JSON.stringify(marker, null, 2)}\n`;
}

/**
 * The marker in `folder`: undefined when there is none, 'unreadable' when the file is there but is
 * not a marker cowsim wrote (such a folder is treated as the user's).
 */
export async function readMarker(folder: string): Promise<OutputMarker | 'unreadable' | undefined> {
  const path = join(folder, OUTPUT_MARKER);
  let text: string;
  try {
    if (!(await lstat(path)).isFile()) return 'unreadable';
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return 'unreadable';
  }
  try {
    const value = JSON.parse(text) as Partial<OutputMarker>;
    const plainName = (name: unknown) => typeof name === 'string' && name !== '' && name !== '.' && name !== '..' && !/[/\\]/.test(name);
    if (
      value?.format === MARKER_FORMAT &&
      typeof value.command === 'string' &&
      typeof value.written === 'string' &&
      Array.isArray(value.files) &&
      value.files.every(plainName)
    ) {
      return value as OutputMarker;
    }
  } catch {
    // not JSON: not ours
  }
  return 'unreadable';
}

/** "cowsim run (written 2025-06-01 10:00:12 UTC)": what an earlier output was, for notices and errors. */
export function describeMarker(marker: OutputMarker): string {
  const when = Number.isNaN(Date.parse(marker.written)) ? marker.written : new Date(marker.written).toISOString().replace('T', ' ').slice(0, 19);
  return `cowsim ${marker.command} (written ${when} UTC)`;
}

let version: string | undefined;

/** cowsim's version from its package.json (found above this file both in the sources and in dist/). */
export function cowsimVersion(): string {
  if (version !== undefined) return version;
  version = 'unknown';
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 4; depth++, folder = dirname(folder)) {
    try {
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === 'cowsim' && typeof manifest.version === 'string') {
        version = manifest.version;
        break;
      }
    } catch {
      // not here: look one folder up
    }
  }
  return version;
}

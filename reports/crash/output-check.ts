/**
 * Checks, before a campaign starts, that its output directory can be written the way
 * output-directory.ts will write it: absent, empty, or an earlier output holding the marker. A
 * long campaign must not end by refusing its --out.
 */
import { readdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { OutputDirectoryError } from '../output-directory.js';

/** Throws OutputDirectoryError (exit 2) when `outDir` could not be replaced by this command's output. */
export async function checkOutputDirectory(outDir: string, marker: string): Promise<void> {
  const target = resolve(outDir);
  let info;
  try {
    info = await stat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!info.isDirectory()) throw new OutputDirectoryError(target, 'it exists and is not a directory; choose another --out');
  const entries = await readdir(target);
  if (entries.length > 0 && !entries.includes(marker)) {
    throw new OutputDirectoryError(target, `it is a directory that holds no ${marker}, so not an earlier output of this command; choose another --out or empty it`);
  }
}

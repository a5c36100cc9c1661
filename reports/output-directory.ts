/**
 * Writes a command's output directory so that nothing is seen half-way: the files go into a
 * temporary sibling directory, which is renamed into place; an earlier output is moved aside and
 * removed only once the new one is in place. Only an earlier output of the same command (a
 * directory holding its marker file) or an empty directory is ever replaced. `cowsim run`,
 * `sweep`, `merge` and `plan` all write through here.
 */
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CowsimError } from '../engine/errors.js';

/** The output directory cannot be used; the message says what to do (exit code 2). */
export class OutputDirectoryError extends CowsimError {
  constructor(outDir: string, problem: string) {
    super(`cannot write to ${outDir}: ${problem}`);
  }
}

/**
 * Writes `files` (name -> text) into `outDir`, replacing an earlier output that holds `marker`.
 * Returns the paths written.
 */
export async function writeOutputDirectory(outDir: string, files: ReadonlyMap<string, string>, marker: string): Promise<string[]> {
  const target = resolve(outDir);
  await checkReplaceable(target, marker);
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(join(parent, `.${basename(target)}.writing-`));
  try {
    // mkdtemp makes the folder private (0700); an output folder is an ordinary one.
    await chmod(staging, 0o755);
    for (const [name, text] of files) await writeFile(join(staging, name), text, 'utf8');
    await moveIntoPlace(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return [...files.keys()].map((name) => join(target, name));
}

async function checkReplaceable(target: string, marker: string): Promise<void> {
  const existing = await statOrUndefined(target);
  if (existing === undefined) return;
  if (!existing.isDirectory()) throw new OutputDirectoryError(target, 'it exists and is not a directory; choose another --out');
  const entries = await readdir(target);
  if (entries.length > 0 && !entries.includes(marker)) {
    throw new OutputDirectoryError(target, `it is a directory that holds no ${marker}, so not an earlier output of this command; choose another --out or empty it`);
  }
}

async function moveIntoPlace(staging: string, target: string): Promise<void> {
  if ((await statOrUndefined(target)) === undefined) {
    await rename(staging, target);
    return;
  }
  const aside = join(dirname(target), `.${basename(target)}.replaced-${randomUUID()}`);
  await rename(target, aside);
  try {
    await rename(staging, target);
  } catch (error) {
    await rename(aside, target);
    throw error;
  }
  await rm(aside, { recursive: true, force: true });
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Where an output may go, decided before any work: never onto, around or inside a file or folder
 * the command reads, never around the current directory, and only under a folder that can be
 * written. Paths are compared by device and inode along their real paths, so symbolic links,
 * hard links and case-insensitive file systems cannot disguise an input.
 */
import { constants } from 'node:fs';
import { access, mkdir, realpath, rmdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** A file or folder a command reads, with the flag that named it (`--scenario`, `merge input`). */
export interface OutputInput {
  readonly path: string;
  readonly flag: string;
}

/** How a path lies relative to an existing one. */
export type PathRelation = 'same' | 'holds' | 'inside';

async function identity(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    return `${info.dev}:${info.ino}`;
  } catch {
    return undefined;
  }
}

/** The real path of `path`, or of its nearest existing folder with the rest appended. */
async function realPathOrAncestor(path: string): Promise<string> {
  let rest: string[] = [];
  let current = resolve(path);
  for (;;) {
    try {
      return join(await realpath(current), ...rest);
    } catch {
      const parent = dirname(current);
      if (parent === current) return resolve(path);
      rest = [basename(current), ...rest];
      current = parent;
    }
  }
}

/** The identities of the folders strictly above `path` (real path), nearest first. */
async function ancestorIdentities(path: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let current = await realPathOrAncestor(path);
  for (let parent = dirname(current); parent !== current; current = parent, parent = dirname(parent)) {
    const id = await identity(parent);
    if (id !== undefined) ids.add(id);
  }
  return ids;
}

/**
 * How `path` lies relative to `other` (which should exist): 'same' path, it 'holds' other (other
 * is inside it), it lies 'inside' other; undefined when apart or when either is absent.
 */
export async function pathRelation(path: string, other: string): Promise<PathRelation | undefined> {
  const otherId = await identity(other);
  if (otherId === undefined) return undefined;
  const pathId = await identity(path);
  if (pathId !== undefined && pathId === otherId) return 'same';
  if (pathId !== undefined && (await ancestorIdentities(other)).has(pathId)) return 'holds';
  if ((await ancestorIdentities(path)).has(otherId)) return 'inside';
  return undefined;
}

/**
 * Why `target` cannot be an output folder given the command's inputs, or undefined: it is or
 * holds the current directory, or it is one of the inputs, holds one (replacing it would delete
 * the input) or lies inside one.
 */
export async function outputOverlap(target: string, inputs: readonly OutputInput[]): Promise<string | undefined> {
  const here = await pathRelation(target, process.cwd());
  if (here === 'same' || here === 'holds') {
    return `${here === 'same' ? 'it is the current directory' : 'it holds the current directory'}, and cowsim replaces its output folder as a whole; name a new folder such as --out cowsim-out/mine, or leave --out out for the default under cowsim-out/`;
  }
  for (const input of inputs) {
    const relation = await pathRelation(target, input.path);
    if (relation === 'same') return `it is the input ${input.path} (${input.flag}); an output never replaces an input, so choose another --out`;
    if (relation === 'holds') return `it holds the input ${input.path} (${input.flag}), which replacing the folder would delete; choose an --out outside it`;
    if (relation === 'inside') return `it lies inside the input ${input.path} (${input.flag}); choose an --out outside it`;
  }
  return undefined;
}

/** Why the folder that would hold `target` cannot be made or written, or undefined. */
export async function parentProblem(target: string): Promise<string | undefined> {
  let folder = dirname(resolve(target));
  let missing: string | undefined;
  for (;;) {
    let info;
    try {
      info = await stat(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') return `${folder} cannot be read (${code ?? String(error)}); choose another --out`;
      const parent = dirname(folder);
      if (parent === folder) return undefined;
      missing = folder;
      folder = parent;
      continue;
    }
    if (!info.isDirectory()) return `${folder} is a file, not a folder; choose another --out`;
    try {
      await access(folder, constants.W_OK | constants.X_OK);
    } catch (error) {
      return `${folder} is not writable (${(error as NodeJS.ErrnoException).code ?? String(error)}); choose another --out`;
    }
    // Permission bits say little to root or on special file systems (/proc): make the first
    // missing folder and take it away again, so a folder that cannot be made is found now.
    if (missing !== undefined) {
      try {
        await mkdir(missing);
        await rmdir(missing);
      } catch (error) {
        return `${missing} cannot be made (${(error as NodeJS.ErrnoException).code ?? String(error)}); choose another --out`;
      }
    }
    return undefined;
  }
}

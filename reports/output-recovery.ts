/**
 * What an interrupted write can leave next to an output folder NAME, and its cleanup at the next
 * start. A write stages the new output in `.NAME.writing-p<pid>-XXXXXX`, moves the earlier output
 * to `.NAME.replaced-p<pid>-<uuid>`, renames the staging folder to NAME and removes the earlier
 * one. A SIGKILL (or a power cut) between those steps leaves one of these folders behind. The
 * process id in the name keeps a second cowsim from touching a write still under way; names
 * without one come from earlier cowsim versions and are treated as left by a dead process.
 */
import { randomUUID } from 'node:crypto';
import { lstat, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { readMarker } from './output-marker.js';

/** The prefix mkdtemp completes into this process's staging folder for `target`. */
export function stagingPrefix(target: string): string {
  return join(dirname(target), `.${basename(target)}.writing-p${process.pid}-`);
}

/** A fresh name for this process's earlier output of `target`, moved aside. */
export function asidePath(target: string): string {
  return join(dirname(target), `.${basename(target)}.replaced-p${process.pid}-${randomUUID()}`);
}

interface Debris {
  readonly path: string;
  readonly kind: 'writing' | 'replaced';
  /** Undefined for names written before process ids were part of them. */
  readonly pid: number | undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function findDebris(target: string): Promise<Debris[]> {
  const pattern = new RegExp(`^\\.${escapeRegExp(basename(target))}\\.(writing|replaced)-(?:p(\\d+)-)?[A-Za-z0-9-]+$`);
  let names: string[];
  try {
    names = await readdir(dirname(target));
  } catch {
    return [];
  }
  const found: Debris[] = [];
  for (const name of names) {
    const match = pattern.exec(name);
    if (!match) continue;
    const path = join(dirname(target), name);
    // Gone already (another cowsim cleaned it), or not a folder: not debris to act on.
    const info = await lstat(path).catch(() => undefined);
    if (info === undefined || !info.isDirectory()) continue;
    found.push({ path, kind: match[1] as Debris['kind'], pid: match[2] === undefined ? undefined : Number(match[2]) });
  }
  return found;
}

/** True when something (a file, folder or link) is at `path`. */
export async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Cleans what interrupted writes of `target` left, when the process that left it is gone: staging
 * folders are removed; an earlier output moved aside goes back into place when nothing took its
 * place, and is removed when the new output did. Each action is reported through `notify`.
 */
export async function recoverInterruptedWrites(target: string, notify: (line: string) => void = () => undefined): Promise<void> {
  // Cleaning is best effort: what cannot be cleaned is reported and left for the user.
  const attempt = async (path: string, action: () => Promise<void>, done: string): Promise<void> => {
    try {
      await action();
      notify(done);
    } catch (error) {
      notify(`cowsim: could not clean up ${path}, left by an interrupted cowsim (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  };
  const debris = (await findDebris(target)).filter((item) => item.pid === undefined || !isAlive(item.pid));
  for (const item of debris.filter((entry) => entry.kind === 'writing')) {
    await attempt(item.path, () => rm(item.path, { recursive: true, force: true }), `cowsim: removed ${item.path}, left half-written by an interrupted cowsim`);
  }
  let aside = debris.filter((entry) => entry.kind === 'replaced');
  if (aside.length === 0) return;
  if (!(await exists(target))) {
    // The newest one is the output that was in place last.
    const [restored, ...older] = await newestFirst(aside);
    await attempt(restored!.path, () => rename(restored!.path, target), `cowsim: restored ${target}, the earlier output an interrupted cowsim had moved aside to ${basename(restored!.path)}`);
    aside = older;
  }
  const current = await readMarker(target);
  if (current === undefined || current === 'unreadable') return;
  // An output is in place. Only folders this version moved aside are known to hold nothing but
  // cowsim's files; an older version's may hold a user's, so they stay.
  for (const item of aside.filter((entry) => entry.pid !== undefined)) {
    await attempt(item.path, () => rm(item.path, { recursive: true, force: true }), `cowsim: removed ${item.path}, an earlier output an interrupted cowsim had already replaced`);
  }
}

async function newestFirst(items: readonly Debris[]): Promise<Debris[]> {
  const written = async (item: Debris): Promise<number> => {
    const marker = await readMarker(item.path);
    if (marker !== undefined && marker !== 'unreadable') return Date.parse(marker.written) || 0;
    return (await lstat(item.path).catch(() => undefined))?.mtimeMs ?? 0;
  };
  const times = new Map<Debris, number>();
  for (const item of items) times.set(item, await written(item));
  return [...items].sort((a, b) => times.get(b)! - times.get(a)!);
}

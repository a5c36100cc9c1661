/**
 * Writes a command's output folder so that nothing is seen half-way and nothing of the user's is
 * lost. The files (and the `.cowsim-output` marker naming them) go into a staging folder next to
 * the output, which is renamed into place; an earlier output is moved aside first and removed only
 * once the new one is in place. Only an empty folder or an earlier output of the same command
 * holding nothing else is ever replaced (output-target.ts); Ctrl-C or SIGTERM during the write
 * undoes it (output-interrupts.ts); what a SIGKILL leaves is cleaned at the next start
 * (output-recovery.ts). `cowsim run`, `sweep`, `merge`, `plan` and `crash` all write through here.
 */
import { chmod, mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { catchInterrupts, endBySignal, OutputInterrupted, type InterruptLatch } from './output-interrupts.js';
import { describeMarker, markerText, newMarker, OUTPUT_MARKER, type OutputCommand, type OutputMarker } from './output-marker.js';
import type { OutputInput } from './output-paths.js';
import { asidePath, exists, recoverInterruptedWrites, stagingPrefix } from './output-recovery.js';
import { checkOutputTarget, OutputDirectoryError } from './output-target.js';

export { OutputDirectoryError } from './output-target.js';
export type { OutputCommand } from './output-marker.js';
export type { OutputInput } from './output-paths.js';

/** Who writes an output folder, from what, and where its notices go. */
export interface OutputSpec {
  /** The command writing; only its own earlier output is replaced. */
  readonly command: OutputCommand;
  /** Files and folders the command reads: the output may not be, hold or lie inside one. */
  readonly inputs?: readonly OutputInput[];
  /** Receives one line per notice (an earlier output replaced, debris cleaned); none under --quiet. */
  readonly notify?: (line: string) => void;
}

/** The steps of a write, after each of which a test may stop it. */
export type WriteStep = 'staged' | 'moved-aside' | 'in-place';

/** Test seams of the writer. */
export interface OutputWriteHooks {
  /** Awaited after each step (a test stops here to kill the process or send it a signal). */
  readonly afterStep?: (step: WriteStep, outDir: string) => void | Promise<void>;
  /** Ends the process after a write a signal stopped; default: that signal's own default action. */
  readonly endByInterrupt?: (signal: NodeJS.Signals) => void;
}

let hooks: OutputWriteHooks = {};

/** Installs test seams (none restores the defaults). */
export function setOutputWriteHooks(next: OutputWriteHooks = {}): void {
  hooks = next;
}

/** fs error codes that say the place cannot be written, not that cowsim has a bug. */
const PLACE_ERRORS = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOTDIR', 'EISDIR', 'EEXIST', 'ENOTEMPTY', 'EBUSY', 'ENAMETOOLONG', 'ELOOP', 'EMFILE', 'EXDEV']);

function asOutputError(target: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined || !PLACE_ERRORS.has(code)) return error;
  return new OutputDirectoryError(target, `writing failed (${code}: ${(error as Error).message}); the earlier output, if any, is kept; choose another --out or free the place`);
}

/**
 * Before any work: cleans what an interrupted write of this folder left and checks that the
 * output may go there (OutputDirectoryError, exit 2, otherwise). The write checks again.
 */
export async function prepareOutputDirectory(outDir: string, spec: OutputSpec): Promise<void> {
  const target = resolve(outDir);
  await recoverInterruptedWrites(target, spec.notify);
  await checkOutputTarget(target, spec.command, spec.inputs ?? []);
}

/**
 * Writes `files` (name -> text) into `outDir`, replacing an earlier output of the same command
 * (with a one-line notice). Returns the paths written.
 */
export async function writeOutputDirectory(outDir: string, files: ReadonlyMap<string, string>, spec: OutputSpec): Promise<string[]> {
  const target = resolve(outDir);
  await recoverInterruptedWrites(target, spec.notify);
  const earlier = await checkOutputTarget(target, spec.command, spec.inputs ?? []);
  const latch = catchInterrupts();
  let staging: string | undefined;
  let committed = false;
  let failure: { error: unknown } | undefined;
  try {
    staging = await stage(target, files, spec.command);
    await step('staged', outDir, latch);
    committed = await swap(target, staging, outDir, latch);
  } catch (error) {
    if (staging !== undefined) await rm(staging, { recursive: true, force: true });
    if (!(error instanceof OutputInterrupted)) failure = { error: asOutputError(target, error) };
  }
  const signal = latch.release();
  if (signal !== undefined) {
    (hooks.endByInterrupt ?? endBySignal)(signal);
    throw new OutputInterrupted(signal, outDir, committed ? 'new' : 'earlier');
  }
  if (failure !== undefined) throw failure.error;
  if (earlier !== undefined) spec.notify?.(`cowsim: replaced ${outDir}: the earlier output of ${describeMarker(earlier)}`);
  return [...files.keys()].map((name) => join(target, name));
}

/**
 * Makes `folder` and its missing parents one at a time. Node's recursive mkdir never returns on
 * some file systems (a folder under /proc loops forever), so each level is made, or refused, alone.
 */
async function makeFolders(folder: string): Promise<void> {
  const missing: string[] = [];
  let current = resolve(folder);
  while ((await stat(current).catch(() => undefined)) === undefined) {
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const path of missing) {
    try {
      await mkdir(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new OutputDirectoryError(folder, `${path} cannot be made (${code ?? String(error)}); choose another --out`);
    }
  }
}

/** Writes the files, then the marker naming them, into a new staging folder; returns its path. */
async function stage(target: string, files: ReadonlyMap<string, string>, command: OutputCommand): Promise<string> {
  await makeFolders(dirname(target));
  const staging = await mkdtemp(stagingPrefix(target));
  // mkdtemp makes the folder private (0700); an output folder is an ordinary one.
  await chmod(staging, 0o755);
  for (const [name, text] of files) await writeFile(join(staging, name), text, 'utf8');
  const marker: OutputMarker = newMarker(command, [...files.keys()]);
  await writeFile(join(staging, OUTPUT_MARKER), markerText(marker), 'utf8');
  return staging;
}

/**
 * Renames the staging folder into place, the earlier output moved aside first and removed after.
 * A signal before the rename puts the earlier output back (OutputInterrupted); after it, the new
 * output stays. Returns true once the new output is in place.
 */
async function swap(target: string, staging: string, outDir: string, latch: InterruptLatch): Promise<boolean> {
  if (!(await exists(target))) {
    await rename(staging, target);
    await step('in-place', outDir, latch, { committed: true });
    return true;
  }
  const aside = asidePath(target);
  await rename(target, aside);
  try {
    await step('moved-aside', outDir, latch);
    await rename(staging, target);
  } catch (error) {
    await rename(aside, target);
    throw error;
  }
  await step('in-place', outDir, latch, { committed: true });
  await rm(aside, { recursive: true, force: true });
  return true;
}

/** After a step: waits for a test's hook (or a signal), then stops if a signal came and nothing is committed. */
async function step(name: WriteStep, outDir: string, latch: InterruptLatch, options: { committed?: boolean } = {}): Promise<void> {
  if (hooks.afterStep !== undefined) await Promise.race([hooks.afterStep(name, outDir), latch.arrived]);
  if (latch.signal !== undefined && !options.committed) throw new OutputInterrupted(latch.signal, outDir, 'earlier');
}

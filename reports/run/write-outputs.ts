/**
 * Writes a run's output directory (summary.json, the CSV files, report.html) so that nothing is
 * ever seen half-way: everything goes into a temporary sibling directory first, which is then
 * renamed into place; the output directory of an earlier run is moved aside and removed only once
 * the new one is in place. An interrupted write leaves the earlier output intact.
 */
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CowsimError } from '../../engine/errors.js';
import type { RunResult } from '../../workloads/run-result.js';
import { buildRunCsvFiles } from './csv.js';
import { renderRunReport } from './html-report.js';
import { REPORT_HTML, SUMMARY_JSON } from './output-files.js';
import { buildSummary, summaryJson, type RunSummary } from './summary.js';

/** The output directory cannot be used (a user error: the CLI exits with 2); the message says what to do. */
export class RunOutputError extends CowsimError {
  constructor(
    readonly outDir: string,
    problem: string,
  ) {
    super(`cannot write the run's outputs to ${outDir}: ${problem}`);
  }
}

/** Writes summary.json, the CSV files and (when the scenario asks for it) report.html into `outDir`, replacing an earlier run's output. */
export async function writeRunOutputs(result: RunResult, outDir: string): Promise<{ summary: RunSummary; files: string[] }> {
  const summary = buildSummary(result);
  const contents = new Map<string, string>([[SUMMARY_JSON, summaryJson(summary)]]);
  if (result.scenario.report.html) contents.set(REPORT_HTML, renderRunReport(result, summary));
  for (const [name, text] of Object.entries(buildRunCsvFiles(result, summary))) contents.set(name, text);

  const target = resolve(outDir);
  const parent = dirname(target);
  await checkReplaceable(target);
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(join(parent, `.${basename(target)}.writing-`));
  try {
    // mkdtemp makes the folder private (0700); an output folder is an ordinary one.
    await chmod(staging, 0o755);
    for (const [name, text] of contents) await writeFile(join(staging, name), text, 'utf8');
    await moveIntoPlace(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return { summary, files: [...contents.keys()].map((name) => join(target, name)) };
}

/**
 * Refuses to replace anything but an earlier run's output (a directory with a summary.json) or an
 * empty directory: `--out ~` must never wipe a home directory.
 */
async function checkReplaceable(target: string): Promise<void> {
  const existing = await statOrUndefined(target);
  if (existing === undefined) return;
  if (!existing.isDirectory()) throw new RunOutputError(target, 'it exists and is not a directory; choose another --out');
  const entries = await readdir(target);
  if (entries.length > 0 && !entries.includes(SUMMARY_JSON)) {
    throw new RunOutputError(target, `it is a directory that holds no ${SUMMARY_JSON}, so not the output of an earlier run; choose another --out or empty it`);
  }
}

/** Renames `staging` to `target`; an existing `target` is moved aside first and removed afterwards, or restored on failure. */
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

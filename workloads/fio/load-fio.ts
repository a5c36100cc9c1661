/**
 * fio job files into scenarios: `cowsim run --fio FILE` replaces the workloads of the scenario
 * (or of the embedded default) with the file's jobs, and a workload entry `fio: FILE` in a
 * scenario file is replaced by them (FILE relative to the scenario file's folder). A file that
 * does not start with a section header is not shown: --fio may point at anything.
 */
import { basename, dirname, extname, isAbsolute, resolve } from 'node:path';
import { readInputText } from '../input-text.js';
import { ScenarioError } from '../scenario/scenario-error.js';
import { fioJobsFromText, type FioJobs } from './fio-options.js';

/** What an error says instead of the content of a file that is not a job file. */
export const NOT_FIO = 'content not shown: the file is not recognised as a fio job file';

/** Where warnings about ignored options go. */
export type FioWarn = (warning: string) => void;

/** Reads a job file; unreadable, binary, not a job file or a bad value is a ScenarioError naming it. */
export async function readFioJobFile(path: string): Promise<FioJobs> {
  let input: Awaited<ReturnType<typeof readInputText>>;
  try {
    input = await readInputText(path);
  } catch (error) {
    throw new ScenarioError(path, [{ field: '(file)', expected: `a readable fio job file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` }]);
  }
  if (input.kind === 'too-large') throw new ScenarioError(path, [{ field: '(file)', expected: `a fio job file of at most ${input.maxBytes / 1024 / 1024} MiB (${NOT_FIO})` }]);
  if (input.kind === 'binary') throw new ScenarioError(path, [{ field: `line ${input.line}`, expected: `fio job text, not binary content (${NOT_FIO})` }]);
  const first = input.text.split(/\r?\n/).find((line) => !/^\s*([;#].*)?$/.test(line));
  if (first === undefined || !/^\s*\[[^\]]*\]\s*([;#].*)?$/.test(first)) {
    throw new ScenarioError(path, [{ field: '(file)', expected: `a fio job file: its first line that is not blank or a comment is a section header such as [global] (${NOT_FIO})` }]);
  }
  return fioJobsFromText(input.text, path);
}

/**
 * The raw scenario with its workloads replaced by the jobs of `fioPath` (the run's duration by
 * theirs when they have a runtime). `embedded`: the name of the embedded scenario it is (such as
 * "embedded default scenario"), which then takes the job file's name; absent for a scenario file.
 */
export async function withFioJobs(raw: Record<string, unknown>, fioPath: string, warn: FioWarn, embedded?: string): Promise<Record<string, unknown>> {
  const jobs = await readFioJobFile(fioPath);
  for (const warning of jobs.warnings) warn(warning);
  const scenario: Record<string, unknown> = { ...raw, workloads: jobs.workloads };
  if (jobs.durationNs !== undefined) scenario.duration = `${jobs.durationNs}ns`;
  if (embedded !== undefined) {
    const stem = basename(fioPath, extname(fioPath)).replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^\.+/, '').slice(0, 64);
    scenario.name = stem === '' ? 'fio' : stem;
    scenario.description = `the jobs of fio job file ${basename(fioPath)} on the ${embedded}'s volume, devices and snapshot schedule`;
  }
  return scenario;
}

/** Replaces each `{ fio: FILE }` workload entry of a raw scenario read from `scenarioPath` with FILE's jobs. */
export async function expandFioEntries(raw: Record<string, unknown>, scenarioPath: string, warn: FioWarn): Promise<Record<string, unknown>> {
  const entries = raw.workloads;
  if (!Array.isArray(entries) || !entries.some(isFioEntry)) return raw;
  const workloads: unknown[] = [];
  let durationNs: number | undefined;
  for (const [index, entry] of entries.entries()) {
    if (!isFioEntry(entry)) {
      workloads.push(entry);
      continue;
    }
    const others = Object.keys(entry).filter((key) => key !== 'fio');
    if (others.length > 0 || typeof entry.fio !== 'string' || entry.fio === '') {
      const field = others.length > 0 ? `workloads[${index}].${others[0]}` : `workloads[${index}].fio`;
      throw new ScenarioError(scenarioPath, [{ field, expected: 'a fio entry with only fio: FILE, the path of a fio job file relative to the scenario file (the job file says the rest)' }]);
    }
    const file = isAbsolute(entry.fio) ? entry.fio : resolve(dirname(scenarioPath), entry.fio);
    const jobs = await readFioJobFile(file);
    for (const warning of jobs.warnings) warn(warning);
    workloads.push(...jobs.workloads);
    if (jobs.durationNs !== undefined) durationNs = Math.max(durationNs ?? 0, jobs.durationNs);
  }
  // A duration the scenario gives wins: it is written right there.
  const duration = raw.duration === undefined && raw.ios === undefined && durationNs !== undefined ? { duration: `${durationNs}ns` } : {};
  return { ...raw, ...duration, workloads };
}

function isFioEntry(entry: unknown): entry is Record<string, unknown> {
  return entry !== null && typeof entry === 'object' && !Array.isArray(entry) && Object.hasOwn(entry, 'fio');
}

/**
 * A scenario error about workloads that came from a job file, each such workload named as the
 * job it was: "workloads[0]" alone would point at a scenario file that has no such entry.
 */
export function namingFioJobs(error: ScenarioError, workloads: readonly Record<string, unknown>[], fioPath: string): ScenarioError {
  return new ScenarioError(
    error.file,
    error.issues.map((issue) => {
      const index = /^workloads\[(\d+)\]/.exec(issue.field)?.[1];
      const workload = index === undefined ? undefined : workloads[Number(index)];
      return workload === undefined ? issue : { ...issue, expected: `${issue.expected} (workloads[${index}] is job "${String(workload.name)}" of ${fioPath})` };
    }),
  );
}

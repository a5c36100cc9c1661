/**
 * fio job options mapped to cowsim workload entries (docs/fio.md is the table). Each job section
 * becomes one workload; [global] options apply to the jobs after them, a job's own options win.
 * Bad values are ScenarioErrors naming the line and option; options cowsim does not model are
 * ignored with a warning (fio-ignored.ts) naming the file, line and option.
 */
import { describeZodIssue } from '../scenario/resolve.js';
import { ScenarioError, type ScenarioIssue } from '../scenario/scenario-error.js';
import { workloadSchema } from '../scenario/schema.js';
import { ignoredReason } from './fio-ignored.js';
import { parseFioJobText, type FioOptionLine } from './fio-job-file.js';
import { parseBssplit, parseFioBoolean, parseFioInteger, parseFioSize, parseFioTimeNs } from './fio-values.js';

/** The workload entries of a job file, the run time its jobs ask for, and what was ignored. */
export interface FioJobs {
  readonly workloads: Record<string, unknown>[];
  /** The latest end (startdelay + ramp_time + runtime) of the jobs that have a runtime; none without. */
  readonly durationNs?: number;
  readonly warnings: string[];
}

/** Options cowsim reads (fio's aliases included). */
const READ_OPTIONS = new Set(['name', 'rw', 'readwrite', 'rwmixread', 'rwmixwrite', 'bs', 'blocksize', 'bssplit', 'iodepth', 'numjobs', 'size', 'offset', 'runtime', 'timeout', 'time_based', 'rate_iops', 'rate_process', 'thinktime', 'random_distribution', 'ramp_time', 'startdelay', 'loops', 'kb_base']);
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['readwrite', 'rw'],
  ['blocksize', 'bs'],
  ['timeout', 'runtime'],
]);
const RW: ReadonlyMap<string, string> = new Map([
  ['read', 'read'],
  ['write', 'write'],
  ['randread', 'randread'],
  ['randwrite', 'randwrite'],
  ['rw', 'readwrite'],
  ['readwrite', 'readwrite'],
  ['randrw', 'randrw'],
]);
const NAME = /^[A-Za-z0-9_.-]+$/;
const SECOND_NS = 1e9;

/** Reads job file text: the workload entries, or a ScenarioError naming every bad line of `file`. */
export function fioJobsFromText(text: string, file: string): FioJobs {
  const { sections, issues } = parseFioJobText(text);
  const warnings: string[] = [];
  const global = new Map<string, FioOptionLine>();
  const workloads: Record<string, unknown>[] = [];
  const names = new Set<string>();
  let durationNs: number | undefined;
  for (const section of sections) {
    for (const option of section.options) {
      if (!READ_OPTIONS.has(option.name)) warnings.push(`${file}:${option.line}: ${option.name}: ignored (${ignoredReason(option.name)})`);
    }
    const own = new Map(section.options.filter((option) => READ_OPTIONS.has(option.name)).map((option) => [ALIASES.get(option.name) ?? option.name, option]));
    if (section.name === 'global') {
      for (const [name, option] of own) global.set(name, option);
      continue;
    }
    const job = mapJob(section.name, new Map([...global, ...own]), names, issues);
    if (job === undefined) continue;
    workloads.push(job.workload);
    if (job.endNs !== undefined) durationNs = Math.max(durationNs ?? 0, job.endNs);
  }
  if (issues.length === 0 && workloads.length === 0) issues.push({ field: '(file)', expected: 'at least one job section (a section other than [global]), such as [randwrite]' });
  if (issues.length > 0) throw new ScenarioError(file, uniqueIssues(issues).sort((a, b) => lineOf(a) - lineOf(b)));
  return { workloads, ...(durationNs === undefined ? {} : { durationNs }), warnings };
}

/** One job's options (global ones included) as a workload entry, and when it ends; issues pushed. */
function mapJob(section: string, options: Map<string, FioOptionLine>, names: Set<string>, issues: ScenarioIssue[]): { workload: Record<string, unknown>; endNs?: number } | undefined {
  const before = issues.length;
  const bad = (option: FioOptionLine, expected: string): undefined => {
    issues.push({ field: `line ${option.line}, ${option.name}`, expected: `${expected}, found ${option.value === undefined ? 'no value' : JSON.stringify(option.value)}` });
    return undefined;
  };
  const read = <T>(name: string, parse: (value: string) => T | undefined, expected: string): T | undefined => {
    const option = options.get(name);
    if (option === undefined) return undefined;
    const value = option.value === undefined ? undefined : parse(option.value);
    return value === undefined ? bad(option, expected) : value;
  };
  const kbBase = read('kb_base', (value) => (value === '1000' ? 1000 : value === '1024' ? 1024 : undefined), '1024 or 1000') ?? 1024;
  const size = (value: string): number | undefined => parseFioSize(value, kbBase);
  const extent = (value: string): number | string | undefined => (/^\d+(\.\d+)?%$/.test(value.trim()) && Number.parseFloat(value) <= 100 ? value.trim() : size(value));
  const whole = (min: number) => (value: string) => {
    const count = parseFioInteger(value);
    return count !== undefined && count >= min ? count : undefined;
  };

  const rw = read('rw', (value) => RW.get(value.trim()), 'one of read, write, randread, randwrite, rw (readwrite), randrw (cowsim models no trim, and no rw=...:N offset modifier)') ?? 'read';
  const mixed = rw === 'readwrite' || rw === 'randrw';
  const percent = (value: string) => {
    const number = whole(0)(value);
    return number !== undefined && number <= 100 ? number : undefined;
  };
  const rwmixread = read('rwmixread', percent, 'a whole percentage from 0 to 100');
  const rwmixwrite = read('rwmixwrite', percent, 'a whole percentage from 0 to 100');
  const readPercent = rwmixread ?? (rwmixwrite === undefined ? 50 : 100 - rwmixwrite);
  const blockSize = read('bs', (value) => (value.includes(',') ? undefined : size(value) || undefined), 'one block size such as 4k, 64k or 1m (cowsim has no separate read and write block sizes)') ?? 4096;
  const bssplitOption = options.get('bssplit');
  let split: Map<number, number> | undefined;
  if (bssplitOption !== undefined) {
    const parsed = bssplitOption.value === undefined ? 'entries size/percent such as 4k/70:64k/30' : parseBssplit(bssplitOption.value, kbBase);
    if (typeof parsed === 'string') bad(bssplitOption, parsed);
    else split = parsed;
  }
  const iodepth = read('iodepth', whole(1), 'a whole number of at least 1') ?? 1;
  const jobs = read('numjobs', whole(1), 'a whole number of at least 1') ?? 1;
  const rangeSize = read('size', extent, 'a size such as 1g or 512m, or a percentage such as 50%');
  const rangeOffset = read('offset', extent, 'a size such as 1g or a percentage such as 25%');
  const time = (unitName: string) => `a time such as 10s, 500ms or 2m (a bare number is ${unitName})`;
  const runtimeNs = read('runtime', (value) => parseFioTimeNs(value, SECOND_NS), time('seconds'));
  const timeBasedOption = options.get('time_based');
  const timeBased = timeBasedOption === undefined ? false : (parseFioBoolean(timeBasedOption.value) ?? bad(timeBasedOption, '1 or 0 (or the bare option)') ?? false);
  const rateIops = read('rate_iops', (value) => (value.includes(',') ? undefined : whole(1)(value)), 'a whole number of I/Os per second per job (cowsim has no separate read and write rates)');
  const arrival = read('rate_process', (value) => (value.trim() === 'linear' ? 'constant' : value.trim() === 'poisson' ? 'poisson' : undefined), 'linear or poisson') ?? 'constant';
  const thinkNs = read('thinktime', (value) => parseFioTimeNs(value, 1e3), time('microseconds'));
  const distribution = read('random_distribution', fioDistribution, 'random (uniform), zipf:θ with θ > 0 or pareto:h with 0 < h < 1 (cowsim models no normal, gauss or zoned distribution)');
  const rampNs = read('ramp_time', (value) => parseFioTimeNs(value, SECOND_NS), time('seconds'));
  const startNs = read('startdelay', (value) => parseFioTimeNs(value, SECOND_NS), `${time('seconds')}; no range`);
  const loops = read('loops', whole(1), 'a whole number of at least 1') ?? 1;
  const nameOption = options.get('name');
  const wanted = nameOption?.value?.trim() || section;
  if (issues.length > before) return undefined;

  const name = uniqueName(wanted, names);
  const sequential = rw === 'read' || rw === 'write' || rw === 'readwrite';
  const blockSizes = split ?? new Map([[blockSize, 100]]);
  const workload: Record<string, unknown> = {
    name,
    rw,
    ...(mixed ? { readPercent } : {}),
    blockSize: split ? Object.fromEntries([...split].map(([bytes, weight]) => [String(bytes), weight])) : blockSize,
    jobs,
    iodepth,
  };
  if (rangeSize !== undefined || rangeOffset !== undefined) workload.range = { ...(rangeOffset === undefined ? {} : { offset: rangeOffset }), ...(rangeSize === undefined ? {} : { size: rangeSize }) };
  if (rateIops !== undefined) workload.rate = { iops: rateIops * jobs, arrival };
  if (thinkNs !== undefined && thinkNs > 0) workload.thinkTime = `${thinkNs}ns`;
  if (distribution !== undefined) workload.distribution = distribution;
  if (startNs !== undefined && startNs > 0) workload.startAt = `${startNs}ns`;
  if (rampNs !== undefined && rampNs > 0) workload.rampUp = `${rampNs}ns`;
  let endNs: number | undefined;
  if (runtimeNs !== undefined && runtimeNs > 0) {
    endNs = (startNs ?? 0) + (rampNs ?? 0) + runtimeNs;
    workload.stopAt = `${endNs}ns`;
  }
  // Without time_based a fio job ends when it has moved `size` bytes (loops times).
  if (!timeBased) {
    if (sequential) workload.loops = loops;
    else if (typeof rangeSize === 'number') {
      const meanBytes = [...blockSizes].reduce((sum, [bytes, weight]) => sum + bytes * weight, 0) / [...blockSizes].reduce((sum, [, weight]) => sum + weight, 0);
      workload.ios = Math.max(1, Math.ceil(rangeSize / meanBytes)) * jobs * loops;
    }
  }
  checkAgainstSchema(workload, options, issues);
  if (issues.length > before) return undefined;
  return { workload, ...(endNs === undefined ? {} : { endNs }) };
}

/** The cowsim distribution of a random_distribution value. */
function fioDistribution(value: string): unknown {
  const [kind, parameter, extra] = value.trim().split(':');
  if (extra !== undefined) return undefined;
  if (kind === 'random' && parameter === undefined) return 'uniform';
  const number = parameter === undefined || !/^\d+(\.\d+)?$/.test(parameter) ? Number.NaN : Number(parameter);
  if (kind === 'zipf' && number > 0) return { zipf: number };
  if (kind === 'pareto' && number > 0 && number < 1) return { pareto: number };
  return undefined;
}

/** Which fio option set each workload field, for the schema's limits (iodepth, numjobs...). */
const FIELD_OPTIONS: Record<string, string[]> = {
  rw: ['rw'],
  readPercent: ['rwmixread', 'rwmixwrite'],
  blockSize: ['bssplit', 'bs'],
  jobs: ['numjobs'],
  iodepth: ['iodepth'],
  rate: ['rate_iops'],
  thinkTime: ['thinktime'],
  range: ['size', 'offset'],
  distribution: ['random_distribution'],
  startAt: ['startdelay'],
  rampUp: ['ramp_time'],
  stopAt: ['runtime'],
  ios: ['size'],
  loops: ['loops'],
};

/** The workload schema's bounds, each reported at the option that set the field. */
function checkAgainstSchema(workload: Record<string, unknown>, options: Map<string, FioOptionLine>, issues: ScenarioIssue[]): void {
  const parsed = workloadSchema.safeParse(workload);
  if (parsed.success) return;
  for (const problem of parsed.error.issues) {
    const field = String(problem.path[0] ?? 'name');
    const option = (FIELD_OPTIONS[field] ?? []).map((name) => options.get(name)).find((found) => found !== undefined);
    const where = option === undefined ? `job ${String(workload.name)}` : `line ${option.line}, ${option.name}`;
    issues.push({ field: where, expected: `${describeZodIssue(problem)} (cowsim's ${field})` });
  }
}

/** A workload name from a job name: characters cowsim refuses become "-", and repeats get -2, -3. */
function uniqueName(wanted: string, names: Set<string>): string {
  let base = [...wanted].map((character) => (NAME.test(character) ? character : '-')).join('').slice(0, 60) || 'job';
  if (base.startsWith('.')) base = `job${base}`;
  let name = base;
  for (let count = 2; names.has(name); count++) name = `${base}-${count}`;
  names.add(name);
  return name;
}

/** The line an issue names (0 for the whole file), to list issues in file order. */
function lineOf(issue: ScenarioIssue): number {
  return Number(/^line (\d+)/.exec(issue.field)?.[1] ?? 0);
}

/** Issues once each: a bad [global] option is bad for every job. */
function uniqueIssues(issues: ScenarioIssue[]): ScenarioIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.field}\n${issue.expected}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

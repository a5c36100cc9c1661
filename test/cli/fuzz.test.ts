/**
 * Fuzz test of the command line (issue 9): mutated scenario fields, generated trace files and
 * command lines of good, bad and misspelled flags, each run through `cowsim(argv, io)` in-process
 * (fuzz-harness.ts: in a child process that takes case after case, so that an endless case can
 * be stopped and a fatal one reported). Every case must
 * exit 0, 1 or 2, never 3 (a bug), never run past the time bound or end its process, and a
 * case that exits 2 must say why and write nothing. Every failing case is listed, not just the
 * first. The seed is fixed (COWSIM_FUZZ_SEED picks another, COWSIM_FUZZ_SCALE runs more cases).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliRunner, compileCli, type CaseOutcome, type CompiledCli } from './fuzz-harness.js';
import {
  BASE_SCENARIO,
  COMMANDS_WITH_OUT,
  flagCase,
  mutate,
  NAN_ISH,
  NUMERIC_FIELDS,
  PROTOTYPE_KEYS,
  scenarioMutations,
  traceCase,
  type FileRef,
  type FlagCase,
  type Mutation,
  type TraceCase,
} from './fuzz-inputs.js';

const SEED = Number(process.env.COWSIM_FUZZ_SEED ?? 90_210);
const SCALE = Number(process.env.COWSIM_FUZZ_SCALE ?? 1);
/** A valid case runs in a tenth of a second; bad input is refused in milliseconds. */
const CASE_TIMEOUT_MS = 8_000;
/** After this many cases past the bound, a property stops running cases (each costs the bound). */
const MAX_TIMEOUTS = 3;
const SECRET = 'root:$6$fuzzSecretNeverShown:19000:0:99999:7:::\n';

let cli: CompiledCli;
let runner: CliRunner;
let root: string;
const fixtures: Partial<Record<FileRef, string>> = {};

beforeAll(async () => {
  cli = compileCli();
  runner = new CliRunner(cli, CASE_TIMEOUT_MS);
  root = mkdtempSync(join(tmpdir(), 'cowsim-fuzz-'));
  const shared = join(root, 'shared');
  mkdirSync(shared);
  fixtures.scenario = writeScenario(shared, BASE_SCENARIO);
  fixtures['summary-dir'] = join(shared, 'run');
  fixtures.summary = join(shared, 'run', 'summary.json');
  fixtures['sweep-dir'] = join(shared, 'sweep');
  fixtures.rules = join(shared, 'rules.yaml');
  fixtures.secret = join(shared, 'shadow');
  fixtures.missing = join(shared, 'missing.yaml');
  fixtures.folder = join(shared, 'empty');
  fixtures['dev-zero'] = '/dev/zero';
  writeFileSync(fixtures.rules, '- iops>=-50%\n');
  writeFileSync(fixtures.secret, SECRET);
  mkdirSync(fixtures.folder);
  // The base scenario must run: otherwise every mutation would be refused and the test would prove nothing.
  const run = await runner.run(['run', '--scenario', fixtures.scenario, '--out', fixtures['summary-dir'], '--quiet']);
  expect(run, run.stderr).toMatchObject({ code: 0 });
  const sweep = await runner.run(['sweep', '--scenario', fixtures.scenario, '--set', 'seed=1,2', '--jobs', '1', '--out', fixtures['sweep-dir'], '--quiet']);
  expect(sweep, sweep.stderr).toMatchObject({ code: 0 });
}, 120_000);

afterAll(async () => {
  runner?.close();
  cli?.dispose();
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
});

function writeScenario(folder: string, scenario: object, name = 'scenario.yaml'): string {
  const path = join(folder, name);
  // YAML, not JSON: it can carry NaN, infinities and -0 as well.
  writeFileSync(path, stringify(scenario, { aliasDuplicateObjects: false }));
  return path;
}

/** Files in a folder, recursively, as relative paths. */
function listing(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort();
}

/** A case's problem, or undefined when it kept the contract. */
function problem(outcome: CaseOutcome, before: readonly string[], after: readonly string[]): string | undefined {
  const { code, stderr } = outcome;
  if (code === 'timeout') return `no exit within ${CASE_TIMEOUT_MS} ms`;
  if (code === 'crashed') return `the process died: ${stderr.split('\n').filter((line) => line.replaceAll('#', '').trim() !== '').slice(0, 3).join(' / ')}`;
  if (code === 3 || stderr.includes('internal error')) return `exit ${code}, an internal error`;
  if (code !== 0 && code !== 1 && code !== 2) return `exit ${code}`;
  if (code === 2 && stderr.trim() === '') return 'exit 2 without a message';
  if (code === 2 && after.join('\n') !== before.join('\n')) return `exit 2, but wrote ${after.filter((name) => !before.includes(name)).join(', ')}`;
  return undefined;
}

/** Runs the properties' cases, listing every failure; stops running cases after MAX_TIMEOUTS timeouts. */
class Campaign {
  readonly failures: string[] = [];
  /** Cases by exit code (or timeout, crashed). */
  readonly codes = new Map<string, number>();
  cases = 0;
  private timeouts = 0;

  /** Runs argv from a fresh case folder; `describe` tells a failure's input. */
  async run(folder: string, argv: readonly string[], describeCase: string): Promise<CaseOutcome | undefined> {
    if (this.timeouts >= MAX_TIMEOUTS) return undefined;
    this.cases++;
    const before = listing(folder);
    const outcome = await runner.run(argv);
    this.codes.set(String(outcome.code), (this.codes.get(String(outcome.code)) ?? 0) + 1);
    if (process.env.COWSIM_FUZZ_VERBOSE) console.log(`${outcome.code} ${Math.round(outcome.ms)} ms ${describeCase.slice(0, 160)} | ${outcome.stderr.trim().split('\n').slice(0, 2).join(' / ').slice(0, 300)}`);
    const found = problem(outcome, before, listing(folder));
    if (outcome.code === 'timeout') this.timeouts++;
    if (found !== undefined) this.failures.push(`${found}\n    input: ${describeCase}\n    argv: ${argv.map(shellWord).join(' ').slice(0, 400)}\n    stderr: ${outcome.stderr.trim().split('\n').slice(0, 4).join('\n            ').slice(0, 600)}`);
    return outcome;
  }

  /** Cases that ran to the end of a run (exit 0 or 1). */
  get ran(): number {
    return (this.codes.get('0') ?? 0) + (this.codes.get('1') ?? 0);
  }

  /** Asserts no failures, printing how many cases ran and how they exited. */
  report(name: string): void {
    const codes = [...this.codes].sort().map(([code, count]) => `${count} x ${code}`).join(', ');
    console.log(`fuzz ${name}: ${this.cases} cases (seed ${SEED}): ${codes}; ${this.failures.length} failing`);
    expect(this.failures, `${this.failures.length} failing cases:\n${this.failures.join('\n')}`).toEqual([]);
  }
}

function shellWord(word: string): string {
  return /^[\w./=:%<>@+-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

function caseFolder(): string {
  return mkdtempSync(join(root, 'case-'));
}

function mutationText(mutations: readonly Mutation[]): string {
  return mutations.map(([path, value]) => `${path} = ${typeof value === 'string' && value.length > 60 ? `${JSON.stringify(value.slice(0, 20))}... (${value.length} chars)` : JSON.stringify(value) ?? String(value)}`).join('; ');
}

describe('fuzz: the CLI exits 0, 1 or 2, in bounded time, and writes nothing for bad input', () => {
  it('mutated scenario fields (cowsim run)', async () => {
    const campaign = new Campaign();
    await fc.assert(
      fc.asyncProperty(scenarioMutations, async (mutations) => {
        const folder = caseFolder();
        const scenario = writeScenario(folder, mutate(BASE_SCENARIO, mutations));
        await campaign.run(folder, ['run', '--scenario', scenario, '--out', join(folder, 'out'), '--quiet'], mutationText(mutations));
        rmSync(folder, { recursive: true, force: true });
      }),
      { seed: SEED, numRuns: 60 * SCALE },
    );
    campaign.report('scenario fields');
    // Mutations that keep a scenario valid must be among them, or runs would go untested.
    expect(campaign.ran).toBeGreaterThan(campaign.cases / 10);
  }, 180_000);

  it('NaN-ish text in a number, size or duration field is refused naming the field', async () => {
    const campaign = new Campaign();
    const misread: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...NUMERIC_FIELDS), fc.constantFrom(...NAN_ISH), async ([path, shown], value) => {
        const folder = caseFolder();
        const scenario = writeScenario(folder, mutate(BASE_SCENARIO, [[path, value]]));
        const outcome = await campaign.run(folder, ['run', '--scenario', scenario, '--out', join(folder, 'out'), '--quiet'], `${path} = ${JSON.stringify(value)}`);
        // The field, or the field holding it when that is a union of forms (engine.intake: 'none' or an object).
        const named = [shown, shown.replace(/\.[^.]+$/, '')].some((field) => outcome?.stderr.includes(`${field}: expected`));
        if (outcome !== undefined && !(outcome.code === 2 && named)) {
          misread.push(`${path} = ${JSON.stringify(value)}: exit ${outcome.code}, ${outcome.stderr.trim().split('\n')[0] || '(no message)'}`);
        }
        rmSync(folder, { recursive: true, force: true });
      }),
      { seed: SEED, numRuns: 30 * SCALE },
    );
    campaign.report('NaN-ish numbers');
    expect(misread, `accepted or misreported:\n${misread.join('\n')}`).toEqual([]);
  }, 120_000);

  it('trace files of good and bad lines, plain and gzipped', async () => {
    const campaign = new Campaign();
    await fc.assert(
      fc.asyncProperty(traceCase, async (trace: TraceCase) => {
        const folder = caseFolder();
        const name = trace.gzip ? 'trace.csv.gz' : 'trace.csv';
        writeFileSync(join(folder, name), trace.gzip ? gzipSync(trace.text) : trace.text);
        const workload = { name: 'replay', iodepth: 4, trace: { file: name, ...trace.options } };
        const scenario = writeScenario(folder, { ...BASE_SCENARIO, workloads: [workload] });
        const shown = trace.text.length > 300 ? `${trace.text.slice(0, 300)}... (${trace.text.length} chars)` : trace.text;
        await campaign.run(folder, ['run', '--scenario', scenario, '--out', join(folder, 'out'), '--quiet'], `${name} ${JSON.stringify(trace.options)}: ${JSON.stringify(shown)}`);
        rmSync(folder, { recursive: true, force: true });
      }),
      { seed: SEED, numRuns: 40 * SCALE },
    );
    campaign.report('trace files');
    expect(campaign.ran).toBeGreaterThan(campaign.cases / 10);
  }, 180_000);

  it('command lines of good, bad and misspelled flags', async () => {
    const campaign = new Campaign();
    await fc.assert(
      fc.asyncProperty(flagCase, async ({ command, parts }: FlagCase) => {
        const folder = caseFolder();
        const argv = [command];
        for (const [flag, value] of parts) {
          if (flag !== '') argv.push(flag);
          if (value === undefined) continue;
          if (typeof value === 'string') argv.push(value);
          else argv.push(value.file === 'new-file' ? join(folder, `report-${argv.length}`) : fixtures[value.file]!);
        }
        // Always an --out in the case folder: nothing may land in the working directory.
        if (COMMANDS_WITH_OUT.has(command)) argv.push('--out', join(folder, 'out'));
        await campaign.run(folder, argv, `${command} with ${parts.length} flags`);
        rmSync(folder, { recursive: true, force: true });
      }),
      { seed: SEED, numRuns: 50 * SCALE },
    );
    campaign.report('flag lines');
  }, 240_000);

  it('figure names that reach Object.prototype: gate --rule and plan --slo refuse them (exit 2)', async () => {
    const campaign = new Campaign();
    const wrong: string[] = [];
    for (const key of PROTOTYPE_KEYS) {
      for (const argv of [
        ['gate', '--baseline', fixtures.summary!, '--current', fixtures.summary!, '--rule', `${key}<=5`],
        ['plan', '--scenario', fixtures.scenario!, '--slo', `${key}<=5`, '--max', '4'],
      ]) {
        const folder = caseFolder();
        if (argv[0] === 'plan') argv.push('--out', join(folder, 'out'));
        const outcome = await campaign.run(folder, argv, `${argv[0]} figure ${key}`);
        if (outcome !== undefined && outcome.code !== 2) wrong.push(`${argv[0]} ${key}<=5: exit ${outcome.code}: ${outcome.stderr.trim().split('\n')[0] ?? ''}`);
        rmSync(folder, { recursive: true, force: true });
      }
    }
    campaign.report('prototype figure names');
    expect(wrong, wrong.join('\n')).toEqual([]);
  }, 120_000);
});

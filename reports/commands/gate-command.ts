/**
 * `cowsim gate`: compares a current summary.json (or sweep.csv / sweep.json, rows matched on the
 * swept fields) against a baseline with rules; prints the table, writes JUnit XML and Markdown
 * when asked. Exit 0 every rule passed, 1 a rule failed, 2 bad input (a missing or unparseable
 * file, a bad rule, a figure the files lack).
 */
import { parseReportJson, readReportInput } from '../report-input.js';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../engine/errors.js';
import { evaluateGate, evaluateSweepGate, gateExitCode, type GateEvaluation, type SweepRow } from '../gate/evaluate.js';
import { gateJUnitXml } from '../gate/junit.js';
import { gateMarkdown } from '../gate/markdown.js';
import { renderGateTable } from '../gate/render-text.js';
import { parseRule, type GateRule } from '../gate/rule.js';
import { checkSameScenario, type ScenarioIdentity } from '../gate/scenario-match.js';
import { sweepCsv } from '../sweep/aggregate.js';
import { parseCsv, sweepParameterColumns } from '../sweep/csv-read.js';
import { SWEEP_CSV, SWEEP_FORMAT, type SweepFile } from '../sweep/sweep-file.js';
import { checkReportFiles, type ReportFile } from '../output-file.js';
import type { OutputInput } from '../output-paths.js';
import { processIo, type CommandIo } from './command-io.js';

export interface GateCommandOptions {
  readonly baseline: string;
  readonly current: string;
  /** `--rule` values. */
  readonly rules?: readonly string[];
  /** `--rules FILE`. */
  readonly rulesFile?: string;
  readonly junit?: string;
  readonly markdown?: string;
  readonly quiet?: boolean;
  /** `--allow-different-scenarios`: compare files of different scenarios, with a warning on stderr. */
  readonly allowDifferentScenarios?: boolean;
}

/** A gate input: one run's summary, or a sweep's rows with its swept fields. */
export type GateDocument = (
  | { readonly kind: 'summary'; readonly summary: unknown }
  | { readonly kind: 'sweep'; readonly rows: SweepRow[]; readonly parameters: string[] }
) & { readonly scenario: ScenarioIdentity };

const EXPECTED_INPUT = `a summary.json written by cowsim run, or a ${SWEEP_CSV} / sweep.json written by cowsim sweep (or the directory holding one)`;

/** Reads a baseline or current file: summary.json, sweep.csv, sweep.json, or a directory holding one of them. */
export async function readGateDocument(path: string): Promise<GateDocument> {
  let file = path;
  try {
    if ((await stat(path)).isDirectory()) {
      file = (await firstExisting([join(path, 'summary.json'), join(path, SWEEP_CSV)])) ?? join(path, 'summary.json');
    }
  } catch (error) {
    throw new InputError(path, '(file)', EXPECTED_INPUT, `${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const text = await readReportInput(file, EXPECTED_INPUT);
  if (file.toLowerCase().endsWith('.csv')) {
    const { header, rows } = parseCsv(text, file);
    const parameters = sweepParameterColumns(header);
    if (parameters.length === 0 || parameters.length === header.length) {
      // Not recognised as a sweep.csv: its header is not quoted (the file may be anything).
      throw new InputError(file, 'header', `the columns of a ${SWEEP_CSV}: swept fields, then <figure>.mean, .low, .high, .n`, `${header.length} columns that are not`);
    }
    // sweep.csv records no scenario: the check falls to the other file, or to none.
    return { kind: 'sweep', rows, parameters, scenario: {} };
  }
  const parsed = parseReportJson(text, file, EXPECTED_INPUT);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InputError(file, '(top level)', EXPECTED_INPUT, 'no JSON object');
  if ((parsed as { format?: unknown }).format === SWEEP_FORMAT) {
    const sweep = parsed as SweepFile;
    if (sweep.shard !== null) throw new InputError(file, 'shard', 'a whole sweep (merge the shards first with cowsim merge)', `shard ${sweep.shard.index}/${sweep.shard.count}`);
    const { header, rows } = parseCsv(sweepCsv(sweep), file);
    const { name, source, digest } = sweep.scenario ?? {};
    return { kind: 'sweep', rows, parameters: sweepParameterColumns(header), scenario: { ...scenarioField(name, 'name'), ...scenarioField(source, 'source'), ...scenarioField(digest, 'digest') } };
  }
  const { scenario } = parsed as { scenario?: unknown };
  return { kind: 'summary', summary: parsed, scenario: scenarioField(scenario, 'name') };
}

/** `{ [key]: value }` when value is a string, else `{}`: files written by hand may lack a field. */
function scenarioField<K extends keyof ScenarioIdentity>(value: unknown, key: K): Pick<ScenarioIdentity, K> {
  return (typeof value === 'string' ? { [key]: value } : {}) as Pick<ScenarioIdentity, K>;
}

async function firstExisting(paths: readonly string[]): Promise<string | undefined> {
  for (const path of paths) {
    try {
      await stat(path);
      return path;
    } catch {
      // try the next
    }
  }
  return undefined;
}

/** The rules of `--rule` flags and a `--rules` file, in that order. */
export async function gateRules(options: Pick<GateCommandOptions, 'rules' | 'rulesFile'>): Promise<GateRule[]> {
  const rules = (options.rules ?? []).map((text) => parseRule(text));
  if (options.rulesFile !== undefined) {
    // Only a rules file needs the YAML parser.
    const { readRulesFile } = await import('../gate/rules-file.js');
    rules.push(...(await readRulesFile(options.rulesFile)));
  }
  return rules;
}

/** Evaluates the gate on two documents of the same kind. */
export function evaluateDocuments(baseline: GateDocument, current: GateDocument, rules: readonly GateRule[], names: { baseline: string; current: string }): GateEvaluation {
  if (baseline.kind !== current.kind) {
    throw new InputError(names.current, '(file)', `the same kind of file as the baseline ${names.baseline} (${baseline.kind === 'summary' ? 'a summary.json' : 'a sweep'})`, current.kind === 'summary' ? 'a summary.json' : 'a sweep');
  }
  if (baseline.kind === 'summary' && current.kind === 'summary') {
    return evaluateGate({ baseline: baseline.summary, current: current.summary, rules, baselineName: names.baseline, currentName: names.current });
  }
  const baselineSweep = baseline as Extract<GateDocument, { kind: 'sweep' }>;
  const currentSweep = current as Extract<GateDocument, { kind: 'sweep' }>;
  if (baselineSweep.parameters.join('\n') !== currentSweep.parameters.join('\n')) {
    throw new InputError(names.current, 'swept fields', `the swept fields of the baseline: ${baselineSweep.parameters.join(', ')}`, currentSweep.parameters.join(', '));
  }
  return evaluateSweepGate({ baseline: baselineSweep.rows, current: currentSweep.rows, parameters: currentSweep.parameters, rules, baselineName: names.baseline, currentName: names.current });
}

/** Runs the gate command; returns the exit code (0 pass, 1 fail; bad input throws an InputError, exit 2). */
export async function gateCommand(options: GateCommandOptions, io: CommandIo = processIo): Promise<{ exitCode: number; evaluation: GateEvaluation }> {
  await checkGateReports(options);
  const rules = await gateRules(options);
  const baseline = await readGateDocument(options.baseline);
  const current = await readGateDocument(options.current);
  const warning = checkSameScenario(
    { file: options.baseline, scenario: baseline.scenario },
    { file: options.current, scenario: current.scenario },
    options.allowDifferentScenarios ?? false,
  );
  // Loud even under --quiet: a gate across scenarios can pass or fail for the wrong reason.
  if (warning !== null) io.stderr(`${warning}\n`);
  const evaluation = evaluateDocuments(baseline, current, rules, { baseline: options.baseline, current: options.current });
  if (options.junit !== undefined) await writeReport(options.junit, '--junit', gateJUnitXml(evaluation));
  if (options.markdown !== undefined) await writeReport(options.markdown, '--markdown', gateMarkdown(evaluation));
  if (!options.quiet) io.stdout(renderGateTable(evaluation));
  else if (!evaluation.pass) io.stderr(`${renderGateTable(evaluation)}`);
  return { exitCode: gateExitCode(evaluation), evaluation };
}

/** How an earlier report of each kind begins: gateJUnitXml's suite, gateMarkdown's heading. */
const EARLIER_JUNIT = /<testsuites name="cowsim-gate"/;
const EARLIER_MARKDOWN = /^### cowsim gate: /;

/**
 * Before any work: --junit and --markdown may name neither an input (the baseline, the current
 * file, the rules file, or the file read from an input folder) nor a file cowsim did not write.
 */
async function checkGateReports(options: GateCommandOptions): Promise<void> {
  const reports: ReportFile[] = [];
  if (options.junit !== undefined) reports.push({ path: options.junit, flag: '--junit', recognise: (text) => EARLIER_JUNIT.test(text) });
  if (options.markdown !== undefined) reports.push({ path: options.markdown, flag: '--markdown', recognise: (text) => EARLIER_MARKDOWN.test(text) });
  if (reports.length === 0) return;
  const inputs: OutputInput[] = [];
  for (const [flag, path] of [['--baseline', options.baseline], ['--current', options.current], ['--rules', options.rulesFile]] as const) {
    if (path === undefined) continue;
    inputs.push({ path, flag });
    // A folder input is read through the file it holds.
    const folder = await stat(path).then((info) => info.isDirectory(), () => false);
    if (folder) for (const name of ['summary.json', SWEEP_CSV]) inputs.push({ path: join(path, name), flag });
  }
  await checkReportFiles(reports, inputs);
}

async function writeReport(path: string, flag: string, text: string): Promise<void> {
  try {
    await writeFile(path, text, 'utf8');
  } catch (error) {
    throw new InputError(flag, path, 'a file path that can be written', (error as NodeJS.ErrnoException).code ?? String(error));
  }
}

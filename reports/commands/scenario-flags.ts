/**
 * The scenario a command runs, from the flags every scenario command shares: `--scenario FILE`
 * (or the command's embedded scenario) and `--fio FILE`, whose jobs replace that scenario's
 * workloads (docs/fio.md). run, sweep, plan, crash and compare read them here, so `--fio` means
 * the same, and fails the same, on each.
 */
import { shellWord } from '../../workloads/crash/reproduce.js';
import { namingFioJobs, withFioJobs } from '../../workloads/fio/load-fio.js';
import { defaultScenario } from '../../workloads/scenario/default-scenario.js';
import { readScenarioObject, scenarioFromObject } from '../../workloads/scenario/load.js';
import type { Scenario } from '../../workloads/scenario/resolve.js';
import { ScenarioError } from '../../workloads/scenario/scenario-error.js';
import type { OutputInput } from '../output-paths.js';
import { scenarioInputs } from '../run/scenario-inputs.js';
import type { CommandIo } from './command-io.js';

/** The values of --scenario and --fio, as given. */
export interface ScenarioFlags {
  readonly scenario?: string;
  readonly fio?: string;
}

/** A scenario built into cowsim, used when --scenario is absent. */
export interface EmbeddedScenario {
  /** As a scenario file would hold it, before validation. */
  readonly raw: Readonly<object>;
  /** How messages name it: "embedded default scenario". */
  readonly name: string;
}

/** The scenario `run`, `sweep`, `plan` and `compare` use without --scenario. */
export const EMBEDDED_DEFAULT: EmbeddedScenario = { raw: defaultScenario, name: 'embedded default scenario' };

/** A scenario as the flags name it, before validation: sweeps and plans edit `raw` before resolving it. */
export interface NamedScenario {
  readonly raw: Record<string, unknown>;
  /** The scenario file, or the embedded scenario in parentheses (with the job file when --fio is given). */
  readonly source: string;
  /** The --fio job file, when given. */
  readonly fio?: string;
}

/** Reads the raw scenario the flags name; ignored fio options are warned on standard error, bad ones are ScenarioErrors naming the file. */
export async function readNamedScenario(flags: ScenarioFlags, io: CommandIo, embedded: EmbeddedScenario = EMBEDDED_DEFAULT): Promise<NamedScenario> {
  const warn = (warning: string): void => io.stderr(`cowsim: warning: ${warning}\n`);
  const base = flags.scenario === undefined ? (structuredClone(embedded.raw) as Record<string, unknown>) : await readScenarioObject(flags.scenario, { warn });
  if (flags.fio === undefined) return { raw: base, source: flags.scenario ?? `(${embedded.name})` };
  const raw = await withFioJobs(base, flags.fio, warn, flags.scenario === undefined ? embedded.name : undefined);
  return { raw, source: flags.scenario ?? `(${embedded.name} with the jobs of ${flags.fio})`, fio: flags.fio };
}

/** Validates and resolves a named scenario; a problem in a workload that came from --fio names its job and the job file. */
export function resolveNamedScenario(named: NamedScenario): Scenario {
  const { raw } = named;
  try {
    return scenarioFromObject(raw, named.source);
  } catch (error) {
    if (error instanceof ScenarioError && named.fio !== undefined) throw namingFioJobs(error, raw.workloads as Record<string, unknown>[], named.fio);
    throw error;
  }
}

/** The files a command with these flags reads (the scenario file, its traces, the job file): no output may replace them. */
export function namedScenarioInputs(scenario: Scenario, named: NamedScenario): OutputInput[] {
  return [...scenarioInputs(scenario), ...(named.fio === undefined ? [] : [{ path: named.fio, flag: '--fio' }])];
}

/** The flags that name this scenario again in a reproduce line: ` --scenario FILE --fio FILE`, or '' for the embedded one. */
export function scenarioFlagsText(flags: ScenarioFlags): string {
  return `${flags.scenario === undefined ? '' : ` --scenario ${shellWord(flags.scenario)}`}${flags.fio === undefined ? '' : ` --fio ${shellWord(flags.fio)}`}`;
}

/**
 * A reproduce line built where only the scenario file is known (a run, a crash seed), with the
 * --fio job file put back: `npx cowsim run --seed 8` becomes `npx cowsim run --fio job.fio --seed 8`.
 */
export function withFioFlag(line: string, command: string, fio: string | undefined): string {
  const head = `npx cowsim ${command}`;
  return fio === undefined || !line.startsWith(head) ? line : `${head}${scenarioFlagsText({ fio })}${line.slice(head.length)}`;
}

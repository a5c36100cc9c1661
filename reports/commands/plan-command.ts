/**
 * `cowsim plan`: the largest load of one workload that meets the SLOs with a snapshot active, and
 * the snapshot store a retention window needs. Prints the answer, writes plan.csv, store.csv,
 * plan.json and plan.html. Exit 0 with an answer; 1 when no load tried met the SLOs or a run failed
 * correctness; 2 bad input.
 */
import { join } from 'node:path';
import { InputError } from '../../engine/errors.js';
import { formatLoad, runPlan, type PlanKnob, type PlanResult } from '../plan/plan.js';
import { PLAN_CSV, PLAN_HTML, PLAN_JSON, STORE_CSV, planCsv, planHtml, planJson, planText, storeCsv } from '../plan/report.js';
import { formatSloValue, parseSlo } from '../plan/slo.js';
import { parseRetention } from '../plan/store-growth.js';
import { prepareOutputDirectory, writeOutputDirectory } from '../output-directory.js';
import { wantProgress } from '../progress-bar.js';
import { outputNotices, processIo, type CommandIo } from './command-io.js';
import { EXIT_FAILED, EXIT_OK } from './exit-codes.js';
import { namedScenarioInputs, readNamedScenario, resolveNamedScenario, type ScenarioFlags } from './scenario-flags.js';

export interface PlanCommandOptions extends ScenarioFlags {
  readonly slo: readonly string[];
  readonly workload?: string;
  readonly knob?: string;
  readonly min?: number | string;
  readonly max?: number | string;
  /** `2%`. */
  readonly tolerance?: string;
  /** `24h` or a number of snapshots. */
  readonly retention?: string;
  readonly seed?: number;
  readonly out?: string;
  readonly quiet?: boolean;
}

/** Parses `--tolerance` such as `2%` into a fraction. */
export function parseTolerance(text: string): number {
  const match = /^\s*((?:\d+(?:\.\d*)?|\.\d+))\s*%\s*$/.exec(text);
  const percent = match ? Number(match[1]) : NaN;
  if (!(percent > 0 && percent < 100)) throw new InputError('--tolerance', 'tolerance', 'a percentage above 0 and below 100, such as 2%', JSON.stringify(text));
  return percent / 100;
}

function positiveNumber(value: number | string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!(number > 0) || !Number.isFinite(number) || String(value).trim() === '') throw new InputError(flag, flag.replace(/^--/, ''), 'a positive number', JSON.stringify(value));
  return number;
}

/** Runs the plan command. */
export async function planCommand(options: PlanCommandOptions, io: CommandIo = processIo): Promise<{ exitCode: number; plan: PlanResult; outDir: string; files: string[] }> {
  const slos = options.slo.map(parseSlo);
  if (slos.length === 0) throw new InputError('--slo', 'slo', 'at least one --slo such as latency.write.p99<=5ms');
  if (options.knob !== undefined && options.knob !== 'rate' && options.knob !== 'jobs') throw new InputError('--knob', 'knob', 'rate or jobs', JSON.stringify(options.knob));
  const min = positiveNumber(options.min, '--min');
  const max = positiveNumber(options.max, '--max');
  const tolerance = parseTolerance(options.tolerance ?? '2%');
  const retention = options.retention === undefined ? undefined : parseRetention(options.retention);
  const named = await readNamedScenario(options, io);
  const { raw, source } = named;
  const progress = wantProgress(options.quiet);
  // The folder is named after the scenario and checked before the plan's runs.
  const base = resolveNamedScenario(named);
  const outDir = options.out ?? join('cowsim-out', `${base.name}-plan`);
  const output = { command: 'plan', inputs: namedScenarioInputs(base, named), notify: outputNotices(io, options.quiet) } as const;
  await prepareOutputDirectory(outDir, output);

  const plan = await runPlan({
    raw,
    source,
    slos,
    tolerance,
    progress,
    ...(options.workload === undefined ? {} : { workload: options.workload }),
    ...(options.knob === undefined ? {} : { knob: options.knob as PlanKnob }),
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
    ...(retention === undefined ? {} : { retention }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    onRun: (run, varied) => {
      if (options.quiet) return;
      const figures = slos.map((slo) => `${slo.figure} ${formatSloValue(slo, run.figures[slo.text]!)}`).join(', ');
      io.stdout(`run ${run.run}: ${varied.workload} ${varied.knob === 'rate' ? `rate ${formatLoad(run.load)} IOPS` : `${formatLoad(run.load)} jobs`} → ${figures}: ${run.pass ? 'pass' : 'FAIL'}${run.purpose === 'store' ? ' (store run at the scenario\'s load)' : ''}\n`);
    },
  });
  const files = await writeOutputDirectory(
    outDir,
    new Map([
      [PLAN_JSON, planJson(plan)],
      [PLAN_CSV, planCsv(plan)],
      [STORE_CSV, storeCsv(plan)],
      [PLAN_HTML, planHtml(plan)],
    ]),
    output,
  );
  if (!options.quiet) io.stdout(`\n${planText(plan)}\n\nwrote ${files.join(', ')}\n`);
  if (plan.correctnessFailures > 0) io.stderr(`correctness FAILED in ${plan.correctnessFailures} of the plan's runs\n`);
  const exitCode = plan.correctnessFailures > 0 || plan.search.largestPassing === undefined ? EXIT_FAILED : EXIT_OK;
  return { exitCode, plan, outDir, files };
}

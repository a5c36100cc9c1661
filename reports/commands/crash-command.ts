/**
 * `cowsim crash`: runs a scenario (the embedded crash scenario by default) over many seeds with
 * every device write and flush recorded, builds crash states at cuts of each log, reopens the
 * volume on each and checks S1-S5 (design.md section 7). Writes crash.json and prints a short
 * summary. Exit 0 when nothing is violated, 1 on any violation, 2 on bad input (flags are
 * checked before any work).
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../engine/errors.js';
import { type EngineMutant, engineMutants, isEngineMutant } from '../../engine/mutants.js';
import { campaignSeeds, defaultLimits, type CampaignResult } from '../../workloads/crash/crash-campaign.js';
import {
  DEFAULT_DELETE_WINDOW,
  DEFAULT_FAULT_EVERY,
  DEFAULT_POINTS,
  DEFAULT_SEEDS,
  DEFAULT_STATES_PER_CUT,
  defaultFlushIntervalNs,
} from '../../workloads/crash/crash-defaults.js';
import type { ExploreOptions } from '../../workloads/crash/crash-explorer.js';
import { crashScenario } from '../../workloads/crash/crash-scenario.js';
import { parseDurationNs } from '../../workloads/scenario/units.js';
import { writeOutputDirectory } from '../output-directory.js';
import { wantProgress } from '../progress-bar.js';
import { startCampaignProgress } from '../campaign-progress.js';
import { runCrashPool } from '../crash/crash-pool.js';
import { buildCrashReport, CRASH_JSON, crashJson, type CrashReport } from '../crash/crash-report.js';
import { renderCrashSummary } from '../crash/text-summary.js';
import { checkOutputDirectory } from '../crash/output-check.js';
import { MAX_TIME_NS, MAX_TIME_TEXT } from '../../workloads/scenario/limits.js';
import { jobsWithinCores } from './cli-values.js';
import { outputNotices, processIo, type CommandIo } from './command-io.js';
import { EXIT_FAILED, EXIT_OK } from './exit-codes.js';
import { namedScenarioInputs, readNamedScenario, resolveNamedScenario, withFioFlag, type EmbeddedScenario, type ScenarioFlags } from './scenario-flags.js';

export interface CrashCommandOptions extends ScenarioFlags {
  readonly seeds?: number | string;
  /** The first seed (default the scenario's). */
  readonly seed?: number;
  readonly points?: number | string;
  /** Replay one cut of one seed (and one crash state of it). */
  readonly cut?: number | string;
  readonly state?: number | string;
  readonly mutant?: string;
  /** A duration such as 100us. */
  readonly flushInterval?: string;
  readonly jobs?: number | string;
  readonly out?: string;
  readonly quiet?: boolean;
}

/** A whole number of at least `least`; InputError naming the flag otherwise. */
function wholeNumber(value: unknown, flag: string, least: 0 | 1): number {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isInteger(number) || number < least) throw new InputError('command line', flag, `a whole number of at least ${least}`, JSON.stringify(value));
  return number;
}

/** The scenario crash explores without --scenario. */
const EMBEDDED_CRASH: EmbeddedScenario = { raw: crashScenario, name: 'embedded crash scenario' };

/** Seeds one crash campaign may explore. */
const MAX_CRASH_SEEDS = 1_000_000;

/** Every flag, checked before any work: returns the parsed values. */
function parseFlags(options: CrashCommandOptions, notice?: (line: string) => void) {
  const only = options.cut === undefined ? undefined : { cut: wholeNumber(options.cut, '--cut', 0), ...(options.state === undefined ? {} : { state: wholeNumber(options.state, '--state', 0) }) };
  if (options.state !== undefined && only === undefined) throw new InputError('command line', '--state', '--cut as well: a crash state is numbered within its cut');
  const seeds = options.seeds === undefined ? (only === undefined ? DEFAULT_SEEDS : 1) : wholeNumber(options.seeds, '--seeds', 1);
  // Each seed is listed up front and its outcome kept: a million is a long soak already.
  if (seeds > MAX_CRASH_SEEDS) throw new InputError('command line', '--seeds', `at most ${MAX_CRASH_SEEDS.toLocaleString('en-US')} seeds per campaign (split a longer soak by --seed)`, String(options.seeds));
  if (only !== undefined && seeds !== 1) throw new InputError('command line', '--seeds', '1 (or no --seeds) with --cut: a cut replays one seed', String(options.seeds));
  const points = options.points === undefined ? DEFAULT_POINTS : wholeNumber(options.points, '--points', 1);
  const jobs = options.jobs === undefined ? availableParallelism() : jobsWithinCores(wholeNumber(options.jobs, '--jobs', 1), notice);
  if (options.mutant !== undefined && !isEngineMutant(options.mutant)) {
    throw new InputError('command line', '--mutant', `an engine mutant: none, ${engineMutants.map((mutant) => mutant.name).join(', ')}`, JSON.stringify(options.mutant));
  }
  const mutant = options.mutant as EngineMutant | undefined;
  let flushIntervalNs: number | undefined;
  if (options.flushInterval !== undefined) {
    flushIntervalNs = parseDurationNs(options.flushInterval);
    if (flushIntervalNs === undefined || flushIntervalNs < 1) throw new InputError('command line', '--flush-interval', 'a positive duration such as 100us or 2ms', JSON.stringify(options.flushInterval));
    if (flushIntervalNs > MAX_TIME_NS) throw new InputError('command line', '--flush-interval', `a duration of at most ${MAX_TIME_TEXT}`, JSON.stringify(options.flushInterval));
  }
  return { only, seeds, points, jobs, mutant, flushIntervalNs };
}

/** The campaign with --fio in its reproduce lines, which the explorer builds naming the scenario file only. */
function reproducingFio(result: CampaignResult, fio: string | undefined): CampaignResult {
  if (fio === undefined) return result;
  const withFio = (line: string): string => withFioFlag(line, 'crash', fio);
  return {
    ...result,
    failures: result.failures.map((failure) => ({ ...failure, reproduce: withFio(failure.reproduce) })),
    failingSeeds: result.failingSeeds.map((seed) => ({ ...seed, reproduce: withFio(seed.reproduce) })),
  };
}

/** Runs the crash command; returns the exit code and what was written. */
export async function crashCommand(options: CrashCommandOptions, io: CommandIo = processIo): Promise<{ exitCode: number; report: CrashReport; outDir: string; files: string[] }> {
  const flags = parseFlags(options, outputNotices(io, options.quiet));
  const named = await readNamedScenario(options, io, EMBEDDED_CRASH);
  const { raw, source } = named;
  const scenario = resolveNamedScenario(named);
  // Crash states are checked by reopening the images: a strategy that keeps its maps in memory has nothing to reopen.
  if (scenario.engine.strategy === 'redirect-on-write') {
    throw new InputError(source, 'engine.strategy', 'method or quiesce (redirect-on-write keeps its maps in memory: it cannot be reopened after a crash)', scenario.engine.strategy);
  }
  const outDir = options.out ?? join('cowsim-out', `${scenario.name}-crash`);
  const output = { command: 'crash', inputs: namedScenarioInputs(scenario, named), notify: outputNotices(io, options.quiet) } as const;
  await checkOutputDirectory(outDir, output);

  const mutant = flags.mutant ?? scenario.engine.mutant;
  const firstSeed = options.seed ?? scenario.seed;
  if (firstSeed + flags.seeds - 1 > 2 ** 32 - 1) throw new InputError('command line', '--seeds', `seeds that stay within 0..4294967295: at most ${2 ** 32 - firstSeed} from seed ${firstSeed}`, String(flags.seeds));
  const explore: ExploreOptions = {
    points: flags.points,
    deleteWindow: DEFAULT_DELETE_WINDOW,
    statesPerCut: DEFAULT_STATES_PER_CUT,
    faultEvery: DEFAULT_FAULT_EVERY,
    flushIntervalNs: flags.flushIntervalNs ?? defaultFlushIntervalNs(scenario),
    mutant,
    ...(flags.only === undefined ? {} : { only: flags.only }),
    maxFailures: flags.only === undefined ? defaultLimits.maxFailures : Number.MAX_SAFE_INTEGER,
    reproduce: {
      ...(options.scenario === undefined ? {} : { scenarioFile: options.scenario }),
      ...(flags.mutant === undefined ? {} : { mutant: flags.mutant }),
      ...(options.flushInterval === undefined ? {} : { flushInterval: options.flushInterval }),
      ...(options.points === undefined ? {} : { points: flags.points }),
    },
  };
  const seeds = campaignSeeds(firstSeed, flags.seeds);
  // The time left waits for a seed to end (campaign-progress.ts); a replayed cut says which.
  const phase = flags.only === undefined ? 'exploring crash states' : `replaying cut ${flags.only.cut} of seed ${firstSeed}`;
  const bar = wantProgress(options.quiet) ? await startCampaignProgress('crash', seeds.length, 'seed', phase) : undefined;
  const started = performance.now();
  let campaign;
  try {
    campaign = await runCrashPool({
      raw,
      source,
      seeds,
      options: explore,
      limits: flags.only === undefined ? defaultLimits : { ...defaultLimits, maxFailures: Number.MAX_SAFE_INTEGER },
      jobs: flags.jobs,
      onSeed: (_exploration, done) => bar?.update(done),
    });
  } finally {
    bar?.stop();
  }
  const report = buildCrashReport(
    {
      scenario: scenario.name,
      source,
      engine: mutant,
      firstSeed,
      seeds: seeds.length,
      points: flags.points,
      statesPerCut: explore.statesPerCut,
      faultEvery: explore.faultEvery,
      deleteWindow: explore.deleteWindow,
      flushIntervalNs: explore.flushIntervalNs,
      ...(flags.only === undefined ? {} : { only: flags.only }),
    },
    reproducingFio(campaign.result, named.fio),
    (performance.now() - started) / 1000,
  );
  const files = await writeOutputDirectory(outDir, new Map([[CRASH_JSON, crashJson(report)]]), output);
  if (!options.quiet) io.stdout(`${renderCrashSummary(report, files[0]!)}\n`);
  else if (report.verdict === 'fail') io.stderr(`crash: ${report.violations} violations; first: ${report.failures[0]?.reproduce ?? 'see crash.json'}\n`);
  return { exitCode: report.verdict === 'fail' ? EXIT_FAILED : EXIT_OK, report, outDir, files };
}

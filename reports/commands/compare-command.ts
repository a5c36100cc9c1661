/**
 * `cowsim compare`: the paired comparison of snapshot strategies (design.md section 8). Runs the
 * scenario with snapshots off and with each strategy, R replications with seeds seed..seed+R-1
 * (replication r uses one seed in every arm), in-process one after the other; writes compare.json,
 * compare.csv and report.html; prints one line per arm. Exit 0 when every arm passes correctness,
 * 1 when any fails, 2 on bad input (every flag and the output folder are checked before any run).
 */
import { basename, join } from 'node:path';
import { InputError } from '../../engine/errors.js';
import { STRATEGY_NAMES, type StrategyName } from '../../engine/snapshot-strategy.js';
import { MAX_TIME_NS, MAX_TIME_TEXT } from '../../workloads/scenario/limits.js';
import { snapshotsOff } from '../../workloads/scenario/snapshots-off.js';
import { parseDurationNs } from '../../workloads/scenario/units.js';
import {
  buildCompareFile,
  compareArms,
  compareCsv,
  compareJson,
  COMPARE_CSV,
  COMPARE_JSON,
  COMPARE_REPORT_HTML,
  renderCompareReport,
  renderCompareSummary,
  runComparison,
  type CompareFile,
} from '../compare/index.js';
import { prepareOutputDirectory, writeOutputDirectory } from '../output-directory.js';
import { wantProgress } from '../progress-bar.js';
import { startCampaignProgress } from '../campaign-progress.js';
import { boundedWholeNumber } from './cli-values.js';
import { outputNotices, processIo, type CommandIo } from './command-io.js';
import { EXIT_FAILED, EXIT_OK } from './exit-codes.js';
import { namedScenarioInputs, readNamedScenario, resolveNamedScenario, scenarioFlagsText, type ScenarioFlags } from './scenario-flags.js';

export interface CompareCommandOptions extends ScenarioFlags {
  /** Comma-separated strategy names; default all of them. */
  readonly strategies?: string;
  readonly replications?: number | string;
  /** Seed of the first replication (default the scenario's). */
  readonly seed?: number;
  /** A duration such as 1s or 250ms. */
  readonly stallWindow?: string;
  readonly out?: string;
  readonly quiet?: boolean;
}

/** Default length of the window after a preserve command whose writes make its stall. */
export const DEFAULT_STALL_WINDOW_NS = 1e9;
/** Replications of one comparison (each runs every arm). */
export const MAX_COMPARE_REPLICATIONS = 1000;

/** The strategies a --strategies value names, in its order; InputError naming the flag, the unknown names and the valid ones. */
export function parseStrategies(value: string | undefined): StrategyName[] {
  if (value === undefined) return [...STRATEGY_NAMES];
  const names = value.split(',').map((name) => name.trim());
  const expected = `a comma-separated list of strategies from ${STRATEGY_NAMES.join(', ')}`;
  if (names.some((name) => name === '')) throw new InputError('command line', '--strategies', `${expected}, with no empty name`, JSON.stringify(value));
  const unknown = names.filter((name) => !(STRATEGY_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new InputError('command line', '--strategies', expected, `${JSON.stringify(value)} (unknown: ${unknown.join(', ')})`);
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  if (repeated.length > 0) throw new InputError('command line', '--strategies', `${expected}, each named once`, `${JSON.stringify(value)} (repeated: ${[...new Set(repeated)].join(', ')})`);
  return names as StrategyName[];
}

/** The --stall-window value in ns; InputError naming the flag otherwise. */
export function parseStallWindow(value: string | undefined): number {
  if (value === undefined) return DEFAULT_STALL_WINDOW_NS;
  const ns = parseDurationNs(value);
  if (ns === undefined || ns < 1) throw new InputError('command line', '--stall-window', 'a positive duration such as 1s or 250ms', JSON.stringify(value));
  if (ns > MAX_TIME_NS) throw new InputError('command line', '--stall-window', `a duration of at most ${MAX_TIME_TEXT}`, JSON.stringify(value));
  return ns;
}

/** The output files of a comparison: compare.json, compare.csv and report.html unless the scenario turned reports off. */
function outputFiles(file: CompareFile, runs: Parameters<typeof renderCompareReport>[1], html: boolean): Map<string, string> {
  const files = new Map<string, string>([[COMPARE_JSON, compareJson(file)], [COMPARE_CSV, compareCsv(file)]]);
  if (html) files.set(COMPARE_REPORT_HTML, renderCompareReport(file, runs));
  return files;
}

/** Runs the compare command; returns the exit code and what was written. */
export async function compareCommand(options: CompareCommandOptions, io: CommandIo = processIo): Promise<{ exitCode: number; file: CompareFile; outDir: string; files: string[] }> {
  const strategies = parseStrategies(options.strategies);
  const replications =
    options.replications === undefined ? 1 : boundedWholeNumber(options.replications, '--replications', 1, MAX_COMPARE_REPLICATIONS, 'each replication runs every arm once');
  const stallWindowNs = parseStallWindow(options.stallWindow);
  const named = await readNamedScenario(options, io);
  const scenario = resolveNamedScenario(named);
  if (snapshotsOff(scenario)) {
    throw new InputError(scenario.source, 'snapshots', 'preserve commands (snapshots.at, snapshots.every or snapshots.after): with snapshots off every arm would be the baseline, so there is nothing to compare');
  }
  const seed = options.seed ?? scenario.seed;
  if (seed + replications - 1 > 2 ** 32 - 1) {
    throw new InputError('command line', '--replications', `replications whose seeds stay within 0..4294967295: at most ${2 ** 32 - seed} from seed ${seed}`, String(replications));
  }
  const outDir = options.out ?? join('cowsim-out', `${scenario.name}-compare`);
  const output = { command: 'compare', inputs: namedScenarioInputs(scenario, named), notify: outputNotices(io, options.quiet) } as const;
  await prepareOutputDirectory(outDir, output);

  const arms = compareArms(scenario, strategies);
  const seeds = Array.from({ length: replications }, (_, replication) => seed + replication);
  // The phase is the arm running; the time left waits for a run to end (campaign-progress.ts).
  const running = (arm: string, runSeed: number): string => `running ${arm}, seed ${runSeed}`;
  const bar = wantProgress(options.quiet) ? await startCampaignProgress('compare', arms.length * seeds.length, 'run', running(arms[0]!.name, seed)) : undefined;
  const started = performance.now();
  let runs;
  let file: CompareFile;
  let outputs: Map<string, string>;
  try {
    runs = await runComparison({ arms, seeds, stallWindowNs, onProgress: (done, _total, arm, runSeed, fraction) => bar?.update(done, fraction, running(arm, runSeed)) });
    // Rendering report.html takes a while: the bar says so. It is gone before anything is written,
    // so that no notice of the output folder is drawn over.
    bar?.phase('writing reports');
    file = buildCompareFile(runs, { source: scenario.source, seed, wallSeconds: (performance.now() - started) / 1000 });
    outputs = outputFiles(file, runs, scenario.report.html);
  } finally {
    bar?.stop();
  }
  const files = await writeOutputDirectory(outDir, outputs, output);

  let failed = false;
  for (const arm of file.arms) {
    for (const replication of arm.replications.filter((outcome) => outcome.verdict === 'fail')) {
      failed = true;
      io.stderr(
        `correctness FAILED in arm ${arm.name}, replication ${replication.replication} (seed ${replication.seed}): ${replication.mismatches} mismatches; reproduce: npx cowsim compare${scenarioFlagsText(options)} --strategies ${arm.strategy ?? strategies[0]} --seed ${replication.seed}\n`,
      );
    }
  }
  if (!options.quiet) io.stdout(`${renderCompareSummary(file, outDir, files.map((path) => basename(path)))}\n`);
  return { exitCode: failed ? EXIT_FAILED : EXIT_OK, file, outDir, files };
}

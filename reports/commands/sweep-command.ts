/**
 * `cowsim sweep`: a grid over scenario fields (`--set path=v1,v2`), R replications per point with
 * derived seeds, run on worker threads; writes sweep.json, sweep.csv and report.html (a shard
 * writes its sweep.json only, for `cowsim merge`). Exit 1 when any run fails correctness.
 */
import { join } from 'node:path';
import { InputError } from '../../engine/errors.js';
import { checkSweepRuns, MAX_REPLICATIONS, parseSetFlags, parseShard, pointAt, type Shard } from '../sweep/grid.js';
import { runSweep } from '../sweep/sweep.js';
import type { SweepFile } from '../sweep/sweep-file.js';
import { reportFailures, sweepOutputFiles } from '../sweep/sweep-outputs.js';
import { sweepTextTable } from '../sweep/text-summary.js';
import { prepareOutputDirectory, writeOutputDirectory } from '../output-directory.js';
import { pointScenario, SweepPointError } from '../sweep/override.js';
import { createProgressBar, wantProgress } from '../progress-bar.js';
import { SWEEP_PROGRESS_FORMAT, sweepEtaText } from '../sweep/sweep-progress.js';
import { boundedWholeNumber, jobsWithinCores } from './cli-values.js';
import { outputNotices, processIo, type CommandIo } from './command-io.js';
import { namedScenarioInputs, readNamedScenario, resolveNamedScenario, scenarioFlagsText, type ScenarioFlags } from './scenario-flags.js';

export interface SweepCommandOptions extends ScenarioFlags {
  /** The `--set path=v1,v2` flags. */
  readonly set: readonly string[];
  readonly replications?: number | string;
  readonly jobs?: number | string;
  /** `i/n`. */
  readonly shard?: string;
  readonly seed?: number;
  readonly out?: string;
  readonly quiet?: boolean;
}

/** A positive integer flag value; InputError naming the flag otherwise. */
export function positiveInteger(value: unknown, flag: string): number {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isInteger(number) || number < 1) throw new InputError(flag, flag.replace(/^--/, ''), 'a whole number of at least 1', JSON.stringify(value));
  return number;
}

/** Runs the sweep command; returns the exit code and what was written. */
export async function sweepCommand(options: SweepCommandOptions, io: CommandIo = processIo): Promise<{ exitCode: number; file: SweepFile; outDir: string; files: string[] }> {
  const parameters = parseSetFlags(options.set);
  const shard: Shard | undefined = options.shard === undefined ? undefined : parseShard(options.shard);
  const replications = options.replications === undefined ? 1 : boundedWholeNumber(options.replications, '--replications', 1, MAX_REPLICATIONS, 'runs of one point, each kept until sweep.json is written');
  checkSweepRuns(parameters, shard, replications);
  const jobs = options.jobs === undefined ? undefined : jobsWithinCores(positiveInteger(options.jobs, '--jobs'), outputNotices(io, options.quiet));
  const named = await readNamedScenario(options, io);
  const { raw, source } = named;
  // The first point names the sweep (and its default folder); the folder is checked before any run.
  let first;
  try {
    first = pointScenario(raw, pointAt(parameters, 0), source);
  } catch (error) {
    // A job file the scenario cannot take (with no --set to blame) is named as run names it.
    if (error instanceof SweepPointError && named.fio !== undefined) resolveNamedScenario(named);
    throw error;
  }
  const outDir = options.out ?? join('cowsim-out', shard === undefined ? `${first.name}-sweep` : `${first.name}-sweep-shard-${shard.index}-of-${shard.count}`);
  const output = { command: 'sweep', inputs: namedScenarioInputs(first, named), notify: outputNotices(io, options.quiet) } as const;
  await prepareOutputDirectory(outDir, output);

  const bar = wantProgress(options.quiet) ? await createProgressBar(SWEEP_PROGRESS_FORMAT) : undefined;
  const started = performance.now();
  const eta = (done: number, total: number) => ({ timeLeft: sweepEtaText(done, total, (performance.now() - started) / 1000) });
  let sweep;
  try {
    sweep = await runSweep({
      raw,
      source,
      parameters,
      replications,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(shard === undefined ? {} : { shard }),
      ...(jobs === undefined ? {} : { jobs }),
      onProgress: (done, total) => {
        if (done === 0) bar?.start(total, 0, eta(done, total));
        else bar?.update(done, eta(done, total));
      },
    });
  } finally {
    bar?.stop();
  }
  const { file } = sweep;
  const files = await writeOutputDirectory(outDir, sweepOutputFiles(file), output);
  const seconds = (performance.now() - started) / 1000;

  if (!options.quiet) {
    const where = sweep.mode === 'workers' ? `on ${sweep.workers} worker threads` : 'in-process';
    const share = shard === undefined ? '' : ` (shard ${shard.index}/${shard.count}: ${file.points.length} of ${file.pointCount} points)`;
    io.stdout(`sweep ${file.scenario.name}: ${file.points.length} points × ${replications} replication${replications === 1 ? '' : 's'} = ${sweep.runs} runs${share} ${where} in ${seconds.toFixed(1)} s\n`);
    if (shard === undefined) io.stdout(`\n${sweepTextTable(file)}\n\n`);
    else io.stdout(`combine the shards with: cowsim merge <each shard's output directory> --out DIR\n`);
    io.stdout(`wrote ${files.join(', ')}\n`);
  }
  // The jobs of --fio are not in the scenario the user copies the fields into: the run names them again.
  return { exitCode: reportFailures(file, io, scenarioFlagsText({ fio: named.fio })), file, outDir, files };
}

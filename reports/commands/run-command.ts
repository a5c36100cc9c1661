/**
 * `cowsim run`: load the scenario (or the embedded default), run it with a progress bar on a
 * terminal, write summary.json, the CSV files and report.html, and print the one-screen summary.
 * With --baseline, the same scenario and seed then run with snapshots off, and every output says
 * what the snapshots cost against it.
 */
import { join } from 'node:path';
import { InputError } from '../../engine/errors.js';
import { snapshotsOff, withoutSnapshots } from '../../workloads/scenario/snapshots-off.js';
import type { RunResult } from '../../workloads/run-result.js';
import { baselineReproduce } from '../run/baseline.js';
import { renderTextSummary, summaryJson, writeRunOutputs } from '../run/index.js';
import type { RunSummary } from '../run/summary.js';
import { timedRun } from '../run/timed-run.js';
import { startRunProgress, type RunProgress } from '../run/run-progress.js';
import { prepareOutputDirectory } from '../output-directory.js';
import { wantProgress } from '../progress-bar.js';
import { outputNotices, processIo, type CommandIo } from './command-io.js';
import { namedScenarioInputs, readNamedScenario, resolveNamedScenario, withFioFlag, type ScenarioFlags } from './scenario-flags.js';

export interface RunCommandOptions extends ScenarioFlags {
  seed?: number;
  out?: string;
  quiet?: boolean;
  /** Also run the scenario with snapshots off (same seed) and compare with it. */
  baseline?: boolean;
  /** json: the summary JSON on standard output instead of the text summary (as fio's --output-format json). */
  outputFormat?: 'normal' | 'json';
}

/** The `run` command; returns the process exit code (0 pass, 1 correctness failed, in the run or its baseline). */
export async function runCommand(
  options: RunCommandOptions,
  io: CommandIo = processIo,
): Promise<{ exitCode: number; result: RunResult; baseline?: RunResult; summary: RunSummary; outDir: string }> {
  const named = await readNamedScenario(options, io);
  const scenario = resolveNamedScenario(named);
  if (options.baseline && snapshotsOff(scenario)) {
    throw new InputError(
      'command line',
      '--baseline',
      'a scenario that takes snapshots (snapshots.at, snapshots.every or snapshots.after)',
      `none in ${scenario.source}: with snapshots off the run is its own baseline, so there is nothing to compare`,
    );
  }
  const outDir = options.out ?? join('cowsim-out', scenario.name);
  const notify = outputNotices(io, options.quiet);
  // The output folder is checked before the run, so a long run never ends by refusing it.
  await prepareOutputDirectory(outDir, { command: 'run', inputs: namedScenarioInputs(scenario, named), notify });
  const seed = options.seed === undefined ? {} : { seed: options.seed };
  // The last run's bar stays up while the reports are written: its phase says so.
  const bar = async (label: string): Promise<RunProgress | undefined> => (wantProgress(options.quiet) ? startRunProgress(label) : undefined);
  let progress = await bar(options.baseline ? `${scenario.name} (1 of 2: with snapshots)` : scenario.name);
  const result = await timedRun(scenario, { ...seed, ...(progress ? { progress } : {}) });
  // The runner's reproduce line names the scenario file only; the jobs came from --fio.
  result.correctness.reproduce = withFioFlag(result.correctness.reproduce, 'run', named.fio);
  let baseline: RunResult | undefined;
  if (options.baseline) {
    progress?.stop();
    progress = await bar(`${scenario.name} (2 of 2: baseline, snapshots off)`);
    // The same seed, strategy, workloads and devices: only the preserve commands are taken out.
    baseline = await timedRun(withoutSnapshots(scenario), { ...seed, ...(progress ? { progress } : {}) });
  }
  progress?.phase('writing reports');
  // A notice printed under a live bar would be drawn over: held until the bar is gone.
  const notices: string[] = [];
  let summary: RunSummary;
  try {
    ({ summary } = await writeRunOutputs(result, outDir, { notify: notify && ((line) => void notices.push(line)), baseline }));
  } finally {
    progress?.stop();
    for (const line of notices) notify?.(line);
  }
  for (const warning of summary.warnings ?? []) io.stderr(`cowsim: warning: ${warning}\n`);
  const baselineFailed = baseline?.correctness.verdict === 'fail';
  // Broken to the terminal's width on a terminal; whole lines into a file or a pipe.
  const columns = io === processIo && process.stdout.isTTY === true ? process.stdout.columns : undefined;
  // JSON is asked for by name: printed even under --quiet, and nothing else goes to standard output.
  if (options.outputFormat === 'json') io.stdout(summaryJson(summary));
  else if (!options.quiet) io.stdout(`${renderTextSummary(result, summary, outDir, columns === undefined ? {} : { columns })}\n`);
  if (options.quiet || options.outputFormat === 'json') {
    if (result.correctness.verdict === 'fail') {
      io.stderr(`correctness FAILED: ${result.correctness.mismatches} mismatches; reproduce with: ${result.correctness.reproduce}\n`);
    }
    if (baselineFailed) {
      io.stderr(
        `correctness FAILED in the baseline (the same run without snapshots): ${baseline!.correctness.mismatches} mismatches; reproduce with: ${baselineReproduce(result)}\n`,
      );
    }
  }
  const exitCode = result.correctness.verdict === 'fail' || baselineFailed ? 1 : 0;
  return { exitCode, result, ...(baseline === undefined ? {} : { baseline }), summary, outDir };
}

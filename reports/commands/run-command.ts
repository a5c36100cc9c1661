/**
 * `cowsim run`: load the scenario (or the embedded default), run it with a progress bar on a
 * terminal, write summary.json, the CSV files and report.html, and print the one-screen summary.
 * With --baseline, the same scenario and seed then run with snapshots off, and every output says
 * what the snapshots cost against it.
 */
import { join } from 'node:path';
import { InputError } from '../../engine/errors.js';
import { loadScenario } from '../../workloads/scenario/load.js';
import { snapshotsOff, withoutSnapshots } from '../../workloads/scenario/snapshots-off.js';
import type { RunResult } from '../../workloads/run-result.js';
import { baselineReproduce } from '../run/baseline.js';
import { renderTextSummary, writeRunOutputs } from '../run/index.js';
import type { RunSummary } from '../run/summary.js';
import { scenarioInputs } from '../run/scenario-inputs.js';
import { timedRun } from '../run/timed-run.js';
import { prepareOutputDirectory } from '../output-directory.js';
import { wantProgress } from '../progress-bar.js';
import { outputNotices, processIo, type CommandIo } from './command-io.js';

export interface RunCommandOptions {
  scenario?: string;
  seed?: number;
  out?: string;
  quiet?: boolean;
  /** Also run the scenario with snapshots off (same seed) and compare with it. */
  baseline?: boolean;
}

/** The `run` command; returns the process exit code (0 pass, 1 correctness failed, in the run or its baseline). */
export async function runCommand(
  options: RunCommandOptions,
  io: CommandIo = processIo,
): Promise<{ exitCode: number; result: RunResult; baseline?: RunResult; summary: RunSummary; outDir: string }> {
  const scenario = await loadScenario(options.scenario);
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
  await prepareOutputDirectory(outDir, { command: 'run', inputs: scenarioInputs(scenario), notify });
  const seed = options.seed === undefined ? {} : { seed: options.seed };
  const progress = wantProgress(options.quiet);
  const result = await timedRun(scenario, { ...seed, progress, ...(options.baseline ? { label: `${scenario.name} (1 of 2: with snapshots)` } : {}) });
  // The same seed, strategy, workloads and devices: only the preserve commands are taken out.
  const baseline = options.baseline ? await timedRun(withoutSnapshots(scenario), { ...seed, progress, label: `${scenario.name} (2 of 2: baseline, snapshots off)` }) : undefined;
  const { summary } = await writeRunOutputs(result, outDir, { notify, baseline });
  for (const warning of summary.warnings ?? []) io.stderr(`cowsim: warning: ${warning}\n`);
  const baselineFailed = baseline?.correctness.verdict === 'fail';
  if (!options.quiet) io.stdout(`${renderTextSummary(result, summary, outDir)}\n`);
  else {
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

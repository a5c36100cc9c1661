/**
 * `cowsim run`: load the scenario (or the embedded default), run it with a progress bar on a
 * terminal, write summary.json, the CSV files and report.html, and print the one-screen summary.
 */
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { loadDefaultScenario, loadScenarioFile } from '../../workloads/scenario/load.js';
import type { Scenario } from '../../workloads/scenario/resolve.js';
import { runScenario } from '../../workloads/run.js';
import type { RunResult } from '../../workloads/run-result.js';
import { renderTextSummary, writeRunOutputs } from '../run/index.js';
import type { RunSummary } from '../run/summary.js';
import { scenarioInputs } from '../run/write-outputs.js';
import { prepareOutputDirectory } from '../output-directory.js';
import { processIo, type CommandIo } from './command-io.js';

export interface RunCommandOptions {
  scenario?: string;
  seed?: number;
  out?: string;
  quiet?: boolean;
}

/** Whether a progress bar belongs on this terminal. */
export function wantProgress(quiet: boolean | undefined): boolean {
  return !quiet && process.stderr.isTTY === true && !process.env.CI;
}

/** Loads the scenario a command names, or the embedded default. */
export function loadScenario(path: string | undefined): Promise<Scenario> {
  return path === undefined ? Promise.resolve(loadDefaultScenario()) : loadScenarioFile(path);
}

/** Runs a scenario, measuring wall time (allowed here, outside the simulation). */
export async function timedRun(scenario: Scenario, options: { seed?: number; progress?: boolean; label?: string } = {}): Promise<RunResult> {
  const bar = options.progress
    ? new cliProgress.SingleBar(
        { format: `${options.label ?? scenario.name} [{bar}] {percentage}% | {duration_formatted}`, stream: process.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(100, 0);
  const started = performance.now();
  try {
    const result = await runScenario(scenario, {
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(bar ? { onProgress: (fraction: number) => bar.update(Math.round(fraction * 100)) } : {}),
    });
    result.wallSeconds = (performance.now() - started) / 1000;
    bar?.update(100);
    return result;
  } finally {
    bar?.stop();
  }
}

/** Where a command's one-line output notices go (an earlier output replaced): stderr, none under --quiet. */
export function outputNotices(io: CommandIo, quiet: boolean | undefined): ((line: string) => void) | undefined {
  return quiet ? undefined : (line) => io.stderr(`${line}\n`);
}

/** The `run` command; returns the process exit code (0 pass, 1 correctness failed). */
export async function runCommand(options: RunCommandOptions, io: CommandIo = processIo): Promise<{ exitCode: number; result: RunResult; summary: RunSummary; outDir: string }> {
  const scenario = await loadScenario(options.scenario);
  const outDir = options.out ?? join('cowsim-out', scenario.name);
  const notify = outputNotices(io, options.quiet);
  // The output folder is checked before the run, so a long run never ends by refusing it.
  await prepareOutputDirectory(outDir, { command: 'run', inputs: scenarioInputs(scenario), notify });
  const result = await timedRun(scenario, { ...(options.seed === undefined ? {} : { seed: options.seed }), progress: wantProgress(options.quiet) });
  const { summary } = await writeRunOutputs(result, outDir, { notify });
  for (const warning of summary.warnings ?? []) io.stderr(`cowsim: warning: ${warning}\n`);
  if (!options.quiet) io.stdout(`${renderTextSummary(result, summary, outDir)}\n`);
  else if (result.correctness.verdict === 'fail') {
    io.stderr(`correctness FAILED: ${result.correctness.mismatches} mismatches; reproduce with: ${result.correctness.reproduce}\n`);
  }
  return { exitCode: result.correctness.verdict === 'fail' ? 1 : 0, result, summary, outDir };
}

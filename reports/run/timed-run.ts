/** One run of a scenario with its wall time (and a progress bar on a terminal): run, sweep replications, plan. */
import { runScenario } from '../../workloads/run.js';
import type { RunResult } from '../../workloads/run-result.js';
import type { Scenario } from '../../workloads/scenario/resolve.js';
import { startRunProgress, type RunProgress } from './run-progress.js';

export interface TimedRunOptions {
  seed?: number;
  /**
   * true: a bar of this run's own, taken off when it ends. A RunProgress: the caller's bar, left on
   * the terminal after the final check so that the caller can go on to its next phase (writing
   * the reports); taken off only if the run fails.
   */
  progress?: boolean | RunProgress;
  /** The bar's label when `progress` is true; default the scenario's name. */
  label?: string;
}

/** Runs a scenario, measuring wall time (allowed here, outside the simulation). */
export async function timedRun(scenario: Scenario, options: TimedRunOptions = {}): Promise<RunResult> {
  const own = options.progress === true;
  const bar: RunProgress | undefined = own
    ? await startRunProgress(options.label ?? scenario.name)
    : typeof options.progress === 'object' ? options.progress : undefined;
  const started = performance.now();
  let failed = true;
  try {
    const result = await runScenario(scenario, {
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(bar
        ? {
            onProgress: (fraction: number) => bar.update(fraction),
            onFinalCheckProgress: (fraction: number) => (fraction === 0 ? bar.phase('final check') : bar.update(fraction)),
          }
        : {}),
    });
    result.wallSeconds = (performance.now() - started) / 1000;
    failed = false;
    return result;
  } finally {
    if (own || failed) bar?.stop();
  }
}

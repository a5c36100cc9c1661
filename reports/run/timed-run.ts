/** One run of a scenario with its wall time (and a progress bar on a terminal): run, sweep replications, plan. */
import { runScenario } from '../../workloads/run.js';
import type { RunResult } from '../../workloads/run-result.js';
import type { Scenario } from '../../workloads/scenario/resolve.js';
import { createProgressBar } from '../progress-bar.js';

/** Runs a scenario, measuring wall time (allowed here, outside the simulation). */
export async function timedRun(scenario: Scenario, options: { seed?: number; progress?: boolean; label?: string } = {}): Promise<RunResult> {
  const bar = options.progress ? await createProgressBar(`${options.label ?? scenario.name} [{bar}] {percentage}% | {duration_formatted}`) : undefined;
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

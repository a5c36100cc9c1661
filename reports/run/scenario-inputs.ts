/** The files a scenario reads, which no output may replace (output-directory.ts checks them). */
import type { OutputInput } from '../output-paths.js';
import type { RunResult } from '../../workloads/run-result.js';

/** The files a scenario reads (its own file, its traces): an output may not replace them. */
export function scenarioInputs(scenario: Pick<RunResult['scenario'], 'source' | 'workloads'>): OutputInput[] {
  // An embedded scenario's source is a description in parentheses, not a file.
  const inputs: OutputInput[] = scenario.source.startsWith('(') ? [] : [{ path: scenario.source, flag: '--scenario' }];
  for (const workload of scenario.workloads) {
    if (workload.trace !== undefined && !inputs.some((input) => input.path === workload.trace!.file)) {
      inputs.push({ path: workload.trace.file, flag: `the trace of workload ${workload.name}` });
    }
  }
  return inputs;
}

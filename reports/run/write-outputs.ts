/**
 * Writes a run's output directory (summary.json, the CSV files, report.html) so that nothing is
 * ever seen half-way: everything goes into a temporary sibling directory first, which is then
 * renamed into place; the output directory of an earlier run is moved aside and removed only once
 * the new one is in place. An interrupted write leaves the earlier output intact. Only an earlier
 * run's output (marked by cowsim) or an empty folder is replaced, never the run's own scenario or
 * trace files (output-directory.ts).
 */
import { writeOutputDirectory } from '../output-directory.js';
import type { RunResult } from '../../workloads/run-result.js';
import { withBaseline } from './baseline.js';
import { buildRunCsvFiles } from './csv.js';
import { renderRunReport } from './html-report.js';
import { REPORT_HTML, SUMMARY_JSON } from './output-files.js';
import { scenarioInputs } from './scenario-inputs.js';
import { buildSummary, summaryJson, type RunSummary } from './summary.js';

/** The output directory cannot be used (a user error: the CLI exits with 2); the message says what to do. */
export { OutputDirectoryError as RunOutputError } from '../output-directory.js';
export { scenarioInputs } from './scenario-inputs.js';

/**
 * Writes summary.json, the CSV files and (when the scenario asks for it) report.html into `outDir`,
 * replacing an earlier run's output; `notify` receives the one-line notice of what was replaced.
 * With `baseline` (the same scenario and seed with snapshots off), every output compares with it.
 */
export async function writeRunOutputs(
  result: RunResult,
  outDir: string,
  options: { notify?: ((line: string) => void) | undefined; baseline?: RunResult | undefined } = {},
): Promise<{ summary: RunSummary; files: string[] }> {
  const { baseline, ...output } = options;
  const summary = baseline === undefined ? buildSummary(result) : withBaseline(buildSummary(result), result, baseline);
  const contents = new Map<string, string>([[SUMMARY_JSON, summaryJson(summary)]]);
  if (result.scenario.report.html) contents.set(REPORT_HTML, renderRunReport(result, summary));
  for (const [name, text] of Object.entries(buildRunCsvFiles(result, summary))) contents.set(name, text);
  const files = await writeOutputDirectory(outDir, contents, { command: 'run', inputs: scenarioInputs(result.scenario), ...output });
  return { summary, files };
}

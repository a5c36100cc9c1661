/** The files a run writes into its output directory, in the order they are listed to the user. */

export const SUMMARY_JSON = 'summary.json';
export const REPORT_HTML = 'report.html';
export const CSV_FILES = ['summary.csv', 'timeline.csv', 'latency.csv', 'locks.csv', 'snapshots.csv', 'devices.csv'] as const;

/** Names of the files of a run's output directory; report.html only when the scenario asks for it. */
export function runOutputFileNames(options: { html: boolean }): string[] {
  return [SUMMARY_JSON, ...(options.html ? [REPORT_HTML] : []), ...CSV_FILES];
}

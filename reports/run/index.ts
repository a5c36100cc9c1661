export { buildSummary, summaryJson, latencyFigures, lockFigures, faultSummary } from './summary.js';
export type { RunSummary, FaultSummary, DeviceFaultSummary, LatencyFiguresUs, LockFiguresUs, SnapshotSummary, DeviceSummary, WorkloadSummary, PreserveSummary } from './summary.js';
export { buildRunCsvFiles, csvText, summaryTable, timelineTable, latencyTable, locksTable, snapshotsTable, devicesTable } from './csv.js';
export type { CsvTable, CsvCell, CsvFileName } from './csv.js';
export { renderRunReport } from './html-report.js';
export { renderTextSummary, SCREEN_LINES, SCREEN_COLUMNS } from './text-summary.js';
export { writeRunOutputs, RunOutputError } from './write-outputs.js';
export { runOutputFileNames, SUMMARY_JSON, REPORT_HTML, CSV_FILES } from './output-files.js';

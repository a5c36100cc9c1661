/** The text table `cowsim validate` prints: per reads, writes and all, recorded against simulated. */
import { formatCount, formatSeconds } from '../run/format.js';
import { CATEGORIES, type CategoryFile, type ValidateFile } from './validate-file.js';

const FIGURES = ['mean', 'p50', 'p90', 'p99'] as const;
const LABELS: Record<string, string> = { read: 'reads', write: 'writes', all: 'all' };

/** How requests were issued, in words. */
export function describeIssue(file: ValidateFile): string {
  if (file.trace.issue === 'closed-loop') return 'closed loop: one at a time, each nextinter after the previous completed';
  const at = file.trace.format === 'blkparse' ? ` of its ${file.trace.action} event` : '';
  return `open loop: each at its recorded time${at}`;
}

/** The device in words: preset or model, scheduler. */
export function describeDevice(file: ValidateFile): string {
  const what = file.device.preset === undefined ? `model ${file.device.model}` : `preset ${file.device.preset} (${file.device.model} model)`;
  return `${what}, ${file.device.scheduler} scheduler${file.device.source.startsWith('--') ? '' : `, from ${file.device.source}`}`;
}

const milliseconds = (value: number): string => value.toFixed(3);
const signedPercent = (value: number | null): string => (value === null ? 'n/a' : `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`);

function categoryLines(name: string, figures: CategoryFile): string[] {
  const label = LABELS[name]!.padEnd(8);
  if (figures.recordedMs === null || figures.simulatedMs === null || figures.relativeError === null) return [`  ${label}${formatCount(0).padStart(9)}  none`];
  const row = (title: string, cells: string[]): string => `${title.padEnd(11)}${cells.map((cell) => cell.padStart(10)).join('')}`;
  const recorded = figures.recordedMs;
  const simulated = figures.simulatedMs;
  const errors = figures.relativeError;
  const percent = figures.demeritPercent === null ? '' : ` (${figures.demeritPercent.toFixed(1)} % of the recorded mean)`;
  return [
    `  ${label}${formatCount(figures.count).padStart(9)}  ${row('recorded', FIGURES.map((figure) => milliseconds(recorded[figure])))}`,
    `  ${''.padEnd(8)}${''.padStart(9)}  ${row('simulated', FIGURES.map((figure) => milliseconds(simulated[figure])))}`,
    `  ${''.padEnd(8)}${''.padStart(9)}  ${row('error', FIGURES.map((figure) => signedPercent(errors[figure])))}`,
    `  ${''.padEnd(8)}${''.padStart(9)}  demerit ${milliseconds(figures.demeritMs ?? 0)} ms${percent}`,
  ];
}

/** The summary printed on stdout. */
export function renderValidateSummary(file: ValidateFile, wallSeconds: number, outDir: string, files: readonly string[]): string {
  const header = `  ${''.padEnd(8)}${'requests'.padStart(9)}  ${''.padEnd(11)}${FIGURES.map((figure) => `${figure} ms`.padStart(10)).join('')}`;
  return [
    `cowsim validate: ${file.trace.file}`,
    `trace       ${file.trace.format}, ${formatCount(file.trace.requests)} requests (${formatCount(file.trace.reads)} reads, ${formatCount(file.trace.writes)} writes)${file.trace.unmatchedEvents ? `, ${formatCount(file.trace.unmatchedEvents)} events left unpaired` : ''}`,
    `issued      ${describeIssue(file)}`,
    `device      ${describeDevice(file)}`,
    `time        ${formatSeconds(file.simulatedSeconds)} simulated in ${formatSeconds(wallSeconds)} wall`,
    'response times, recorded against simulated (error: simulated / recorded - 1)',
    header,
    ...CATEGORIES.flatMap((name) => categoryLines(name, file[name])),
    `written to  ${outDir}`,
    `            ${files.join(', ')}`,
  ].join('\n');
}

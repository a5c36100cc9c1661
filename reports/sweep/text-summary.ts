/**
 * The sweep's few lines on the terminal: one row per point with the headline figures' means and
 * intervals, then what to know before comparing them (sweep-warnings.ts).
 */
import { aggregateSweep, measuredRunsNote } from './aggregate.js';
import { formatSweepValue } from './grid.js';
import type { SweepFile } from './sweep-file.js';
import { sweepWarnings } from './sweep-warnings.js';
import { timeUnit } from './time-unit.js';

const HEADLINE = ['iops', 'latency.read.p99', 'latency.write.p99', 'cow.copies'] as const;
const SIGNIFICANT = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });

/** A plain-text table of the points (at most `maxRows`, then a count of the rest). */
export function sweepTextTable(file: SweepFile, maxRows = 40): string {
  const { points } = aggregateSweep(file);
  const paths = file.parameters.map((parameter) => parameter.path);
  const figures = HEADLINE.filter((figure) => points.some((point) => (point.intervals[figure]?.mean ?? 0) !== 0));
  // Latencies (microseconds in summary.json) in one readable unit per column: ms, not "800k us".
  const units = figures.map((figure) => (figure.startsWith('latency.') ? timeUnit(Math.max(...points.map((point) => Math.abs(point.intervals[figure]?.mean ?? 0)))) : undefined));
  const header = [...paths, ...figures.map((figure, column) => `${figure}${units[column] ? ` ${units[column]!.name}` : ''} (95% CI)`), 'failed'];
  const body = points.slice(0, maxRows).map((point) => [
    ...paths.map((path) => formatSweepValue(point.values[path]!)),
    ...figures.map((figure, column) => {
      const interval = point.intervals[figure];
      if (interval === undefined) return '—';
      const scale = units[column]?.perMicrosecond ?? 1;
      const mean = SIGNIFICANT.format(interval.mean * scale);
      const text = Number.isFinite(interval.halfWidth) ? `${mean} ± ${SIGNIFICANT.format(interval.halfWidth * scale)}` : mean;
      return `${text}${measuredRunsNote(interval, point)}`;
    }),
    String(point.failedReplications),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column < paths.length ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  const lines = [line(header), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)];
  if (points.length > maxRows) lines.push(`... and ${points.length - maxRows} more points (all in sweep.csv)`);
  for (const warning of sweepWarnings(file)) lines.push(`warning: ${warning}`);
  return lines.join('\n');
}


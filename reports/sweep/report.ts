/**
 * The sweep's report.html: each charted key figure against the first swept field, means with 95 %
 * confidence-interval error bars, one series per combination of the other swept fields; then the
 * points with their intervals and every replication's seed and verdict. Deterministic: a merged
 * sweep gives the same page as the sweep run on one machine.
 */
import { timeUnit } from './time-unit.js';
import { errorBarChart, type ErrorBarSeries } from '../charts/index.js';
import { chartFigure, chartGrid, htmlPage, htmlTable, paragraph, verdictBanner, type PageSection } from '../html/index.js';
import { aggregateSweep, measuredRunsNote, SWEEP_CONFIDENCE, type PointIntervals } from './aggregate.js';
import { describeSweepPoint, formatSweepValue, type SweepValue } from './grid.js';
import { CHARTED_FIGURES } from './key-figures.js';
import { SWEEP_CSV, SWEEP_JSON, type SweepFile } from './sweep-file.js';
import { sweepWarnings } from './sweep-warnings.js';

const SIGNIFICANT = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });

/** The report page of a whole (or merged) sweep. */
export function renderSweepReport(file: SweepFile): string {
  const { points } = aggregateSweep(file);
  const runs = file.points.reduce((sum, point) => sum + point.replications.length, 0);
  const failed = points.reduce((sum, point) => sum + point.failedReplications, 0);
  const [xParameter, ...others] = file.parameters;
  const charted = CHARTED_FIGURES.filter(({ figure }) => points.some((point) => (point.intervals[figure]?.mean ?? 0) !== 0));
  const sections: PageSection[] = [
    {
      heading: 'Grid',
      html: [
        htmlTable(
          file.parameters.map((parameter) => ({ field: parameter.path, values: parameter.values.map(formatSweepValue).join(', '), count: parameter.values.length })),
          [
            { key: 'field', label: 'swept field' },
            { key: 'values', label: 'values' },
            { key: 'count', label: 'count' },
          ],
        ),
        paragraph(
          `${file.pointCount} points, ${file.replications} replication${file.replications === 1 ? '' : 's'} each with seeds derived from base seed ${file.seed} (replication r uses the same seed at every point). Intervals are ${SWEEP_CONFIDENCE * 100} % Student-t confidence intervals of the mean over the replications${file.replications < 2 ? '; one replication gives no interval' : ''}.`,
        ),
      ].join('\n'),
    },
  ];
  if (xParameter !== undefined && charted.length > 0) {
    const numeric = xParameter.values.every((value) => typeof value === 'number');
    const numbers = xParameter.values as readonly number[];
    const xLog = numeric && numbers.every((value) => value > 0) && Math.max(...numbers) / Math.min(...numbers) >= 16;
    const figures = charted.map(({ figure, label: labelUs }, index) => {
      // Latencies (µs in summary.json) in the unit their largest mean reads best in.
      const unit = labelUs.endsWith('(µs)') ? timeUnit(Math.max(...points.map((point) => Math.abs(point.intervals[figure]?.mean ?? 0)))) : undefined;
      const label = unit === undefined ? labelUs : labelUs.replace(/\(µs\)$/, `(${unit.name})`);
      return chartFigure(
        errorBarChart({
          title: label,
          subtitle: figure,
          xName: xParameter.path,
          yName: label,
          series: chartSeries(points, xParameter.path, others.map((parameter) => parameter.path), figure, label, unit?.perMicrosecond ?? 1),
          xLog,
          // Every charted figure is a rate, a time or a count: none goes below zero, whatever an interval's low end says.
          nonNegative: true,
          idPrefix: `sweep-${index}`,
        }),
        `${figure}: mean of ${file.replications} replication${file.replications === 1 ? '' : 's'} per point${file.replications > 1 ? ` with its ${SWEEP_CONFIDENCE * 100} % confidence interval` : ''}.`,
      );
    });
    sections.push({ heading: `Figures against ${xParameter.path}`, html: chartGrid(figures) });
  }
  sections.push({ heading: 'Points', html: pointsTable(file, points, charted.map(({ figure }) => figure)) });
  sections.push({ heading: 'Replications', html: replicationsTable(file) });
  return htmlPage({
    title: `Sweep: ${file.scenario.name}`,
    subtitle: `${file.scenario.source} · ${file.parameters.map((parameter) => parameter.path).join(' × ')} · ${file.pointCount} points × ${file.replications} replications`,
    lead:
      verdictBanner(
        failed === 0 ? 'pass' : 'fail',
        failed === 0
          ? `correctness verified in all ${runs} runs: every snapshot view and the live view held what they should`
          : `${failed} of ${runs} runs failed the correctness check; see the replications below`,
      ) + sweepWarnings(file).map((warning) => paragraph(`Warning: ${warning}`)).join('\n'),
    sections,
    footer: `Every key figure with its interval is in ${SWEEP_CSV}; each replication's summary in ${SWEEP_JSON}.`,
  });
}

function chartSeries(points: readonly PointIntervals[], xPath: string, otherPaths: readonly string[], figure: string, label: string, scale: number): ErrorBarSeries[] {
  const groups = new Map<string, PointIntervals[]>();
  for (const point of points) {
    const key = otherPaths.length === 0 ? label : describeSweepPoint(Object.fromEntries(otherPaths.map((path) => [path, point.values[path]!])));
    const group = groups.get(key) ?? [];
    group.push(point);
    groups.set(key, group);
  }
  return [...groups].map(([name, members]) => ({
    name,
    points: members
      .filter((point) => point.intervals[figure] !== undefined)
      .map((point) => {
        const interval = point.intervals[figure]!;
        return { x: xValue(point.values[xPath]!), mean: interval.mean * scale, low: interval.low * scale, high: interval.high * scale };
      }),
  }));
}

function xValue(value: SweepValue): number | string {
  return typeof value === 'number' ? value : formatSweepValue(value);
}

function formatInterval(mean: number, halfWidth: number): string {
  if (!Number.isFinite(halfWidth)) return SIGNIFICANT.format(mean);
  return `${SIGNIFICANT.format(mean)} ± ${SIGNIFICANT.format(halfWidth)}`;
}

function pointsTable(file: SweepFile, points: readonly PointIntervals[], figures: readonly string[]): string {
  const paths = file.parameters.map((parameter) => parameter.path);
  const rows = points.map((point) => {
    const row: Record<string, string | number> = { index: point.index };
    for (const path of paths) row[`p:${path}`] = formatSweepValue(point.values[path]!);
    for (const figure of figures) {
      const interval = point.intervals[figure];
      row[`f:${figure}`] = interval === undefined ? '—' : `${formatInterval(interval.mean, interval.halfWidth)}${measuredRunsNote(interval, point)}`;
    }
    row.failed = point.failedReplications;
    return row;
  });
  return htmlTable(rows, [
    { key: 'index', label: 'point' },
    ...paths.map((path) => ({ key: `p:${path}`, label: path })),
    ...figures.map((figure) => ({ key: `f:${figure}`, label: figure, align: 'right' as const })),
    { key: 'failed', label: 'failed runs', cellClass: (value) => (value === 0 ? 'pass' : 'fail') },
  ]);
}

function replicationsTable(file: SweepFile): string {
  const rows = file.points.flatMap((point) =>
    point.replications.map((replication) => ({
      point: point.index,
      values: describeSweepPoint(point.values),
      replication: replication.replication,
      seed: replication.seed,
      verdict: replication.verdict,
      mismatches: Number((replication.summary.correctness as { mismatches?: number } | undefined)?.mismatches ?? 0),
    })),
  );
  return htmlTable(rows, [
    { key: 'point', label: 'point' },
    { key: 'values', label: 'swept values' },
    { key: 'replication', label: 'replication' },
    { key: 'seed', label: 'seed', format: (value) => String(value) },
    { key: 'verdict', label: 'verdict', cellClass: (value) => (value === 'fail' ? 'fail' : 'pass') },
    { key: 'mismatches', label: 'mismatches' },
  ]);
}

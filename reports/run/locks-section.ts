/**
 * The locks section of report.html: how long the acquisitions that waited waited, the
 * acquisitions per purpose, and the lock figures of summary.json.
 */
import { barChart, latencyCdfChart } from '../charts/index.js';
import { chartFigure, chartGrid, formatCell, htmlTable, type TableColumn } from '../html/index.js';
import type { CdfPoints, RunResult } from '../../workloads/run-result.js';
import { formatFigureUs, percent } from './format.js';
import type { LockFiguresUs, RunSummary } from './summary.js';

/** Renders the locks section of a run's report.html. */
export function lockSectionHtml(result: RunResult, summary: RunSummary): string {
  const { locks } = summary;
  const contended = percent(locks.acquisitions === 0 ? 0 : locks.contended / locks.acquisitions);
  const points = result.lockWait.cdf;
  const purposes = Object.entries(locks.byPurpose) as [string, LockFiguresUs][];
  const purposeName = (purpose: string): string => (purpose === 'snapshotRead' ? 'snapshot read' : purpose);
  const waited = waitedCdf(points, locks.acquisitions, locks.contended);
  // The lock wait distribution has the shape of a latency CDF; only its axes are named for waits.
  const waitChart = latencyCdfChart(waited.length === 0 ? [] : [{ name: `${result.lockWait.policy} locks`, points: waited }], {
    title: 'Lock wait time of the acquisitions that waited',
    subtitle: `${formatCell(locks.contended)} of ${formatCell(locks.acquisitions)} acquisitions (${contended}) found the lock held`,
    latencyName: 'lock wait (log scale)',
    fractionName: 'fraction of waits ≤ wait time',
    idPrefix: 'run-lock-wait',
  });
  const charts = [
    chartFigure(waitChart, 'Among the chunk-lock acquisitions that had to wait, the fraction that waited at most a given time.'),
    chartFigure(
      barChart({
        title: 'Lock acquisitions per purpose',
        subtitle: `${locks.policy} locks`,
        categories: purposes.map(([purpose]) => purposeName(purpose)),
        series: [
          { name: 'uncontended', values: purposes.map(([, figures]) => figures.acquisitions - figures.contended) },
          { name: 'contended (waited)', values: purposes.map(([, figures]) => figures.contended) },
        ],
        yName: 'acquisitions',
        stacked: true,
        nonNegative: true,
        idPrefix: 'run-lock-purposes',
      }),
    ),
  ];
  const lockRows = [{ scope: 'all', ...locks }, ...purposes.map(([purpose, figures]) => ({ scope: purposeName(purpose), ...figures }))];
  const time = (key: keyof LockFiguresUs, label: string): TableColumn<(typeof lockRows)[number]> => ({
    key,
    label,
    align: 'right',
    format: (value) => formatFigureUs(value as number | null),
  });
  const table = htmlTable(
    lockRows,
    [
      'scope',
      { key: 'acquisitions', label: 'acquisitions' },
      { key: 'contended', label: 'contended' },
      time('waitMean', 'wait mean'),
      time('waitP50', 'wait p50'),
      time('waitP99', 'wait p99'),
      time('waitMax', 'wait max'),
      time('holdMean', 'hold mean'),
      time('holdP99', 'hold p99'),
      time('holdMax', 'hold max'),
      { key: 'maxQueue', label: 'max queue' },
    ],
    { caption: `${locks.policy} locks${locks.policy === 'striped' ? ` (${locks.stripes} stripes)` : ''}, at most ${formatCell(locks.maxLocks)} at once` },
  );
  return chartGrid(charts) + table;
}

/**
 * The wait-time CDF of the contended acquisitions alone, from the CDF over all acquisitions
 * (where the uncontended ones sit at 0, which a logarithmic axis cannot show).
 */
function waitedCdf(points: CdfPoints, acquisitions: number, contended: number): CdfPoints {
  if (acquisitions === 0 || contended === 0) return [];
  const zeroFraction = 1 - contended / acquisitions;
  return points
    .filter(([waitUs, fraction]) => waitUs > 0 && fraction > zeroFraction)
    .map(([waitUs, fraction]) => [waitUs, Math.min(1, (fraction - zeroFraction) / (1 - zeroFraction))]);
}

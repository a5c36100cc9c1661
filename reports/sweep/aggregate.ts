/**
 * Per point: the mean and 95 % Student-t confidence interval of every key figure over the
 * replications, and sweep.csv, one row per point.
 */
import { csvRowsText } from '../csv-cells.js';
import { figureIntervals, type ConfidenceInterval } from '../statistics/confidence-interval.js';
import { formatSweepValue, type SweepValue } from './grid.js';
import { keyFigures } from './key-figures.js';
import type { PointRecord, SweepFile } from './sweep-file.js';

/** Confidence level of every interval a sweep reports. */
export const SWEEP_CONFIDENCE = 0.95;

/** The intervals of one point. */
export interface PointIntervals {
  readonly index: number;
  readonly values: Readonly<Record<string, SweepValue>>;
  readonly intervals: Readonly<Record<string, ConfidenceInterval>>;
  /** Replications run at the point; an interval's `n` is smaller when some measured nothing for its figure. */
  readonly replications: number;
  /** Replications whose correctness verdict was fail. */
  readonly failedReplications: number;
}

/** Intervals of every point, and the figure names in first-seen order over the points. */
export function aggregateSweep(file: Pick<SweepFile, 'points'>): { figures: string[]; points: PointIntervals[] } {
  const figures: string[] = [];
  const seen = new Set<string>();
  const points = file.points.map((point) => {
    const replications = point.replications.map((replication) => keyFigures(replication.summary));
    for (const replication of replications) {
      for (const figure of Object.keys(replication)) {
        if (!seen.has(figure)) {
          seen.add(figure);
          figures.push(figure);
        }
      }
    }
    return {
      index: point.index,
      values: point.values,
      intervals: figureIntervals(replications, SWEEP_CONFIDENCE),
      replications: point.replications.length,
      failedReplications: point.replications.filter((replication) => replication.verdict === 'fail').length,
    };
  });
  return { figures, points };
}

/** ` (2 of 3 runs)` after a figure some replications of the point did not measure (null: no I/Os of the kind); empty otherwise. */
export function measuredRunsNote(interval: ConfidenceInterval, point: Pick<PointIntervals, 'replications'>): string {
  return interval.n < point.replications ? ` (${interval.n} of ${point.replications} runs)` : '';
}

/** The columns a figure gets in sweep.csv. */
export const FIGURE_COLUMN_SUFFIXES = ['mean', 'low', 'high', 'n'] as const;

/** sweep.csv: the swept fields, then `<figure>.mean,.low,.high,.n` for every key figure (text cells spreadsheet-safe). */
export function sweepCsv(file: Pick<SweepFile, 'points' | 'parameters'>): string {
  const { figures, points } = aggregateSweep(file);
  const paths = file.parameters.map((parameter) => parameter.path);
  const header = [...paths, ...figures.flatMap((figure) => FIGURE_COLUMN_SUFFIXES.map((suffix) => `${figure}.${suffix}`))];
  const rows = points.map((point) => [
    ...paths.map((path) => formatSweepValue(point.values[path]!)),
    ...figures.flatMap((figure) => {
      const interval = point.intervals[figure];
      if (interval === undefined) return ['', '', '', '0'];
      return [csvNumber(interval.mean), csvNumber(interval.low), csvNumber(interval.high), String(interval.n)];
    }),
  ]);
  return csvRowsText([header, ...rows]);
}

/** A number for sweep.csv: 12 significant digits (no float noise); NaN (one replication) as an empty cell. */
export function csvNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  const rounded = Number(value.toPrecision(12));
  return String(rounded === 0 ? 0 : rounded);
}

/** The points in index order (merge and the whole sweep write them this way). */
export function sortPoints(points: readonly PointRecord[]): PointRecord[] {
  return [...points].sort((a, b) => a.index - b.index);
}

/**
 * What a sweep's reader must know before comparing its points: points that took different numbers
 * of snapshots (a shorter run, a schedule swept, snapshots turned off, or preserve commands skipped
 * for want of a free snapshot image) measure different things; and the warnings of the runs
 * themselves, each once with the points that gave it. Derived from the points alone, so a merged
 * sweep warns exactly as the sweep run whole.
 */
import { describeSweepPoint, type SweepValue } from './grid.js';
import { snapshotsTaken } from './key-figures.js';
import type { PointRecord, SweepFile } from './sweep-file.js';

const SIGNIFICANT = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3, useGrouping: false });
/** Distinct snapshot counts named one by one; beyond, the range. */
const LISTED_COUNTS = 4;
/** Points named for one count or one run warning; more are counted. */
const LISTED_POINTS = 3;
/** Distinct run warnings repeated; more are counted. */
const LISTED_RUN_WARNINGS = 5;

/** The sweep's warnings, most important first; empty when there is nothing to say. */
export function sweepWarnings(file: Pick<SweepFile, 'points'>): string[] {
  return [...snapshotCountWarnings(file.points), ...runWarnings(file.points)];
}

/** "points took 8 and 5.33 snapshots on average (...): compare them knowing that", when they differ. */
function snapshotCountWarnings(points: readonly PointRecord[]): string[] {
  const byCount = new Map<number, PointRecord[]>();
  let skipped = 0;
  for (const point of points) {
    const counts = point.replications.map((replication) => snapshotsTaken(replication.summary)).filter((count): count is number => count !== undefined);
    if (counts.length === 0) continue;
    skipped += point.replications.reduce((sum, replication) => sum + skippedCommands(replication.summary), 0);
    // Rounded so that float noise does not split equal means.
    const mean = Number((counts.reduce((sum, count) => sum + count, 0) / counts.length).toPrecision(12));
    byCount.set(mean, [...(byCount.get(mean) ?? []), point]);
  }
  if (byCount.size < 2) return [];
  const counts = [...byCount.keys()].sort((a, b) => b - a);
  const named =
    counts.length <= LISTED_COUNTS
      ? `${counts.slice(0, -1).map(format).join(', ')} and ${format(counts.at(-1)!)}`
      : `from ${format(counts[0]!)} down to ${format(counts.at(-1)!)}`;
  // The points of the fewest snapshots are the ones to look at.
  const fewest = byCount.get(counts.at(-1)!)!;
  const where = `${format(counts.at(-1)!)} at ${pointsText(fewest)}`;
  const why = skipped > 0 ? `; ${skipped} preserve commands were skipped in all because every snapshot image was in use` : '';
  return [`points took ${named} snapshots on average (${where}${why}): compare them knowing that`];
}

/** Each distinct warning of the runs once, with the points that gave it. */
function runWarnings(points: readonly PointRecord[]): string[] {
  const byText = new Map<string, PointRecord[]>();
  for (const point of points) {
    const texts = new Set(point.replications.flatMap((replication) => warningsOf(replication.summary)));
    for (const text of texts) byText.set(text, [...(byText.get(text) ?? []), point]);
  }
  const entries = [...byText];
  const shown = entries.slice(0, LISTED_RUN_WARNINGS).map(([text, where]) => `${where.length === points.length ? 'every point' : pointsText(where)}: ${text}`);
  if (entries.length > LISTED_RUN_WARNINGS) shown.push(`${entries.length - LISTED_RUN_WARNINGS} more kinds of run warning: see each replication's summary in sweep.json`);
  return shown;
}

function pointsText(points: readonly PointRecord[]): string {
  const named = points.slice(0, LISTED_POINTS).map((point) => (Object.keys(point.values).length === 0 ? `point ${point.index}` : describeSweepPoint(point.values as Readonly<Record<string, SweepValue>>)));
  const more = points.length > LISTED_POINTS ? ` and ${points.length - LISTED_POINTS} more points` : '';
  return `${named.join('; ')}${more}`;
}

function skippedCommands(summary: Readonly<Record<string, unknown>>): number {
  const skipped = (summary.schedule as { skipped?: unknown } | undefined)?.skipped;
  return typeof skipped === 'number' ? skipped : 0;
}

/** A run's warnings, a skipped-command warning without its counts and times (they differ from run to run; the snapshot counts carry them). */
function warningsOf(summary: Readonly<Record<string, unknown>>): string[] {
  const warnings = summary.warnings;
  if (!Array.isArray(warnings)) return [];
  return warnings
    .filter((warning): warning is string => typeof warning === 'string')
    .map((warning) => warning.replace(/^\d+ of \d+ preserve commands? (?:was|were) skipped, at [^:]*: (.*)$/, 'preserve commands were skipped: $1'));
}

function format(value: number): string {
  return SIGNIFICANT.format(value);
}

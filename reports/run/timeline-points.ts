/**
 * The run's timeline as chart input: per-interval figures as step points, and the preserve
 * commands as markers; shared by the sections of report.html.
 */
import type { TimeMarker } from '../charts/index.js';
import type { RunResult, TimelineRow } from '../../workloads/run-result.js';

/** Preserve commands labelled in full up to this many; beyond, just the snapshot (`s7`) so that labels do not collide. */
const FULL_MARKER_LABELS = 6;

/** The preserve commands as markers on time charts. */
export function timeMarkers(result: RunResult): TimeMarker[] {
  const full = result.preserves.length <= FULL_MARKER_LABELS;
  return result.preserves
    .map((event) => ({ atSeconds: event.atSeconds, label: full ? `preserve s${event.snapshotId}` : `s${event.snapshotId}` }))
    .sort((a, b) => a.atSeconds - b.atSeconds);
}

/**
 * A per-interval figure as step points, with a closing point at the end of the last interval so
 * that it shows too. A null figure (an interval's p99 when nothing of its kind completed) is a gap.
 */
export function stepPoints(result: RunResult, pick: (row: TimelineRow) => number | null): [number, number][] {
  const { rows, intervalSeconds } = result.timeline;
  const value = (row: TimelineRow): number => pick(row) ?? Number.NaN;
  const points = rows.map((row): [number, number] => [row.atSeconds, value(row)]);
  const last = rows[rows.length - 1];
  if (last !== undefined) points.push([roundSeconds(last.atSeconds + intervalSeconds), value(last)]);
  return points;
}

/** A latency in µs in a chart's unit; null (nothing measured) stays null. */
export function inUnit(valueUs: number | null, divisor: number): number | null {
  return valueUs === null ? null : valueUs / divisor;
}

/**
 * Per-interval increments of a timeline figure that only grows while no snapshot is deleted (the
 * engine counts the copies of the snapshots that exist): a decrease is no increment, so a gap (NaN).
 */
export function perInterval(result: RunResult, pick: (row: TimelineRow) => number): (row: TimelineRow) => number {
  const increments = new Map<TimelineRow, number>();
  let previous = 0;
  for (const row of result.timeline.rows) {
    const increment = pick(row) - previous;
    increments.set(row, increment < 0 ? Number.NaN : increment);
    previous = pick(row);
  }
  return (row) => increments.get(row) ?? 0;
}

function roundSeconds(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

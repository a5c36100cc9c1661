/**
 * The snapshots section of report.html: snapshot store growth and copy-on-write activity over
 * time, and each snapshot's figures; a plain statement when the run took none.
 */
import { timeSeriesChart } from '../charts/index.js';
import { chartFigure, chartGrid, formatCell, htmlTable, keyValueTable, paragraph } from '../html/index.js';
import type { RunResult } from '../../workloads/run-result.js';
import { nothingToReadWarnings, skippedCommandWarnings } from '../../workloads/scenario/schedule-warnings.js';
import { snapshotsOff } from '../../workloads/scenario/snapshots-off.js';
import { formatFigureUs, formatSeconds, percent } from './format.js';
import type { RunSummary } from './summary.js';
import { perInterval, stepPoints, timeMarkers } from './timeline-points.js';

/** The run's warnings, each a paragraph that starts with "Warning:"; nothing when there is none. */
export function warningsHtml(warnings: readonly string[]): string {
  return warnings.map((warning) => paragraph(`Warning: ${warning}`)).join('\n');
}

/** Renders the snapshots section of a run's report.html. */
export function snapshotSectionHtml(result: RunResult, summary: RunSummary): string {
  if (snapshotsOff(result.scenario)) {
    return paragraph(
      'Snapshots are off in this run: the scenario gives no preserve command, so there is no snapshot view, no copy-on-write and no snapshot store use to show. ' +
        'The oracle checked the live view alone.',
    ) + warningsHtml(nothingToReadWarnings(result.scenario, result.workloads, result.simulatedNs));
  }
  const markers = timeMarkers(result);
  const capacity = summary.cow.storeChunksCapacity;
  const interval = formatSeconds(result.timeline.intervalSeconds);
  const charts = [
    chartFigure(
      timeSeriesChart({
        title: 'Snapshot store growth',
        subtitle: `chunks in use on the snapshot store, over all snapshots, of ${formatCell(capacity)}`,
        yName: 'store chunks used (chunks)',
        series: [{ name: 'store chunks used', points: stepPoints(result, (row) => row.storeChunksUsed) }],
        markers,
        step: true,
        nonNegative: true,
        idPrefix: 'run-store-growth',
      }),
      'Each copy-on-write copy takes a chunk of a snapshot image; deleted snapshots give theirs back.',
    ),
    chartFigure(
      timeSeriesChart({
        title: 'Copy-on-write activity',
        subtitle: `copies and dual writes per ${interval} interval`,
        yName: `events per ${interval} interval`,
        series: [
          { name: 'CoW copies', points: stepPoints(result, perInterval(result, (row) => row.cowCopies)) },
          { name: 'dual writes', points: stepPoints(result, perInterval(result, (row) => row.dualWrites)) },
        ],
        markers,
        step: true,
        nonNegative: true,
        idPrefix: 'run-cow-activity',
      }),
      'A dual write: a write received before a preserve command that reached a chunk already copied; it goes to both images. ' +
        'Gaps: a snapshot was deleted, taking its copies out of the count.',
    ),
  ];
  const snapshotRows = summary.snapshots.map((snapshot) => {
    const preserve = summary.preserves.find((event) => event.snapshotId === snapshot.id);
    return {
      ...snapshot,
      storeUse: snapshot.storeChunksCapacity === 0 ? '—' : percent(snapshot.storeChunksUsed / snapshot.storeChunksCapacity),
      longestInFlight: formatFigureUs(preserve?.longestInFlightIoUs),
      inFlight: preserve?.inFlight,
    };
  });
  const snapshotTable =
    snapshotRows.length === 0
      ? paragraph('No snapshot was taken in this run.')
      : htmlTable(
          snapshotRows,
          [
            'id',
            { key: 'takenAtSeconds', label: 'taken at (s)' },
            ...(summary.snapshots.some((snapshot) => snapshot.deletedAtSeconds !== null)
              ? [{ key: 'deletedAtSeconds', label: 'deleted at (s)', align: 'right' as const }]
              : []),
            { key: 'cowCopies', label: 'CoW copies' },
            { key: 'dualWrites', label: 'dual writes' },
            { key: 'storeChunksUsed', label: 'store chunks used' },
            { key: 'storeUse', label: 'of its image', align: 'right' },
            { key: 'inFlight', label: 'in flight' },
            { key: 'longestInFlight', label: 'longest in flight', align: 'right' },
            // A snapshot deleted on schedule is not valid any more, but nothing went wrong.
            { key: 'valid', label: 'valid', cellClass: (value, row) => (value === false && row.deletedAtSeconds === null ? 'fail' : undefined) },
            { key: 'reason', label: 'note', format: (value, row) => (value === '' ? String(row.state) : formatCell(value)) },
          ],
          {
            caption:
              'snapshots; "in flight": I/Os in flight when the preserve command arrived; "longest in flight": the longest of them from arrival to completion ' +
              (result.scenario.engine.strategy === 'quiesce' ? '(not the time quiesce held later writes)' : '(not a pause: nothing is held or drained)'),
          },
        );
  // A skipped command took no snapshot, so the table below cannot show it.
  const skipped = warningsHtml(skippedCommandWarnings(result.schedule, result.scenario.snapshots));
  const cowTable = keyValueTable(
    {
      'chunks copied (CoW copies)': summary.cow.copies,
      'dual writes': summary.cow.dualWrites,
      'origin chunk reads for copies': summary.cow.copyReads,
      'snapshot image data writes': summary.cow.imageWrites,
      'snapshot image verified reads': summary.cow.imageReads,
      'metadata writes': summary.cow.metadataWrites,
      'metadata read-backs': summary.cow.metadataReads,
      flushes: summary.cow.flushes,
      'store chunks used': summary.cow.storeChunksUsed,
      'store chunks available': summary.cow.storeChunksCapacity,
    },
    { caption: 'copy-on-write cost over all snapshots' },
  );
  return chartGrid(charts) + skipped + snapshotTable + cowTable;
}

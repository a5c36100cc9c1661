/**
 * report.html of one run: a self-contained page (inline SVG charts, inline CSS, no scripts, no
 * network) with the verdict at the top, the headline figures, the charts a storage engineer
 * looks at first, the tables of summary.json and the scenario echoed back.
 */
import {
  barChart,
  formatLatencyUs,
  latencyCdfChart,
  timeSeriesChart,
  type LatencyCdfSeries,
  type TimeMarker,
  type TimeSeries,
} from '../charts/index.js';
import {
  chartFigure,
  chartGrid,
  escapeHtml,
  formatCell,
  htmlPage,
  htmlTable,
  keyValueTable,
  paragraph,
  preBlock,
  verdictBanner,
  type CellValue,
  type PageSection,
  type TableColumn,
} from '../html/index.js';
import { ioKinds, type CdfPoints, type IoKind, type RunResult, type TimelineRow } from '../../workloads/run-result.js';
import { nothingToReadWarnings, skippedCommandWarnings } from '../../workloads/scenario/schedule-warnings.js';
import { snapshotsOff } from '../../workloads/scenario/snapshots-off.js';
import { yamlModule } from '../../workloads/yaml-or-json.js';
import { baselineHeadlineHtml, baselineVerdictHtml } from './baseline-html.js';
import { faultSectionHtml } from './faults-section.js';
import { formatBytes, formatRate, formatSeconds, percent } from './format.js';
import type { LatencyFiguresUs, LockFiguresUs, RunSummary } from './summary.js';

/** Mismatches listed in detail at the top of a failed run's report. */
const MISMATCH_ROWS = 10;

const operationNames: Record<IoKind, string> = { read: 'read', write: 'write', snapshotRead: 'snapshot read' };

/** Renders report.html of a run from its result and its summary (buildSummary). */
export function renderRunReport(result: RunResult, summary: RunSummary): string {
  const sections: PageSection[] = [
    { heading: 'Headline', id: 'headline', html: headlineHtml(result, summary) },
    { heading: 'Latency', id: 'latency', html: latencySectionHtml(result, summary) },
    { heading: 'Snapshots and copy-on-write', id: 'snapshots', html: snapshotSectionHtml(result, summary) },
    { heading: 'Locks', id: 'locks', html: lockSectionHtml(result, summary) },
    { heading: 'Devices', id: 'devices', html: deviceSectionHtml(result, summary) },
    { heading: 'Workloads and intake', id: 'workloads', html: workloadSectionHtml(summary) },
    { heading: 'Correctness', id: 'correctness', html: correctnessSectionHtml(result, summary) },
    ...(summary.faults === undefined ? [] : [{ heading: 'Faults', id: 'faults', html: faultSectionHtml(result, summary.faults) }]),
    { heading: 'Scenario', id: 'scenario', html: scenarioHtml(result) },
  ];
  return htmlPage({
    title: `cowsim run: ${summary.scenario}`,
    subtitle: subtitle(result, summary),
    lead: verdictHtml(result, summary) + baselineVerdictHtml(summary),
    sections,
    footer: `Reproduce: ${summary.correctness.reproduce} · ${formatCell(summary.events)} simulation events in ${summary.wallSeconds} s of wall time`,
  });
}

function subtitle(result: RunResult, summary: RunSummary): string {
  const { origin, snapshotStore } = result.scenario.devices;
  const device = (entry: typeof origin): string => (entry.preset === undefined ? entry.model : `${entry.model} (${entry.preset})`);
  return [
    `seed ${summary.seed}`,
    `${summary.simulatedSeconds} simulated s`,
    `origin ${device(origin)}, snapshot store ${device(snapshotStore)}`,
    `${summary.locks.policy} locks`,
    `${formatBytes(result.scenario.volume.chunkSizeBytes)} chunks over ${formatBytes(result.scenario.volume.blockSizeBytes)} blocks`,
  ].join(' · ');
}

/** The verdict banner; on failure the first mismatches and the command that reproduces the run. */
function verdictHtml(result: RunResult, summary: RunSummary): string {
  const { correctness } = summary;
  if (correctness.verdict === 'skipped') {
    return `<div class="verdict" role="status"><span class="word">NOT VERIFIED</span><span>${escapeHtml(
      'verification is off in this scenario: nothing was checked',
    )}</span></div>`;
  }
  const checked = `${formatCell(correctness.checkedBlocks)} blocks and ${formatCell(correctness.checkedReads)} reads checked`;
  if (correctness.verdict === 'pass') return verdictBanner('pass', `correctness: ${checked}, no mismatches`);
  const details = result.correctness.details.slice(0, MISMATCH_ROWS);
  const shown =
    details.length < correctness.mismatches ? `the first ${details.length} of ${formatCell(correctness.mismatches)} mismatches` : 'the mismatches';
  return [
    verdictBanner('fail', `correctness: ${formatCell(correctness.mismatches)} mismatches (${checked})`),
    details.length === 0
      ? ''
      : htmlTable(
          details.map((mismatch) => ({ ...mismatch })),
          [
            { key: 'view', label: 'view' },
            { key: 'block', label: 'block', align: 'right' },
            { key: 'when', label: 'when' },
            { key: 'expected', label: 'expected (writer, sequence)' },
            { key: 'found', label: 'found' },
          ],
          { caption: shown },
        ),
    preBlock(correctness.reproduce, 'Reproduce this run exactly with'),
  ].join('\n');
}

/** What the headline's "longest I/O in flight across a command" means, in one line, for the run's snapshot strategy. */
export function longestInFlightDefinition(strategy: string): string {
  const what = 'Longest I/O in flight across a command: of the I/Os that arrived before a preserve command and completed after it, the longest from arrival to completion.';
  return strategy === 'quiesce'
    ? `${what} It is not the pause: the writes quiesce held arrived after the command and are not counted here (the strategy's figures give the time held).`
    : `${what} It is not a pause: the ${strategy} strategy holds and drains nothing, so this is the slowest I/O a command happened to find in flight.`;
}

function headlineHtml(result: RunResult, summary: RunSummary): string {
  const off = snapshotsOff(result.scenario);
  const longestUs = Math.max(0, ...summary.preserves.map((event) => event.longestInFlightIoUs));
  // With snapshots off there is nothing to count: a dash, not a zero that reads as a measurement.
  const ifOn = (value: string | number): string | number => (off ? '—' : value);
  const row = {
    iops: formatRate(summary.iops),
    throughputMBps: formatRate(summary.throughputMBps),
    readP99: latencyText(summary.latency.read, 'p99'),
    writeP99: latencyText(summary.latency.write, 'p99'),
    snapshotReadP99: latencyText(summary.latency.snapshotRead, 'p99'),
    snapshots: off ? 'off' : summary.snapshots.length,
    cowCopies: ifOn(summary.cow.copies),
    dualWrites: ifOn(summary.cow.dualWrites),
    longestInFlight: summary.preserves.length === 0 ? '—' : formatLatencyUs(longestUs),
    lockContention: percent(summary.locks.acquisitions === 0 ? 0 : summary.locks.contended / summary.locks.acquisitions),
  };
  const right = 'right' as const;
  const table = htmlTable(
    [row],
    [
      { key: 'iops', label: 'IOPS', align: right },
      { key: 'throughputMBps', label: 'MB/s', align: right },
      { key: 'readP99', label: 'read p99', align: right },
      { key: 'writeP99', label: 'write p99', align: right },
      { key: 'snapshotReadP99', label: 'snapshot read p99', align: right },
      { key: 'snapshots', label: 'snapshots' },
      { key: 'cowCopies', label: 'CoW copies' },
      { key: 'dualWrites', label: 'dual writes' },
      { key: 'longestInFlight', label: 'longest I/O in flight across a command', align: right },
      { key: 'lockContention', label: 'lock waits contended', align: right },
    ],
    {
      caption: `${formatCell(summary.ios.total)} I/Os (${formatCell(summary.ios.reads)} reads of which ${formatCell(
        summary.ios.snapshotReads,
      )} snapshot reads, ${formatCell(summary.ios.writes)} writes) in ${summary.simulatedSeconds} simulated seconds`,
    },
  );
  const definition = summary.preserves.length === 0 ? '' : paragraph(longestInFlightDefinition(result.scenario.engine.strategy));
  // run --baseline: what the snapshots cost comes first, the baseline's figures after the run's.
  const baseline = baselineHeadlineHtml(result, summary);
  return baseline.sentence + table + baseline.table + definition + warningsHtml(summary.warnings ?? []);
}

/** The run's warnings, each a paragraph that starts with "Warning:"; nothing when there is none. */
function warningsHtml(warnings: readonly string[]): string {
  return warnings.map((warning) => paragraph(`Warning: ${warning}`)).join('\n');
}

function latencySectionHtml(result: RunResult, summary: RunSummary): string {
  const cdfSeries: LatencyCdfSeries[] = [];
  for (const workload of result.workloads) {
    for (const kind of ioKinds) {
      const points = workload.cdf[kind];
      if (points !== undefined && points.length > 0) cdfSeries.push({ name: `${workload.name} ${operationNames[kind]}`, points });
    }
  }
  const latencyRows = [
    ...ioKinds.map((kind) => ({ workload: 'all workloads', operation: operationNames[kind], ...summary.latency[kind] })),
    ...summary.workloads.flatMap((workload) =>
      ioKinds
        .filter((kind) => workload.latency[kind] !== undefined)
        .map((kind) => ({ workload: workload.name, operation: operationNames[kind], ...workload.latency[kind]! })),
    ),
  ];
  const perWorkload = latencyRows.filter((row) => row.workload !== 'all workloads' && row.count > 0);
  const barScale = latencyUnit(Math.max(0, ...perWorkload.map((row) => row.p999)));
  const rows = result.timeline.rows;
  const markers = timeMarkers(result);
  const interval = formatSeconds(result.timeline.intervalSeconds);
  const timeScale = latencyUnit(Math.max(0, ...rows.map((row) => Math.max(row.readP99Us, row.writeP99Us))));
  const charts = [
    chartFigure(
      latencyCdfChart(cdfSeries, {
        title: 'Latency CDF per workload and operation',
        subtitle: 'after ramp-up; a curve further left is faster',
        idPrefix: 'run-latency-cdf',
      }),
      'Fraction of I/Os completed within a latency (logarithmic axis); the tail is where the curves approach 100 %.',
    ),
    chartFigure(
      barChart({
        title: 'Latency percentiles per workload and operation',
        subtitle: 'after ramp-up',
        // Two-line category labels: long workload names fit under their bars.
        categories: perWorkload.map((row) => `${row.workload}\n${row.operation}`),
        series: [
          { name: 'p50', values: perWorkload.map((row) => row.p50 / barScale.divisor) },
          { name: 'p99', values: perWorkload.map((row) => row.p99 / barScale.divisor) },
          { name: 'p99.9', values: perWorkload.map((row) => row.p999 / barScale.divisor) },
        ],
        yName: `latency (${barScale.unit})`,
        idPrefix: 'run-latency-percentiles',
      }),
    ),
    chartFigure(
      timeSeriesChart({
        title: 'IOPS over time',
        subtitle: `per ${interval} interval, all workloads`,
        yName: 'IOPS',
        series: [{ name: 'IOPS', points: stepPoints(result, (row) => row.iops) }],
        markers,
        step: true,
        idPrefix: 'run-iops',
      }),
      result.preserves.length === 0 ? 'No preserve command in this run.' : 'Dashed lines: preserve commands (sN creates snapshot N).',
    ),
    chartFigure(
      timeSeriesChart({
        title: 'p99 latency over time',
        subtitle: `per ${interval} interval, of the I/Os completed in it`,
        yName: `p99 latency (${timeScale.unit})`,
        series: [
          { name: 'read p99', points: gapsForZero(stepPoints(result, (row) => row.readP99Us / timeScale.divisor)) },
          { name: 'write p99', points: gapsForZero(stepPoints(result, (row) => row.writeP99Us / timeScale.divisor)) },
        ],
        markers,
        step: true,
        idPrefix: 'run-p99',
      }),
      result.preserves.length === 0
        ? 'Gaps: no such I/O completed.'
        : 'Writes right after a preserve command pay for the copies; the spike shows how long that lasts. Gaps: no such I/O completed.',
    ),
  ];
  const table = htmlTable(
    latencyRows,
    [
      'workload',
      'operation',
      { key: 'count', label: 'I/Os' },
      ...(['mean', 'p50', 'p90', 'p99', 'p999', 'max'] as const).map((key) => ({
        key,
        label: key === 'p999' ? 'p99.9' : key,
        align: 'right' as const,
        format: (value: CellValue, row: LatencyFiguresUs) => (row.count === 0 ? '—' : formatLatencyUs(value as number)),
      })),
    ],
    { caption: 'latency per workload and operation, after ramp-up' },
  );
  return chartGrid(charts) + table;
}

function snapshotSectionHtml(result: RunResult, summary: RunSummary): string {
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
        yName: 'store chunks used',
        series: [{ name: 'store chunks used', points: stepPoints(result, (row) => row.storeChunksUsed) }],
        markers,
        step: true,
        idPrefix: 'run-store-growth',
      }),
      'Each copy-on-write copy takes a chunk of a snapshot image; deleted snapshots give theirs back.',
    ),
    chartFigure(
      timeSeriesChart({
        title: 'Copy-on-write activity',
        subtitle: `copies and dual writes per ${interval} interval`,
        yName: 'per interval',
        series: [
          { name: 'CoW copies', points: stepPoints(result, perInterval(result, (row) => row.cowCopies)) },
          { name: 'dual writes', points: stepPoints(result, perInterval(result, (row) => row.dualWrites)) },
        ],
        markers,
        step: true,
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
      longestInFlight: preserve === undefined ? '—' : formatLatencyUs(preserve.longestInFlightIoUs),
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

function lockSectionHtml(result: RunResult, summary: RunSummary): string {
  const { locks } = summary;
  const contended = percent(locks.acquisitions === 0 ? 0 : locks.contended / locks.acquisitions);
  const points = result.lockWait.cdf;
  const purposes = Object.entries(locks.byPurpose) as [string, LockFiguresUs][];
  const purposeName = (purpose: string): string => (purpose === 'snapshotRead' ? 'snapshot read' : purpose);
  const waited = waitedCdf(points, locks.acquisitions, locks.contended);
  const waitChart = relabelAxes(
    latencyCdfChart(waited.length === 0 ? [] : [{ name: `${result.lockWait.policy} locks`, points: waited }], {
      title: 'Lock wait time of the acquisitions that waited',
      subtitle: `${formatCell(locks.contended)} of ${formatCell(locks.acquisitions)} acquisitions (${contended}) found the lock held`,
      idPrefix: 'run-lock-wait',
    }),
    { 'fraction of I/Os ≤ latency': 'fraction of waits ≤ wait time', 'latency (log scale)': 'lock wait (log scale)' },
  );
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
        idPrefix: 'run-lock-purposes',
      }),
    ),
  ];
  const lockRows = [{ scope: 'all', ...locks }, ...purposes.map(([purpose, figures]) => ({ scope: purposeName(purpose), ...figures }))];
  const time = (key: keyof LockFiguresUs, label: string): TableColumn<(typeof lockRows)[number]> => ({
    key,
    label,
    align: 'right',
    format: (value) => formatLatencyUs(value as number),
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

function deviceSectionHtml(result: RunResult, summary: RunSummary): string {
  const names = summary.devices.map((device) => device.name);
  const markers = timeMarkers(result);
  const perDevice = (pick: (row: TimelineRow) => Record<string, number>, scale = 1): TimeSeries[] =>
    names.map((name) => ({ name: deviceLabel(summary, name), points: stepPoints(result, (row) => (pick(row)[name] ?? 0) * scale) }));
  const charts = [
    chartFigure(
      timeSeriesChart({
        title: 'Device utilisation over time',
        subtitle: 'share of each interval the device held at least one request',
        yName: 'utilisation (%)',
        series: perDevice((row) => row.utilization, 100),
        markers,
        step: true,
        idPrefix: 'run-device-utilization',
      }),
    ),
    chartFigure(
      timeSeriesChart({
        title: 'Device queue depth over time',
        subtitle: 'time-weighted mean requests in each device (host queue plus drive)',
        yName: 'requests',
        series: perDevice((row) => row.queueDepth),
        markers,
        step: true,
        idPrefix: 'run-device-queue-depth',
      }),
    ),
  ];
  const deviceRows = summary.devices.map((device) => ({
    name: device.name,
    role: device.role === 'snapshotStore' ? 'snapshot store' : device.role,
    model: device.preset ?? device.model,
    scheduler: device.scheduler,
    utilization: percent(device.utilization),
    iops: formatRate(device.iops),
    throughputMBps: formatRate(device.throughputMBps),
    meanQueueDepth: formatRate(device.meanQueueDepth),
    maxQueueDepth: device.maxQueueDepth,
    responseP50: formatLatencyUs(device.responseTime.p50),
    responseP99: formatLatencyUs(device.responseTime.p99),
    responseMax: formatLatencyUs(device.responseTime.max),
  }));
  const right = 'right' as const;
  const deviceTable = htmlTable(
    deviceRows,
    [
      'name',
      'role',
      { key: 'model', label: 'model / preset' },
      'scheduler',
      { key: 'utilization', label: 'busy', align: right },
      { key: 'iops', label: 'IOPS', align: right },
      { key: 'throughputMBps', label: 'MB/s', align: right },
      { key: 'meanQueueDepth', label: 'mean queue', align: right },
      { key: 'maxQueueDepth', label: 'max queue' },
      { key: 'responseP50', label: 'resp. p50', align: right },
      { key: 'responseP99', label: 'p99', align: right },
      { key: 'responseMax', label: 'max', align: right },
    ],
    { caption: 'devices; response time (resp.): queued to completed' },
  );
  // One table per device, side by side: the models report different figures.
  const figureTables = summary.devices
    .filter((device) => Object.keys(device.figures).length > 0)
    .map((device) =>
      keyValueTable(device.figures, { caption: deviceLabel(summary, device.name), keyLabel: 'model figure' }),
    );
  const figureTable = figureTables.length === 0 ? '' : chartGrid(figureTables);
  return chartGrid(charts) + deviceTable + figureTable;
}

function workloadSectionHtml(summary: RunSummary): string {
  const workloadRows = summary.workloads.map((workload) => ({
    name: workload.name,
    profile: workload.profile,
    target: workload.target === 'snapshot' ? 'snapshot view' : 'live view',
    ios: workload.ios,
    iops: formatRate(workload.iops),
    throughputMBps: formatRate(workload.throughputMBps),
    errors: Object.entries(workload.errors)
      .map(([reason, count]) => `${reason}: ${count}`)
      .join(', '),
  }));
  const workloadTable = htmlTable(
    workloadRows,
    [
      'name',
      'profile',
      { key: 'target', label: 'reads from' },
      { key: 'ios', label: 'I/Os' },
      { key: 'iops', label: 'IOPS', align: 'right' },
      { key: 'throughputMBps', label: 'MB/s', align: 'right' },
      { key: 'errors', label: 'failed I/Os', format: (value) => (value === '' ? 'none' : formatCell(value)) },
    ],
    { caption: 'workloads, after ramp-up' },
  );
  const { intake } = summary;
  const intakeTable =
    intake === null
      ? paragraph('No modelled intake: writes reach their chunk lock as soon as they are received.')
      : keyValueTable(
          {
            'writes admitted': intake.admitted,
            'admitted ahead of an earlier write': intake.reordered,
            'longest queue': intake.maxQueueLength,
            'queue time, mean': formatLatencyUs(intake.queueTime.mean),
            'queue time, p99': formatLatencyUs(intake.queueTime.p99),
            'receipt to lock, mean': formatLatencyUs(intake.intakeTime.mean),
            'receipt to lock, p99': formatLatencyUs(intake.intakeTime.p99),
            'receipt to lock, max': formatLatencyUs(intake.intakeTime.max),
          },
          { caption: 'intake: between receipt and the chunk lock' },
        );
  return workloadTable + intakeTable;
}

function correctnessSectionHtml(result: RunResult, summary: RunSummary): string {
  const { correctness } = summary;
  const table = keyValueTable({
    verdict: correctness.verdict,
    'blocks checked at the end': correctness.checkedBlocks,
    'reads checked as they returned': correctness.checkedReads,
    'reads with a write in flight (not defined)': correctness.uncheckedReads,
    mismatches: correctness.mismatches,
  });
  const details =
    result.correctness.details.length === 0
      ? ''
      : htmlTable(
          result.correctness.details.map((mismatch) => ({ ...mismatch })),
          ['view', 'block', 'when', 'expected', 'found'],
          { caption: `mismatches in detail (${result.correctness.details.length} of ${formatCell(correctness.mismatches)})` },
        );
  const checkedViews = snapshotsOff(result.scenario)
    ? 'Snapshots are off in this run: the live view alone is checked at the end, every read as it returns.'
    : 'Every valid snapshot view and the live view are checked at the end, every read as it returns.';
  return (
    paragraph(
      'The oracle: a snapshot view holds, for each block, the last write received before its preserve command; ' +
        `the live view the last write received. ${checkedViews}`,
    ) +
    table +
    details +
    preBlock(correctness.reproduce, 'Reproduce this run with')
  );
}

function scenarioHtml(result: RunResult): string {
  const { scenario } = result;
  const yaml = yamlModule().stringify(scenario.parsed, { lineWidth: 100 });
  const description = scenario.description === '' ? '' : paragraph(scenario.description);
  return description + preBlock(yaml, `${scenario.source}, as parsed: sizes in bytes, times in nanoseconds`);
}

/** Preserve commands labelled in full up to this many; beyond, just the snapshot (`s7`) so that labels do not collide. */
const FULL_MARKER_LABELS = 6;

/** The preserve commands as markers on time charts. */
function timeMarkers(result: RunResult): TimeMarker[] {
  const full = result.preserves.length <= FULL_MARKER_LABELS;
  return result.preserves
    .map((event) => ({ atSeconds: event.atSeconds, label: full ? `preserve s${event.snapshotId}` : `s${event.snapshotId}` }))
    .sort((a, b) => a.atSeconds - b.atSeconds);
}

/** A per-interval figure as step points, with a closing point at the end of the last interval so that it shows too. */
function stepPoints(result: RunResult, pick: (row: TimelineRow) => number): [number, number][] {
  const { rows, intervalSeconds } = result.timeline;
  const points = rows.map((row): [number, number] => [row.atSeconds, pick(row)]);
  const last = rows[rows.length - 1];
  if (last !== undefined) points.push([roundSeconds(last.atSeconds + intervalSeconds), pick(last)]);
  return points;
}

/**
 * Per-interval increments of a timeline figure that only grows while no snapshot is deleted (the
 * engine counts the copies of the snapshots that exist): a decrease is no increment, so a gap (NaN).
 */
function perInterval(result: RunResult, pick: (row: TimelineRow) => number): (row: TimelineRow) => number {
  const increments = new Map<TimelineRow, number>();
  let previous = 0;
  for (const row of result.timeline.rows) {
    const increment = pick(row) - previous;
    increments.set(row, increment < 0 ? Number.NaN : increment);
    previous = pick(row);
  }
  return (row) => increments.get(row) ?? 0;
}

/** Zeros as gaps (NaN): a per-interval p99 of 0 means no such I/O completed in the interval. All zeros stay zeros. */
function gapsForZero(points: [number, number][]): [number, number][] {
  if (points.every(([, value]) => value === 0)) return points;
  return points.map(([time, value]) => [time, value === 0 ? Number.NaN : value]);
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

/**
 * Renames axis titles of a chart: latencyCdfChart names its axes for I/O latency, and the lock wait
 * distribution has the same shape. Only whole text elements are replaced.
 */
function relabelAxes(svg: string, names: Readonly<Record<string, string>>): string {
  let result = svg;
  for (const [from, to] of Object.entries(names)) result = result.split(`>${escapeHtml(from)}</text>`).join(`>${escapeHtml(to)}</text>`);
  return result;
}

function deviceLabel(summary: RunSummary, name: string): string {
  const device = summary.devices.find((entry) => entry.name === name);
  return device === undefined ? name : `${name} (${device.model})`;
}

/** The unit that keeps latency axis labels short: ms once latencies reach 10 ms. */
function latencyUnit(maxUs: number): { unit: string; divisor: number } {
  return maxUs >= 10_000 ? { unit: 'ms', divisor: 1000 } : { unit: 'µs', divisor: 1 };
}

function latencyText(latency: LatencyFiguresUs, key: 'p50' | 'p99' | 'max'): string {
  return latency.count === 0 ? '—' : formatLatencyUs(latency[key]);
}

function roundSeconds(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

/**
 * report.html of one run: a self-contained page (inline SVG charts, inline CSS, no scripts, no
 * network) with the verdict at the top, the headline figures, the charts a storage engineer
 * looks at first, the tables of summary.json and the scenario echoed back.
 */
import { timeSeriesChart, type TimeSeries } from '../charts/index.js';
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
  type PageSection,
} from '../html/index.js';
import type { RunResult, TimelineRow } from '../../workloads/run-result.js';
import { snapshotsOff } from '../../workloads/scenario/snapshots-off.js';
import { yamlModule } from '../../workloads/yaml-or-json.js';
import { baselineHeadlineHtml, baselineVerdictHtml } from './baseline-html.js';
import { faultSectionHtml } from './faults-section.js';
import { formatBytes, formatFigureUs, formatRate, percent } from './format.js';
import { latencySectionHtml } from './latency-section.js';
import { lockSectionHtml } from './locks-section.js';
import { snapshotSectionHtml, warningsHtml } from './snapshots-section.js';
import { longestInFlightPreserve, type LatencyFiguresUs, type RunSummary } from './summary.js';
import { stepPoints, timeMarkers } from './timeline-points.js';

/** Mismatches listed in detail at the top of a failed run's report. */
const MISMATCH_ROWS = 10;

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
  const longest = longestInFlightPreserve(summary.preserves);
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
    longestInFlight: formatFigureUs(longest?.longestInFlightIoUs),
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
        nonNegative: true,
        idPrefix: 'run-device-utilization',
      }),
    ),
    chartFigure(
      timeSeriesChart({
        title: 'Device queue depth over time',
        subtitle: 'time-weighted mean requests in each device (host queue plus drive)',
        yName: 'queue depth (requests)',
        series: perDevice((row) => row.queueDepth),
        markers,
        step: true,
        nonNegative: true,
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
    responseP50: formatFigureUs(device.responseTime.p50),
    responseP99: formatFigureUs(device.responseTime.p99),
    responseMax: formatFigureUs(device.responseTime.max),
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
            'queue time, mean': formatFigureUs(intake.queueTime.mean),
            'queue time, p99': formatFigureUs(intake.queueTime.p99),
            'receipt to lock, mean': formatFigureUs(intake.intakeTime.mean),
            'receipt to lock, p99': formatFigureUs(intake.intakeTime.p99),
            'receipt to lock, max': formatFigureUs(intake.intakeTime.max),
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

function deviceLabel(summary: RunSummary, name: string): string {
  const device = summary.devices.find((entry) => entry.name === name);
  return device === undefined ? name : `${name} (${device.model})`;
}

function latencyText(latency: LatencyFiguresUs, key: 'p50' | 'p99' | 'max'): string {
  return formatFigureUs(latency[key]);
}

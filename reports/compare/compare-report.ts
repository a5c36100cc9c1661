/**
 * The comparison's report.html: the headline, the arms side by side, every arm's latency CDFs on
 * one chart per operation, the timeline of every arm with the preserve commands marked, and the
 * stall of each command. Self-contained (reports/html: inline CSS and SVG, no scripts).
 */
import { formatLatencyUs } from '../charts/index.js';
import { chartFigure, chartGrid, formatCell, htmlPage, htmlTable, paragraph, verdictBanner, type PageSection } from '../html/index.js';
import { formatBytes, formatFigureUs } from '../run/format.js';
import type { LatencyFiguresUs } from '../run/summary.js';
import type { ComparisonRuns } from './arms.js';
import { armsCdfChart, throughputTimeline, writeP99Timeline } from './compare-charts.js';
import { COMPARE_CSV, COMPARE_JSON, overallVerdict, type CompareArm, type CompareFile } from './compare-file.js';
import { ratioChange, ratioHalfWidth, signedLatency, withInterval } from './format.js';
import { compareHeadline } from './headline.js';

/** Stall rows shown on the page; compare.csv and compare.json hold them all. */
const STALL_ROWS_SHOWN = 200;

const latency = (value: number): string => formatLatencyUs(value);
const latencyOf = (figures: LatencyFiguresUs, key: 'p50' | 'p99'): string => formatFigureUs(figures[key]);
const perWrite = (value: number | null): string => (value === null ? '—' : value.toFixed(3));

function armsTable(file: CompareFile): string {
  const rows = file.arms.map((arm) => {
    const versus = arm.versusBaseline;
    return {
      arm: arm.name,
      verdict: arm.verdict,
      iops: arm.iops,
      throughput: arm.throughputMBps,
      live: arm.liveThroughputMBps,
      ratio: versus === undefined ? 'baseline' : withInterval(versus.throughputRatio, ratioChange, ratioHalfWidth),
      writeP99: latencyOf(arm.latency.write, 'p99'),
      writeDelta: versus === undefined ? 'baseline' : withInterval(versus.latencyDeltaUs.write.p99, signedLatency, latency),
      readP99: latencyOf(arm.latency.read, 'p99'),
      readDelta: versus === undefined ? 'baseline' : withInterval(versus.latencyDeltaUs.read.p99, signedLatency, latency),
    };
  });
  return htmlTable(rows, [
    { key: 'arm', label: 'arm' },
    { key: 'verdict', label: 'verdict', cellClass: (value) => (value === 'fail' ? 'fail' : 'pass') },
    { key: 'iops', label: 'IOPS' },
    { key: 'throughput', label: 'MB/s' },
    { key: 'live', label: 'live MB/s' },
    { key: 'ratio', label: 'live MB/s vs baseline', align: 'right' },
    { key: 'writeP99', label: 'write p99', align: 'right' },
    { key: 'writeDelta', label: 'vs baseline', align: 'right' },
    { key: 'readP99', label: 'read p99', align: 'right' },
    { key: 'readDelta', label: 'vs baseline', align: 'right' },
  ]);
}

function amplificationTable(file: CompareFile): string {
  const rows = file.arms.map((arm) => {
    const { origin, snapshotStore, applicationWrites } = arm.amplification;
    return {
      arm: arm.name,
      writes: applicationWrites,
      originReads: perWrite(origin.readsPerWrite),
      originWrites: perWrite(origin.writesPerWrite),
      originFlushes: perWrite(origin.flushesPerWrite),
      storeReads: perWrite(snapshotStore.readsPerWrite),
      storeWrites: perWrite(snapshotStore.writesPerWrite),
      storeFlushes: perWrite(snapshotStore.flushesPerWrite),
      snapshots: `${formatCell(arm.snapshots.taken)} taken, ${formatCell(arm.snapshots.skipped)} skipped`,
      store: formatBytes(arm.store.bytesUsed),
    };
  });
  return htmlTable(
    rows,
    [
      { key: 'arm', label: 'arm' },
      { key: 'writes', label: 'application writes' },
      { key: 'originReads', label: 'origin reads', align: 'right' },
      { key: 'originWrites', label: 'origin writes', align: 'right' },
      { key: 'originFlushes', label: 'origin flushes', align: 'right' },
      { key: 'storeReads', label: 'store reads', align: 'right' },
      { key: 'storeWrites', label: 'store writes', align: 'right' },
      { key: 'storeFlushes', label: 'store flushes', align: 'right' },
      { key: 'snapshots', label: 'snapshots' },
      { key: 'store', label: 'store used', align: 'right' },
    ],
    { caption: 'Device requests per application write (origin reads include the applications\u2019 own reads: compare with the baseline), snapshots and snapshot store space' },
  );
}

function strategyTable(file: CompareFile): string {
  const rows = file.arms.flatMap((arm) => Object.entries(arm.strategyFigures).map(([figure, value]) => ({ arm: arm.name, figure, value })));
  const described = htmlTable(
    file.arms.map((arm) => ({ arm: arm.name, description: arm.description })),
    [
      { key: 'arm', label: 'arm' },
      { key: 'description', label: 'what it is' },
    ],
  );
  if (rows.length === 0) return described;
  return `${described}\n${htmlTable(rows, [{ key: 'arm', label: 'arm' }, { key: 'figure', label: 'strategy figure (times in µs)' }, { key: 'value', label: 'value' }])}`;
}

function stallSection(file: CompareFile): string {
  const strategies = file.arms.filter((arm): arm is CompareArm & { versusBaseline: NonNullable<CompareArm['versusBaseline']> } => arm.versusBaseline !== undefined);
  const summary = htmlTable(
    strategies.map((arm) => {
      const figures = arm.versusBaseline.stall.summary;
      return {
        arm: arm.name,
        worst: withInterval(figures.worstMaxExtraUs, signedLatency, latency),
        meanMax: withInterval(figures.meanMaxExtraUs, signedLatency, latency),
        mean: withInterval(figures.meanExtraUs, signedLatency, latency),
        taken: withInterval(figures.takenAfterMaxUs, latency),
      };
    }),
    [
      { key: 'arm', label: 'arm' },
      { key: 'worst', label: 'worst extra (any command)', align: 'right' },
      { key: 'meanMax', label: 'largest extra, mean over commands', align: 'right' },
      { key: 'mean', label: 'mean extra, mean over commands', align: 'right' },
      { key: 'taken', label: 'longest command to snapshot taken', align: 'right' },
    ],
  );
  const all = strategies.flatMap((arm) => arm.versusBaseline.stall.commands.map((row) => ({ arm: arm.name, ...row })));
  const shown = all.slice(0, STALL_ROWS_SHOWN);
  const optional = (format: (value: number) => string) => (value: unknown) => (typeof value === 'number' ? format(value) : '—');
  const commands = htmlTable(shown, [
    { key: 'arm', label: 'arm' },
    ...(file.replications > 1 ? [{ key: 'replication', label: 'replication' }] : []),
    { key: 'command', label: 'command' },
    { key: 'snapshotId', label: 'snapshot' },
    { key: 'atSeconds', label: 'at (s)' },
    { key: 'windowSeconds', label: 'window (s)' },
    { key: 'takenAfterUs', label: 'taken after', align: 'right', format: optional(latency) },
    { key: 'received', label: 'writes received' },
    { key: 'matched', label: 'matched' },
    { key: 'meanExtraUs', label: 'mean extra', align: 'right', format: optional(signedLatency) },
    { key: 'p99ExtraUs', label: 'p99 extra', align: 'right', format: optional(signedLatency) },
    { key: 'maxExtraUs', label: 'max extra', align: 'right', format: optional(signedLatency) },
    { key: 'sumExtraUs', label: 'sum extra', align: 'right', format: optional(signedLatency) },
  ]);
  const more = all.length > shown.length ? paragraph(`The first ${shown.length} of ${all.length} rows; ${COMPARE_CSV} and ${COMPARE_JSON} hold them all.`) : '';
  return [
    paragraph(
      `For each preserve command: the writes received in the ${formatLatencyUs(file.stallWindowSeconds * 1e6)} after it (or up to the next command, if sooner), ` +
        'each against the same write (same workload, same writer sequence) in the baseline of the same replication: how much longer it took. ' +
        'Writes with no settled twin in the baseline are not counted. "Taken after" is the time from the command until the strategy had taken the snapshot; quiesce holds new writes that long.',
    ),
    summary,
    commands,
    more,
  ].join('\n');
}

function replicationsTable(file: CompareFile): string {
  const rows = file.arms.flatMap((arm) => arm.replications.map((replication) => ({ arm: arm.name, ...replication })));
  return htmlTable(rows, [
    { key: 'arm', label: 'arm' },
    { key: 'replication', label: 'replication' },
    { key: 'seed', label: 'seed', format: (value) => String(value) },
    { key: 'verdict', label: 'verdict', cellClass: (value) => (value === 'fail' ? 'fail' : 'pass') },
    { key: 'mismatches', label: 'mismatches' },
    { key: 'iops', label: 'IOPS' },
    { key: 'throughputMBps', label: 'MB/s' },
    { key: 'liveThroughputMBps', label: 'live MB/s' },
  ]);
}

/** The report page of a comparison; `runs` gives the first replication's runs for the charts. */
export function renderCompareReport(file: CompareFile, runs: ComparisonRuns): string {
  const verdict = overallVerdict(file.arms.map((arm) => arm.verdict));
  const failed = file.arms.filter((arm) => arm.verdict === 'fail').map((arm) => arm.name);
  const banner = verdictBanner(
    verdict === 'fail' ? 'fail' : 'pass',
    verdict === 'fail'
      ? `correctness failed in ${failed.join(', ')}: see the replications below`
      : verdict === 'skipped'
        ? 'the scenario turned verification off: no arm was checked'
        : `correctness verified in every arm and replication (${file.arms.length} arms × ${file.replications})`,
  );
  const cdfs = [
    armsCdfChart(runs.arms, runs.firstRuns, 'write', 'Write latency CDF, every arm', 'compare-write-cdf'),
    armsCdfChart(runs.arms, runs.firstRuns, 'read', 'Read latency CDF, every arm', 'compare-read-cdf'),
    armsCdfChart(runs.arms, runs.firstRuns, 'snapshotRead', 'Snapshot read latency CDF', 'compare-snapshot-read-cdf'),
  ].flatMap((svg) => (svg === undefined ? [] : [chartFigure(svg)]));
  const sections: PageSection[] = [
    {
      heading: 'Arms',
      html: [
        paragraph(`${file.intervals}. An arm's own figures come from ${file.armFiguresFrom}; "vs baseline" figures are means over the replications, each replication against the baseline run with its seed.`),
        armsTable(file),
        amplificationTable(file),
      ].join('\n'),
    },
    { heading: 'Latency', html: chartGrid(cdfs) },
    {
      heading: 'Timeline',
      html: chartGrid([
        chartFigure(throughputTimeline(runs.arms, runs.firstRuns), 'All workloads, snapshot readers (a backup) included. Dashed lines: preserve commands (sN creates snapshot N).'),
        chartFigure(writeP99Timeline(runs.arms, runs.firstRuns), 'Gaps: no write completed in the interval.'),
      ]),
    },
    { heading: 'Stall', html: stallSection(file) },
    { heading: 'Strategies', html: strategyTable(file) },
    { heading: 'Replications', html: replicationsTable(file) },
  ];
  return htmlPage({
    title: `Compare: ${file.scenario}`,
    subtitle: `${file.source} · seed ${file.seed} · ${file.replications} replication${file.replications === 1 ? '' : 's'} · stall window ${formatLatencyUs(file.stallWindowSeconds * 1e6)}`,
    lead: `${banner}\n${paragraph(compareHeadline(file))}`,
    sections,
    footer: `Every figure is in ${COMPARE_JSON} and ${COMPARE_CSV}; docs/compare.md defines each.`,
  });
}

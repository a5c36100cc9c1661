/**
 * report.html's part of `cowsim run --baseline`: the headline sentence (what the snapshots cost),
 * a table of this run's figures next to the baseline's, and the baseline's failed check at the top.
 */
import { liveThroughputMBps } from '../compare/arms.js';
import { ratioChange, signedLatency } from '../compare/format.js';
import { htmlTable, paragraph, preBlock, verdictBanner, type TableColumn } from '../html/index.js';
import type { RunResult } from '../../workloads/run-result.js';
import { BASELINE_PERCENTILES, baselineFailure, baselineHeadline, type BaselinePercentile, type BaselineSummary } from './baseline.js';
import { formatFigureUs, formatRate } from './format.js';
import type { RunSummary } from './summary.js';

type Kind = 'read' | 'write';
type Row = Record<string, string>;

const percentileLabels: Record<BaselinePercentile, string> = { p50: 'p50', p99: 'p99', p999: 'p99.9' };

/** The headline's sentence (first) and its table of figures (after the run's own); empty for a run without a baseline. */
export function baselineHeadlineHtml(result: RunResult, summary: RunSummary): { sentence: string; table: string } {
  const figures = summary.baseline;
  if (figures === undefined) return { sentence: '', table: '' };
  return { sentence: paragraph(baselineHeadline(figures)), table: baselineTable(result, summary, figures) };
}

/** A red banner and the command that reproduces it when the baseline failed its check; nothing otherwise. */
export function baselineVerdictHtml(summary: RunSummary): string {
  const failure = summary.baseline === undefined ? undefined : baselineFailure(summary.baseline);
  if (failure === undefined) return '';
  return `\n${verdictBanner('fail', failure.replace(/^FAIL: /, 'baseline: '))}\n${preBlock(summary.baseline!.baseline.correctness.reproduce, 'Reproduce the run and its baseline with')}`;
}

function baselineTable(result: RunResult, summary: RunSummary, figures: BaselineSummary): string {
  const { baseline } = figures;
  const cell = (kind: Kind, percentile: BaselinePercentile): string => `${kind}.${percentile}`;
  const latencyCells = (value: (kind: Kind, percentile: BaselinePercentile) => string): Row =>
    Object.fromEntries((['read', 'write'] as const).flatMap((kind) => BASELINE_PERCENTILES.map((percentile) => [cell(kind, percentile), value(kind, percentile)])));
  const change = (ratio: number | null): string => (ratio === null ? '—' : ratioChange(ratio));
  const rows: Row[] = [
    {
      run: 'this run',
      iops: formatRate(summary.iops),
      throughputMBps: formatRate(summary.throughputMBps),
      liveThroughputMBps: formatRate(liveThroughputMBps(result)),
      ...latencyCells((kind, percentile) => formatFigureUs(summary.latency[kind][percentile])),
    },
    {
      run: 'without snapshots',
      iops: formatRate(baseline.iops),
      throughputMBps: formatRate(baseline.throughputMBps),
      liveThroughputMBps: formatRate(baseline.liveThroughputMBps),
      ...latencyCells((kind, percentile) => formatFigureUs(baseline.latency[kind][percentile])),
    },
    {
      run: 'change',
      iops: change(figures.iopsRatio),
      throughputMBps: change(figures.throughputRatio),
      liveThroughputMBps: change(figures.liveThroughputRatio),
      ...latencyCells((kind, percentile) => {
        const delta = figures.latencyDeltaUs[kind][percentile];
        return delta === null ? '—' : signedLatency(delta);
      }),
    },
  ];
  const right = 'right' as const;
  const columns: TableColumn<Row>[] = [
    { key: 'run', label: '' },
    { key: 'iops', label: 'IOPS', align: right },
    { key: 'throughputMBps', label: 'MB/s', align: right },
    { key: 'liveThroughputMBps', label: 'live MB/s', align: right },
    ...(['read', 'write'] as const).flatMap((kind) =>
      BASELINE_PERCENTILES.map((percentile) => ({ key: cell(kind, percentile), label: `${kind} ${percentileLabels[percentile]}`, align: right })),
    ),
  ];
  return htmlTable(rows, columns, {
    caption:
      'this run against the same scenario and seed with snapshots off (the same strategy, workloads and devices); live MB/s counts the workloads on the live view alone ' +
      '(a snapshot reader has nothing to read without snapshots); change: this run against the baseline, latency in µs or ms (positive: slower with snapshots)',
  });
}

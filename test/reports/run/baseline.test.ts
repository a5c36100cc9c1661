/**
 * `cowsim run --baseline` in summary.json, the text summary and report.html: the run against the
 * same scenario and seed with snapshots off. The ratios and deltas are what the two runs'
 * summaries give; the key is there only with a baseline, so other summaries keep their bytes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveThroughputMBps } from '../../../reports/compare/arms.js';
import { baselineSentence, baselineSummary, withBaseline, type BaselineSummary } from '../../../reports/run/baseline.js';
import { percent } from '../../../reports/run/format.js';
import { buildSummary, renderRunReport, renderTextSummary, SCREEN_COLUMNS, SCREEN_LINES, summaryJson, writeRunOutputs, type RunSummary } from '../../../reports/run/index.js';
import { fraction, us } from '../../../reports/run/round.js';
import { runScenario } from '../../../workloads/run.js';
import type { RunResult } from '../../../workloads/run-result.js';
import { scenarioFromObject } from '../../../workloads/scenario/load.js';
import { withoutSnapshots } from '../../../workloads/scenario/snapshots-off.js';

/**
 * 100 ms of random reads and writes on an NVMe origin, a preserve command every 20 ms, and a
 * backup reading snapshot views (which has nothing to read without snapshots): a run takes about
 * 0.2 s of wall time.
 */
const scenario = scenarioFromObject(
  {
    name: 'small-baseline',
    seed: 5,
    duration: '100ms',
    volume: { size: '8MiB', blockSize: '4KiB', chunkSize: '64KiB' },
    devices: { origin: { preset: 'nvme-pcie4' }, snapshotStore: { preset: 'ssd-sata', size: '64MiB' } },
    engine: { locks: 'chunk', intake: { servers: 8, meanServiceTime: '200us' } },
    workloads: [
      { name: 'db', rw: 'randrw', readPercent: 50, blockSize: '4KiB', jobs: 2, iodepth: 4 },
      { name: 'backup', rw: 'randread', target: 'snapshot', blockSize: '16KiB', iodepth: 2, startAt: '30ms' },
    ],
    snapshots: { every: '20ms', retain: 2 },
  },
  '(small baseline scenario)',
);

/** Figures of a made-up comparison, for the wording. */
function figures(liveThroughputRatio: number | null, writeP99: number | null, readP99: number | null, verdict: 'pass' | 'fail' = 'pass'): BaselineSummary {
  const deltas = (p99: number | null) => ({ p50: p99, p99, p999: p99 });
  const latency = { p50: 100, p99: 1000, p999: 2000 };
  return {
    throughputRatio: liveThroughputRatio,
    liveThroughputRatio,
    iopsRatio: liveThroughputRatio,
    latencyDeltaUs: { read: deltas(readP99), write: deltas(writeP99) },
    baseline: {
      iops: 1000,
      throughputMBps: 10,
      liveThroughputMBps: 10,
      latency: { read: latency, write: latency },
      correctness: { verdict, mismatches: verdict === 'fail' ? 3 : 0, reproduce: 'npx cowsim run --seed 5 --baseline' },
    },
  };
}

describe('run --baseline', () => {
  let result: RunResult;
  let baseline: RunResult;
  let summary: RunSummary;
  let other: RunSummary;
  let compared: RunSummary;
  let directory: string | undefined;

  afterAll(() => {
    if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
  });

  beforeAll(async () => {
    result = await runScenario(scenario);
    baseline = await runScenario(withoutSnapshots(scenario));
    summary = buildSummary(result);
    other = buildSummary(baseline);
    compared = withBaseline(summary, result, baseline);
  });

  it('compares two runs that differ only in the snapshots, and both pass', () => {
    expect(result.seed).toBe(baseline.seed);
    expect(result.snapshots.length).toBeGreaterThan(0);
    expect(baseline.snapshots).toEqual([]);
    expect(baseline.ios.snapshotReads).toBe(0);
    expect(result.ios.snapshotReads).toBeGreaterThan(0);
    expect(compared.correctness.verdict).toBe('pass');
    expect(compared.baseline!.baseline.correctness).toEqual({ verdict: 'pass', mismatches: 0, reproduce: 'npx cowsim run --seed 5 --baseline' });
  });

  it('gives the ratios (this run / baseline) and deltas (this run - baseline) the two summaries give', () => {
    const figures = compared.baseline!;
    expect(figures.throughputRatio).toBe(fraction(summary.throughputMBps / other.throughputMBps));
    expect(figures.iopsRatio).toBe(fraction(summary.iops / other.iops));
    // Live throughput leaves out the backup, which reads nothing without snapshots.
    expect(liveThroughputMBps(result)).toBeLessThan(summary.throughputMBps);
    expect(liveThroughputMBps(baseline)).toBe(other.throughputMBps);
    expect(figures.liveThroughputRatio).toBe(fraction(liveThroughputMBps(result) / liveThroughputMBps(baseline)));
    expect(figures.liveThroughputRatio).not.toBe(figures.throughputRatio);
    for (const kind of ['read', 'write'] as const) {
      for (const percentile of ['p50', 'p99', 'p999'] as const) {
        expect(figures.latencyDeltaUs[kind][percentile], `${kind} ${percentile}`).toBe(us(summary.latency[kind][percentile]! - other.latency[kind][percentile]!));
        expect(figures.baseline.latency[kind][percentile]).toBe(other.latency[kind][percentile]);
      }
    }
    expect(figures.baseline).toMatchObject({ iops: other.iops, throughputMBps: other.throughputMBps, liveThroughputMBps: liveThroughputMBps(baseline) });
    expect(Object.keys(figures)).toEqual(['throughputRatio', 'liveThroughputRatio', 'iopsRatio', 'latencyDeltaUs', 'baseline']);
    expect(Object.keys(figures.baseline)).toEqual(['iops', 'throughputMBps', 'liveThroughputMBps', 'latency', 'correctness']);
    expect(baselineSummary(result, summary, baseline)).toEqual(figures);
  });

  it('adds the key last and changes nothing else; without a baseline there is no key', async () => {
    expect(summary).not.toHaveProperty('baseline');
    // The baseline's key comes after every other figure; the units map stays last and names its figures too.
    const keys = Object.keys(summary).filter((key) => key !== 'units');
    expect(Object.keys(compared)).toEqual([...keys, 'baseline', 'units']);
    const { baseline: _baseline, units, ...rest } = compared;
    const { units: unitsBefore, ...restBefore } = summary;
    expect(rest).toEqual(restBefore);
    expect(units).toMatchObject(unitsBefore);
    expect(units['baseline.latencyDeltaUs.write.p99']).toBe('µs');
    directory = mkdtempSync(join(tmpdir(), 'cowsim-baseline-'));
    await writeRunOutputs(result, join(directory, 'plain'));
    expect(readFileSync(join(directory, 'plain', 'summary.json'), 'utf8')).toBe(summaryJson(summary));
    expect(readFileSync(join(directory, 'plain', 'summary.csv'), 'utf8')).not.toMatch(/^baseline\./m);
    const written = await writeRunOutputs(result, join(directory, 'compared'), { baseline });
    expect(readFileSync(join(directory, 'compared', 'summary.json'), 'utf8')).toBe(summaryJson(compared));
    expect(written.summary).toEqual(compared);
    expect(readFileSync(join(directory, 'compared', 'summary.csv'), 'utf8')).toContain(`baseline.liveThroughputRatio,${compared.baseline!.liveThroughputRatio},ratio\n`);
  });

  it('prints the cost in the text summary, on one screen', () => {
    const text = renderTextSummary(result, compared, 'out', { columns: SCREEN_COLUMNS });
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(SCREEN_LINES);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(SCREEN_COLUMNS);
    const first = lines.findIndex((line) => line.startsWith('baseline    '));
    expect(first).toBeGreaterThan(0);
    // The sentence is longer than the screen is wide: it goes on under the label.
    const continued = lines[first + 1]!.startsWith(' '.repeat(12)) ? ` ${lines[first + 1]!.trim()}` : '';
    const sentence = baselineSentence(compared.baseline!);
    expect(`${lines[first]!.slice(12)}${continued}`).toBe(sentence);
    const ratio = compared.baseline!.liveThroughputRatio!;
    expect(sentence.startsWith(`snapshots ${ratio < 1 ? 'cost' : 'gain'} ${percent(Math.abs(1 - ratio))} of live throughput; write p99 `)).toBe(true);
    expect(sentence.endsWith(' against the same run without snapshots')).toBe(true);
    expect(renderTextSummary(result, summary, 'out')).not.toMatch(/^baseline/m);
  });

  it('puts the sentence in report.html\'s headline with the baseline\'s figures next to the run\'s', () => {
    const html = renderRunReport(result, compared);
    const headline = html.slice(html.indexOf('<section id="headline">'), html.indexOf('<section id="latency">'));
    const sentence = baselineSentence(compared.baseline!);
    expect(headline).toContain(`<p>S${sentence.slice(1)}.</p>`);
    expect(headline).toContain('<td>without snapshots</td>');
    expect(headline).toContain('live MB/s');
    expect(renderRunReport(result, summary)).not.toContain('without snapshots</td>');
  });
});

describe('the baseline sentence', () => {
  it('says what the snapshots cost, with signs', () => {
    expect(baselineSentence(figures(0.681, 213_000, 12_000))).toBe(
      'snapshots cost 31.9 % of live throughput; write p99 +213 ms, read p99 +12 ms against the same run without snapshots',
    );
    expect(baselineSentence(figures(0.9688, 900, 0))).toBe(
      'snapshots cost 3.12 % of live throughput; write p99 +900 µs, read p99 0 µs against the same run without snapshots',
    );
  });

  it('says so when the snapshots gain, or change nothing', () => {
    expect(baselineSentence(figures(1.23, -41_000, -7_800))).toBe(
      'snapshots gain 23.0 % of live throughput; write p99 −41 ms, read p99 −7.8 ms against the same run without snapshots',
    );
    expect(baselineSentence(figures(1, 0, 0))).toBe('snapshots leave live throughput as it was; write p99 0 µs, read p99 0 µs against the same run without snapshots');
  });

  it('leaves out what could not be compared', () => {
    expect(baselineSentence(figures(null, 5000, null))).toBe('write p99 +5 ms against the same run without snapshots');
    expect(baselineSentence(figures(0.5, null, null))).toBe('snapshots cost 50.0 % of live throughput against the same run without snapshots');
    expect(baselineSentence(figures(null, null, null))).toBe('no live I/O to compare against the same run without snapshots');
  });

  it('a failed baseline is a FAIL in the text summary and at the top of report.html', async () => {
    const result = await runScenario(scenario);
    const summary: RunSummary = { ...buildSummary(result), baseline: figures(0.7, 1000, 10, 'fail') };
    const text = renderTextSummary(result, summary, 'out');
    expect(text).toContain('\nbaseline    FAIL: 3 mismatches in the same run without snapshots\nreproduce   npx cowsim run --seed 5 --baseline\n');
    const html = renderRunReport(result, summary);
    const banner = html.indexOf('class="verdict fail"');
    expect(banner).toBeGreaterThan(0);
    expect(banner).toBeLessThan(html.indexOf('<section id="headline">'));
    expect(html).toContain('baseline: 3 mismatches in the same run without snapshots');
  });
});

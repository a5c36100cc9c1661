/**
 * A paired comparison end to end on a small NVMe scenario: the baseline takes no snapshot and
 * copies nothing, quiesce holds writes at its commands, every arm passes the oracle, and
 * compare.json keeps its key order and is the same, byte for byte, for the same inputs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCompareFile, compareArms, compareCsv, compareJson, COMPARE_CSV_COLUMNS, renderCompareReport, runComparison, type CompareFile, type ComparisonRuns } from '../../../reports/compare/index.js';
import { WriteRecorder } from '../../../reports/compare/write-records.js';
import { parseCsv } from '../../../reports/sweep/csv-read.js';
import { runScenario } from '../../../workloads/run.js';
import { scenarioFromObject } from '../../../workloads/scenario/load.js';
import { withStrategy } from '../../../workloads/scenario/snapshots-off.js';
import { smallScenario } from './fixtures.js';

const SEEDS = [7, 8];
const WINDOW_NS = 1e6;

async function compare(): Promise<{ runs: ComparisonRuns; file: CompareFile }> {
  const scenario = scenarioFromObject(structuredClone(smallScenario), 'small.yaml');
  const runs = await runComparison({ arms: compareArms(scenario, ['method', 'quiesce']), seeds: SEEDS, stallWindowNs: WINDOW_NS });
  return { runs, file: buildCompareFile(runs, { source: 'small.yaml', seed: SEEDS[0]!, wallSeconds: 0 }) };
}

describe('a paired comparison of the method and quiesce', () => {
  let runs: ComparisonRuns;
  let file: CompareFile;

  beforeAll(async () => {
    ({ runs, file } = await compare());
  });

  it('runs the baseline first, then each strategy, every replication with the same seed in every arm', () => {
    expect(file.arms.map((arm) => [arm.name, arm.strategy])).toEqual([
      ['no snapshots', null],
      ['method', 'method'],
      ['quiesce', 'quiesce'],
    ]);
    for (const arm of file.arms) expect(arm.replications.map((replication) => replication.seed)).toEqual(SEEDS);
    expect(file.arms[0]!.versusBaseline).toBeUndefined();
  });

  it('every arm passes the oracle in every replication', () => {
    for (const arm of file.arms) {
      expect(arm.verdict).toBe('pass');
      expect(arm.replications.every((replication) => replication.verdict === 'pass' && replication.mismatches === 0)).toBe(true);
    }
  });

  it('the baseline takes no snapshot and copies nothing', () => {
    const [baseline] = file.arms;
    expect(baseline!.snapshots).toEqual({ commands: 0, taken: 0, skipped: 0 });
    expect(baseline!.store.chunksUsed).toBe(0);
    expect(baseline!.amplification.snapshotStore).toMatchObject({ reads: 0, writes: 0, flushes: 0 });
    expect(runs.firstRuns[0]!.snapshots).toHaveLength(0);
    expect(runs.firstRuns[0]!.cow.copies).toBe(0);
    expect(runs.replications[0]!.every((replication) => replication.stalls.length === 0)).toBe(true);
  });

  it('the strategies take snapshots, copy chunks and stall the writes after their commands', () => {
    for (const arm of file.arms.slice(1)) {
      expect(arm.snapshots.taken).toBeGreaterThan(0);
      expect(arm.store.chunksUsed).toBeGreaterThan(0);
      expect(arm.amplification.snapshotStore.writesPerWrite).toBeGreaterThan(0);
      const stall = arm.versusBaseline!.stall;
      expect(stall.commands.length).toBeGreaterThanOrEqual(arm.snapshots.taken);
      expect(stall.commands.some((command) => command.matched > 0)).toBe(true);
      expect(stall.summary.worstMaxExtraUs!.n).toBe(SEEDS.length);
      expect(arm.versusBaseline!.throughputRatio!.n).toBe(SEEDS.length);
    }
  });

  it('quiesce holds writes at each command: held time in its own figures and in the stall', () => {
    const quiesce = file.arms[2]!;
    expect(quiesce.strategyFigures.holds).toBeGreaterThan(0);
    expect(quiesce.strategyFigures.holdUsTotal).toBeGreaterThan(0);
    expect(quiesce.strategyFigures.heldWrites).toBeGreaterThan(0);
    const taken = quiesce.versusBaseline!.stall.commands.flatMap((command) => (command.takenAfterUs === null ? [] : [command.takenAfterUs]));
    expect(taken.length).toBeGreaterThan(0);
    expect(Math.max(...taken)).toBeGreaterThan(0);
    // The longest hold of the first replication is the longest time from a command to its snapshot.
    const first = quiesce.versusBaseline!.stall.commands.filter((command) => command.replication === 1 && command.takenAfterUs !== null);
    expect(Math.max(...first.map((command) => command.takenAfterUs!))).toBeCloseTo(quiesce.strategyFigures.holdUsMax!, 3);
  });

  it('recording the writes leaves the run as it would be without it', async () => {
    const scenario = withStrategy(scenarioFromObject(structuredClone(smallScenario), 'small.yaml'), 'quiesce');
    const plain = await runScenario(scenario, { seed: SEEDS[0]! });
    const recorder = new WriteRecorder();
    const recorded = await runScenario(scenario, { seed: SEEDS[0]!, observer: recorder });
    expect(recorded).toEqual(plain);
    expect(recorder.records().count).toBeGreaterThanOrEqual(plain.ios.writes);
    expect(recorder.records().commands).toHaveLength(plain.preserves.length);
  });

  it('compare.json keeps its keys in a fixed order', () => {
    expect(Object.keys(file)).toEqual(['scenario', 'source', 'seed', 'replications', 'seeds', 'stallWindowSeconds', 'confidenceLevel', 'intervals', 'armFiguresFrom', 'wallSeconds', 'arms']);
    expect(Object.keys(file.arms[1]!)).toEqual([
      'name',
      'strategy',
      'description',
      'verdict',
      'replications',
      'iops',
      'throughputMBps',
      'liveThroughputMBps',
      'latency',
      'amplification',
      'store',
      'snapshots',
      'strategyFigures',
      'workloads',
      'versusBaseline',
    ]);
    expect(Object.keys(file.arms[1]!.versusBaseline!)).toEqual(['throughputRatio', 'latencyDeltaUs', 'stall']);
    expect(Object.keys(file.arms[1]!.latency.write)).toEqual(['count', 'mean', 'p50', 'p90', 'p99', 'p999', 'max']);
    expect(file.stallWindowSeconds).toBe(0.001);
  });

  it('gives byte-identical compare.json, compare.csv and report.html for the same inputs', async () => {
    const again = await compare();
    expect(compareJson(again.file)).toBe(compareJson(file));
    expect(compareCsv(again.file)).toBe(compareCsv(file));
    expect(renderCompareReport(again.file, again.runs)).toBe(renderCompareReport(file, runs));
  });

  it('compare.csv: a row per arm and operation, then a row per arm, replication and command', () => {
    const { header, rows } = parseCsv(compareCsv(file), 'compare.csv');
    expect(header).toEqual([...COMPARE_CSV_COLUMNS]);
    expect(header).toContain('p99_us');
    const operations = rows.filter((row) => row.row === 'operation');
    expect(operations.map((row) => `${row.arm}/${row.operation}`)).toEqual(
      file.arms.flatMap((arm) => ['read', 'write', 'snapshotRead'].map((operation) => `${arm.name}/${operation}`)),
    );
    const stalls = rows.filter((row) => row.row === 'stall');
    expect(stalls).toHaveLength(file.arms.reduce((sum, arm) => sum + (arm.versusBaseline?.stall.commands.length ?? 0), 0));
    const write = operations.find((row) => row.arm === 'quiesce' && row.operation === 'write')!;
    expect(Number(write.p99_us)).toBe(file.arms[2]!.latency.write.p99);
    expect(Number(write.p99_delta_us_mean)).toBe(file.arms[2]!.versusBaseline!.latencyDeltaUs.write.p99!.mean);
    expect(operations.find((row) => row.arm === 'no snapshots')!.throughput_ratio_mean).toBe('');
  });

  it('report.html: self-contained, with the headline, the overlaid CDFs, the timeline and the stall', () => {
    const html = renderCompareReport(file, runs);
    expect(html).not.toMatch(/<script|<link|\ssrc=|@import|https?:\/\/(?!www\.w3\.org\/)/i);
    expect(html).toContain('The method costs');
    for (const title of ['Write latency CDF, every arm', 'Read latency CDF, every arm', 'Throughput over time', 'Write p99 over time']) expect(html).toContain(`aria-label="${title}"`);
    expect(html).toContain('id="stall"');
  });
});

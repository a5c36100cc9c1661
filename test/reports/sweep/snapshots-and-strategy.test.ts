/**
 * A sweep can turn snapshots off (`--set snapshots=off,on`, or an empty `snapshots.at=[]`), sweep the
 * snapshot strategy (`--set engine.strategy=...`), and warns when its points took different numbers
 * of snapshots, in its text output, sweep.json and report.html, a merged sweep like a whole one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sweepCommand } from '../../../reports/commands/sweep-command.js';
import { parseCsv } from '../../../reports/sweep/csv-read.js';
import { describeSweepPoint, formatSweepValue, parseSetFlag, parseSetFlags, parseSweepValue } from '../../../reports/sweep/grid.js';
import { mergeSweepFiles } from '../../../reports/sweep/merge.js';
import { pointObject, pointScenario } from '../../../reports/sweep/override.js';
import { sweepJson, type PointRecord, type SweepFile } from '../../../reports/sweep/sweep-file.js';
import { sweepWarnings } from '../../../reports/sweep/sweep-warnings.js';
import { sweepTextTable } from '../../../reports/sweep/text-summary.js';
import { aggregateSweep } from '../../../reports/sweep/aggregate.js';
import { snapshotsOff } from '../../../workloads/scenario/snapshots-off.js';
import { bufferIo, temporaryDirectory, tinyScenario, writeScenarioFile } from './fixtures.js';

const raw = tinyScenario as unknown as Record<string, unknown>;

describe('--set snapshots=off and the empty list', () => {
  it('reads [] as the empty list, shown as [] again', () => {
    expect(parseSweepValue('[]')).toEqual([]);
    expect(parseSweepValue(' [ ] ')).toEqual([]);
    expect(parseSetFlag('snapshots.at=[]')).toEqual({ path: 'snapshots.at', values: [[]] });
    expect(formatSweepValue([])).toBe('[]');
    expect(describeSweepPoint({ 'snapshots.at': [], 'engine.locks': 'chunk' })).toBe('snapshots.at=[], engine.locks=chunk');
  });

  it('takes off and on, alone or together, and refuses anything else, saying what to set instead', () => {
    expect(parseSetFlag('snapshots=off').values).toEqual(['off']);
    expect(parseSetFlag('snapshots=off,on').values).toEqual(['off', 'on']);
    for (const text of ['snapshots=maybe', 'snapshots=off,1s', 'snapshots=true']) {
      expect(() => parseSetFlag(text)).toThrowError(/^--set: .*expected snapshots=off \(no preserve command\), snapshots=on \(the scenario's own schedule\) or both.*snapshots\.at=\[\]/);
    }
    // A list with elements would be cut at its commas.
    expect(() => parseSetFlag('snapshots.at=[1s,2s]')).toThrowError(/^--set: .*the empty list \[\] \(commas separate the values/);
    // snapshots=off leaves no schedule field to sweep alongside it.
    expect(() => parseSetFlags(['snapshots=off,on', 'snapshots.every=1s'])).toThrowError(/each field swept by one --set only/);
  });

  it('off gives the scenario no preserve command at all; on keeps its own schedule', () => {
    const off = pointObject(raw, { index: 0, values: { snapshots: 'off' } });
    expect(off.snapshots).toEqual({ at: [] });
    expect(pointObject(raw, { index: 1, values: { snapshots: 'on' } })).toEqual(raw);
    expect(snapshotsOff(pointScenario(raw, { index: 0, values: { snapshots: 'off' } }, 'tiny'))).toBe(true);
    expect(snapshotsOff(pointScenario(raw, { index: 1, values: { snapshots: 'on' } }, 'tiny'))).toBe(false);
  });

  it('snapshots.at=[] is accepted: an empty list of times, so with no every or after there is no preserve command', () => {
    const { every: _every, retain: _retain, ...atOnly } = tinyScenario.snapshots!;
    const timed = { ...raw, snapshots: { ...atOnly, at: ['50ms'] } };
    const scenario = pointScenario(timed, { index: 0, values: { 'snapshots.at': [] } }, 'tiny');
    expect(scenario.snapshots.atNs).toEqual([]);
    expect(snapshotsOff(scenario)).toBe(true);
    // Each point gets its own list, not the grid's one instance.
    const values = { 'snapshots.at': parseSetFlag('snapshots.at=[]').values[0]! };
    expect(pointObject(timed, { index: 0, values }).snapshots).not.toBe(pointObject(timed, { index: 0, values }).snapshots);
  });
});

/** A point whose replications took the given numbers of snapshots (and skipped `skipped` commands each). */
function point(index: number, values: Record<string, string>, taken: readonly number[], skipped = 0, warnings: readonly string[] = []): PointRecord {
  return {
    index,
    values,
    replications: taken.map((count, replication) => ({
      replication,
      seed: replication + 1,
      wallSeconds: 0,
      verdict: 'pass',
      summary: { schedule: { commands: count + skipped, taken: count, skipped }, preserves: [], ...(warnings.length === 0 ? {} : { warnings: [...warnings] }) },
    })),
  };
}

describe('sweep warnings', () => {
  it('say nothing when every point took as many snapshots', () => {
    expect(sweepWarnings({ points: [point(0, { 'engine.locks': 'global' }, [8, 8]), point(1, { 'engine.locks': 'chunk' }, [8, 8])] })).toEqual([]);
  });

  it('name the averages and the points with the fewest when points took different numbers of snapshots', () => {
    const points = [point(0, { 'workloads.0.jobs': '1' }, [8, 8, 8]), point(1, { 'workloads.0.jobs': '4' }, [6, 5, 5], 2), point(2, { 'workloads.0.jobs': '8' }, [8, 8, 8])];
    expect(sweepWarnings({ points })).toEqual([
      'points took 8 and 5.33 snapshots on average (5.33 at workloads.0.jobs=4; 6 preserve commands were skipped in all because every snapshot image was in use): compare them knowing that',
    ]);
  });

  it('give each distinct run warning once with its points; skipped-command warnings without their run-to-run times', () => {
    const skipped = (times: string) => `2 of 8 preserve commands were skipped, at ${times}: every snapshot image was in use (snapshots.maxAlive 4, snapshots.retain + 1: ...)`;
    const points = [point(0, { snapshots: 'off' }, [0], 0, ['backup reads snapshot views, but snapshots are off (no preserve command): it had nothing to read']), point(1, { snapshots: 'on' }, [6], 2, [skipped('1.25 s and 1.75 s')])];
    expect(sweepWarnings({ points })).toEqual([
      'points took 6 and 0 snapshots on average (0 at snapshots=off; 2 preserve commands were skipped in all because every snapshot image was in use): compare them knowing that',
      'snapshots=off: backup reads snapshot views, but snapshots are off (no preserve command): it had nothing to read',
      'snapshots=on: preserve commands were skipped: every snapshot image was in use (snapshots.maxAlive 4, snapshots.retain + 1: ...)',
    ]);
  });

  it('are derived from the points of the file written: a merge warns about the whole sweep, not one shard', () => {
    const shard = (index: number, points: PointRecord[], warnings?: string[]): SweepFile => ({
      format: 'cowsim-sweep',
      version: 1,
      scenario: { name: 'tiny', source: 'tiny.json', digest: 'sha256:0' },
      seed: 1,
      replications: 1,
      parameters: [{ path: 'workloads.0.jobs', values: [1, 4] }],
      pointCount: 2,
      shard: { index, count: 2 },
      points,
      ...(warnings === undefined ? {} : { warnings }),
    });
    const first = shard(1, [point(0, { 'workloads.0.jobs': '1' }, [8])]);
    const second = shard(2, [point(1, { 'workloads.0.jobs': '4' }, [5])], ['a stale warning read back from a shard']);
    expect(JSON.parse(sweepJson(first))).not.toHaveProperty('warnings');
    const merged = JSON.parse(sweepJson(mergeSweepFiles([{ name: 'a', file: { ...first, points: first.points.map((entry) => ({ ...entry, values: { 'workloads.0.jobs': 1 } })) } }, { name: 'b', file: { ...second, points: second.points.map((entry) => ({ ...entry, values: { 'workloads.0.jobs': 4 } })) } }]))) as SweepFile;
    expect(merged.warnings).toEqual(['points took 8 and 5 snapshots on average (5 at workloads.0.jobs=4): compare them knowing that']);
    // Last, after the points.
    expect(Object.keys(merged).at(-1)).toBe('warnings');
  });
});

describe('a sweep over snapshots off and on and the three snapshot strategies, end to end', () => {
  const STRATEGIES = ['method', 'quiesce', 'redirect-on-write'];
  let file: SweepFile;
  let out: string;
  let outDir: string;
  let header: string[];
  let rows: Record<string, string>[];

  beforeAll(async () => {
    const directory = temporaryDirectory();
    // A backup reads the newest snapshot: with snapshots off it has nothing to read.
    const scenario = writeScenarioFile(directory, { ...tinyScenario, workloads: [...tinyScenario.workloads, { name: 'backup', profile: 'backup', startAt: '30ms' }] });
    const io = bufferIo();
    const run = await sweepCommand({ scenario, set: ['snapshots=off,on', `engine.strategy=${STRATEGIES.join(',')}`], jobs: 1, out: join(directory, 'out') }, io);
    expect(run.exitCode).toBe(0);
    ({ file, outDir } = run);
    out = io.out();
    ({ header, rows } = parseCsv(readFileSync(join(outDir, 'sweep.csv'), 'utf8'), 'sweep.csv'));
  }, 120_000);

  it('runs every strategy with snapshots on, each passing the oracle, and the same runs with snapshots off', () => {
    expect(file.points.map((entry) => describeSweepPoint(entry.values))).toEqual([
      ...STRATEGIES.map((strategy) => `snapshots=off, engine.strategy=${strategy}`),
      ...STRATEGIES.map((strategy) => `snapshots=on, engine.strategy=${strategy}`),
    ]);
    for (const entry of file.points) {
      const summary = entry.replications[0]!.summary as { strategy: { name: string }; correctness: { verdict: string }; schedule: { taken: number }; snapshots: unknown[] };
      expect(summary.strategy.name).toBe(entry.values['engine.strategy']);
      expect(summary.correctness.verdict).toBe('pass');
      if (entry.values.snapshots === 'off') {
        expect(summary.schedule.taken).toBe(0);
        expect(summary.snapshots).toEqual([]);
      } else expect(summary.schedule.taken).toBeGreaterThan(0);
    }
    // With no preserve command quiesce never holds a write: it runs exactly as the method.
    // (Redirect-on-write keeps its own write path, a mapping, even then.)
    const offFigures = file.points.slice(0, 2).map((entry) => (entry.replications[0]!.summary as { latency: unknown }).latency);
    expect(offFigures[1]).toEqual(offFigures[0]);
  });

  it('prints latencies in the text table in one readable unit per column, named in its header', () => {
    const [header, , first] = sweepTextTable(file).split('\n');
    const match = /latency\.write\.p99 (µs|ms|s) \(95% CI\)/.exec(header!);
    expect(match).not.toBeNull();
    const perMicrosecond = { µs: 1, ms: 1e-3, s: 1e-6 }[match![1] as 'µs' | 'ms' | 's'];
    const means = aggregateSweep(file).points.map((point) => point.intervals['latency.write.p99']!.mean);
    // The unit fits the column's largest mean: at least 1 in it, under 1,000 unless seconds.
    const largest = Math.max(...means) * perMicrosecond;
    expect(largest).toBeGreaterThanOrEqual(1);
    if (match![1] !== 's') expect(largest).toBeLessThan(1000);
    const format = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });
    expect(first).toContain(format.format(means[0]! * perMicrosecond));
    // The report's chart of the same figure names the same unit.
    expect(readFileSync(join(outDir, 'report.html'), 'utf8')).toContain(`p99 write latency (${match![1]})`);
  });

  it('warns in its text output, sweep.json and report.html that the points took different numbers of snapshots', () => {
    const warning = /^points took \d+(\.\d+)? and 0 snapshots on average \(0 at snapshots=off, engine\.strategy=method; snapshots=off, engine\.strategy=quiesce; snapshots=off, engine\.strategy=redirect-on-write\): compare them knowing that$/;
    const written = JSON.parse(readFileSync(join(outDir, 'sweep.json'), 'utf8')) as SweepFile;
    expect(written.warnings![0]).toMatch(warning);
    expect(written.warnings).toContain('snapshots=off, engine.strategy=method; snapshots=off, engine.strategy=quiesce; snapshots=off, engine.strategy=redirect-on-write: backup reads snapshot views, but snapshots are off (no preserve command): it had nothing to read');
    expect(out).toContain(`warning: ${written.warnings![0]}`);
    expect(sweepTextTable(file)).toContain(`warning: ${written.warnings![0]}`);
    expect(readFileSync(join(outDir, 'report.html'), 'utf8')).toContain(`Warning: ${written.warnings![0]}`);
  });

  it('gives sweep.csv the snapshots taken and skipped per point, and the longest I/O in flight across a command', () => {
    for (const column of ['schedule.commands.mean', 'schedule.taken.mean', 'schedule.skipped.mean', 'longestInFlightIoUs.mean']) expect(header).toContain(column);
    expect(header.some((column) => column.startsWith('preservePause'))).toBe(false);
    expect(rows.map((row) => row.snapshots)).toEqual(['off', 'off', 'off', 'on', 'on', 'on']);
    expect(rows.slice(0, 3).map((row) => row['schedule.taken.mean'])).toEqual(['0', '0', '0']);
    expect(rows.slice(3).every((row) => Number(row['schedule.taken.mean']) > 0)).toBe(true);
  });
});

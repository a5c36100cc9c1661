/**
 * Issue 13: a replication with no I/Os of an operation has no latency for it (null in its
 * summary). The sweep's mean skips it instead of averaging a 0, `.n` says how many replications
 * had the figure, and a point where none had it gets empty cells and n = 0; a gate on such a
 * cell says so.
 */
import { describe, expect, it } from 'vitest';
import { evaluateSweepGate, parseRule } from '../../../reports/gate/index.js';
import { InputError } from '../../../engine/errors.js';
import { parseCsv } from '../../../reports/sweep/csv-read.js';
import { aggregateSweep, sweepCsv } from '../../../reports/sweep/aggregate.js';
import { keyFigures } from '../../../reports/sweep/key-figures.js';
import { sweepTextTable } from '../../../reports/sweep/text-summary.js';
import type { PointRecord, SweepFile } from '../../../reports/sweep/sweep-file.js';

/** A summary with a read latency and a write p99 (null: no writes). */
const summary = (readP99: number, writeP99: number | null) => ({
  iops: 100,
  latency: {
    read: { count: 10, mean: readP99 / 2, p99: readP99 },
    write: { count: writeP99 === null ? 0 : 10, mean: writeP99 === null ? null : writeP99 / 2, p99: writeP99 },
  },
});

const point = (index: number, level: string, ...summaries: ReturnType<typeof summary>[]): PointRecord => ({
  index,
  values: { 'workloads.0.readPercent': level },
  replications: summaries.map((figures, replication) => ({ replication, seed: replication + 1, wallSeconds: 0, verdict: 'pass', summary: figures })),
});

describe('sweep aggregation of null figures', () => {
  const file: Pick<SweepFile, 'points' | 'parameters'> = {
    parameters: [{ path: 'workloads.0.readPercent', values: ['90', '100'] }],
    points: [
      // Two of three replications wrote: the mean of the write p99 is theirs, not pulled toward 0.
      point(0, '90', summary(100, 400), summary(120, null), summary(140, 600)),
      // None wrote: no write figure at all.
      point(1, '100', summary(100, null), summary(110, null)),
    ],
  };

  it('skips nulls: the mean is over the replications that had the figure, and n says how many', () => {
    const { figures, points } = aggregateSweep(file);
    expect(points[0]!.intervals['latency.write.p99']).toMatchObject({ mean: 500, n: 2 });
    expect(points[0]!.intervals['latency.read.p99']).toMatchObject({ mean: 120, n: 3 });
    expect(points[1]!.intervals['latency.write.p99']).toBeUndefined();
    // The column stays, so sweep.csv has the same columns whatever the runs measured.
    expect(figures).toContain('latency.write.p99');
  });

  it('reads a summary written before such figures were null (0 with a count of 0) as null too', () => {
    const old = { latency: { write: { count: 0, mean: 0, p99: 0 }, read: { count: 5, mean: 0, p99: 0 } }, locks: { acquisitions: 0, waitP99: 0, maxQueue: 0 } };
    expect(keyFigures(old)).toEqual({
      'latency.write.mean': null,
      'latency.write.p99': null,
      'latency.read.mean': 0,
      'latency.read.p99': 0,
      'locks.acquisitions': 0,
      'locks.waitP99': null,
      'locks.maxQueue': 0,
    });
  });

  it('sweep.csv: empty cells and n = 0 where no replication had the figure, never a 0 mean', () => {
    const { header, rows } = parseCsv(sweepCsv(file), 'sweep.csv');
    expect(header).toContain('latency.write.p99.mean');
    expect(rows[0]!['latency.write.p99.mean']).toBe('500');
    expect(rows[0]!['latency.write.p99.n']).toBe('2');
    expect(rows[1]!['latency.write.p99.mean']).toBe('');
    expect(rows[1]!['latency.write.p99.low']).toBe('');
    expect(rows[1]!['latency.write.p99.n']).toBe('0');
  });

  it('the text table says how many runs measured a figure when not all did, and a dash where none did', () => {
    const text = sweepTextTable(file as SweepFile);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/latency\.write\.p99 µs \(95% CI\)/);
    expect(lines[2]).toMatch(/500 ± [\d,.]+ \(2 of 3 runs\)/);
    expect(lines[2]).not.toMatch(/120 ± [\d,.]+ \(/);
    expect(lines[3]).toMatch(/—/);
  });

  it('gate on a sweep: an empty mean is bad input naming the point and its n of 0, not a comparison with 0', () => {
    const { rows } = parseCsv(sweepCsv(file), 'sweep.csv');
    const gate = (rule: string) => () =>
      evaluateSweepGate({ baseline: rows, current: rows, parameters: ['workloads.0.readPercent'], rules: [parseRule(rule)], baselineName: 'A.csv', currentName: 'B.csv' });
    for (const rule of ['latency.write.p99.mean<=+5%', 'latency.write.p99.mean<=1000']) {
      expect(gate(rule), rule).toThrow(InputError);
      expect(gate(rule), rule).toThrow(
        `latency.write.p99.mean at workloads.0.readPercent=100: expected a numeric figure 'latency.write.p99.mean' (named by rule '${rule}'), found null: latency.write.p99.n is 0`,
      );
    }
    expect(gate('latency.read.p99.mean<=+5%')().pass).toBe(true);
  });
});

describe('the longest I/O in flight across a preserve command, as a sweep key figure', () => {
  const withPreserves = (...longest: (number | null)[]) => ({ preserves: longest.map((value, index) => ({ snapshotId: index + 1, atSeconds: index, longestInFlightIoUs: value, inFlight: value === null ? 0 : 3 })) });

  it('is the longest over the commands that found I/O in flight, and null (not 0) when none did', () => {
    expect(keyFigures(withPreserves(null, 1200, null, 800)).longestInFlightIoUs).toBe(1200);
    expect(keyFigures(withPreserves(null, null)).longestInFlightIoUs).toBeNull();
    expect(keyFigures(withPreserves(null, null)).preserveCommands).toBe(2);
    // Summaries written before the rename kept it as pauseUs.
    expect(keyFigures({ preserves: [{ snapshotId: 1, atSeconds: 0, pauseUs: 900, inFlight: 2 }] }).longestInFlightIoUs).toBe(900);
  });
});

/**
 * The sweep's confidence intervals against a hand computation: mean, sample standard deviation and
 * the Student t quantile t(0.975, n - 1) from a table, applied to the per-replication figures
 * sweep.json keeps, must give the .mean, .low and .high columns of sweep.csv.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sweepCommand } from '../../../reports/commands/sweep-command.js';
import { parseCsv } from '../../../reports/sweep/csv-read.js';
import type { SweepFile } from '../../../reports/sweep/sweep-file.js';
import { bufferIo, temporaryDirectory, tinyScenario, writeScenarioFile } from './fixtures.js';

// Two-sided 95 %: t(0.975, df) from a printed table.
const T_975 = { 1: 12.706204736, 2: 4.302652730, 3: 3.182446305, 4: 2.776445105 } as const;
const REPLICATIONS = 4;

describe('sweep confidence intervals', () => {
  let file: SweepFile;
  let rows: Record<string, string>[];
  let header: string[];

  beforeAll(async () => {
    const directory = temporaryDirectory();
    const scenario = writeScenarioFile(directory, tinyScenario);
    const io = bufferIo();
    const { exitCode, outDir } = await sweepCommand(
      { scenario, set: ['engine.locks=global,chunk'], replications: REPLICATIONS, jobs: 1, out: join(directory, 'out'), quiet: true },
      io,
    );
    expect(exitCode).toBe(0);
    expect(io.err()).toBe('');
    file = JSON.parse(readFileSync(join(outDir, 'sweep.json'), 'utf8')) as SweepFile;
    ({ header, rows } = parseCsv(readFileSync(join(outDir, 'sweep.csv'), 'utf8'), 'sweep.csv'));
  });

  it('runs every point with the same R distinct seeds (common random numbers)', () => {
    expect(file.points).toHaveLength(2);
    const seedsOf = (point: number) => file.points[point]!.replications.map((replication) => replication.seed);
    expect(new Set(seedsOf(0)).size).toBe(REPLICATIONS);
    expect(seedsOf(1)).toEqual(seedsOf(0));
    for (const point of file.points) for (const replication of point.replications) expect(replication.summary.seed).toBe(replication.seed);
  });

  it('writes one row per point: the swept field, then mean, low, high and n of every key figure', () => {
    expect(header.slice(0, 5)).toEqual(['engine.locks', 'ios.total.mean', 'ios.total.low', 'ios.total.high', 'ios.total.n']);
    expect(rows.map((row) => row['engine.locks'])).toEqual(['global', 'chunk']);
    for (const figure of ['iops', 'throughputMBps', 'latency.write.p99', 'latency.read.mean', 'locks.waitP99', 'cow.copies', 'cow.storeChunksUsed', 'correctness.mismatches']) {
      expect(header).toContain(`${figure}.mean`);
    }
    expect(header.some((column) => column.startsWith('wallSeconds'))).toBe(false);
  });

  it.each(['iops', 'latency.write.p99', 'latency.read.mean', 'locks.waitP99', 'cow.copies'])('%s: mean ± t·s/√n by hand equals sweep.csv', (figure) => {
    const [section, ...rest] = figure.split('.');
    file.points.forEach((point, index) => {
      const values = point.replications.map((replication) => rest.reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], replication.summary[section!]) as number);
      const n = values.length;
      const mean = values.reduce((sum, value) => sum + value, 0) / n;
      const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1);
      const halfWidth = (T_975[(n - 1) as 3] * Math.sqrt(variance)) / Math.sqrt(n);
      const row = rows[index]!;
      expect(Number(row[`${figure}.n`])).toBe(REPLICATIONS);
      expect(Number(row[`${figure}.mean`])).toBeCloseTo(mean, 6);
      expect(Number(row[`${figure}.low`])).toBeCloseTo(mean - halfWidth, 6);
      expect(Number(row[`${figure}.high`])).toBeCloseTo(mean + halfWidth, 6);
      // The replications differ (distinct seeds), so the interval has a width, except where a figure is constant.
      if (new Set(values).size > 1) expect(halfWidth).toBeGreaterThan(0);
      // Printed for the record.
      if (index === 0 && figure === 'iops') console.log(`iops at engine.locks=${row['engine.locks']}: ${values.join(', ')} -> ${mean.toFixed(1)} ± ${halfWidth.toFixed(1)}`);
    });
  });
});

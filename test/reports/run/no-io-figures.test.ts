/**
 * Issue 13: an operation with no I/Os has no latency. Its figures are null in summary.json, empty
 * in every CSV and a dash in the text summary and the report, never 0 (pandas would average a 0 as
 * a real latency); a gate or plan rule on such a figure says so instead of comparing it with 0.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cowsim } from '../../../bin/cowsim.js';
import { GATE_EXIT_CODES } from '../../../reports/gate/index.js';
import { bufferIo, temporaryDirectory, tinyScenario, writeScenarioFile } from '../sweep/fixtures.js';
import { parseCsv } from './parse-csv.js';

/** Reads only, on a volume with no snapshot: no write, no snapshot read, no chunk lock taken. */
const readOnly = {
  ...tinyScenario,
  name: 'read-only',
  duration: '30ms',
  report: { percentiles: [50, 99, 99.99] },
  workloads: [{ name: 'readers', rw: 'randread', blockSize: '4KiB', jobs: 2, iodepth: 4 }],
  snapshots: undefined,
};

describe('a run whose workload only reads', () => {
  let directory: string;
  let out: string;
  let text: string;
  let summary: Record<string, any>;

  beforeAll(async () => {
    directory = temporaryDirectory();
    out = join(directory, 'run');
    const io = bufferIo();
    expect(await cowsim(['run', '--scenario', writeScenarioFile(directory, readOnly), '--out', out], io)).toBe(0);
    text = io.out();
    summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  });

  it('summary.json: every figure of the writes and snapshot reads is null, not 0; the counts stay 0', () => {
    expect(summary.latency.read.count).toBeGreaterThan(0);
    expect(summary.latency.read.p99).toBeGreaterThan(0);
    for (const kind of ['write', 'snapshotRead']) {
      expect(summary.latency[kind]).toEqual({
        count: 0,
        mean: null,
        p50: null,
        p90: null,
        p99: null,
        p999: null,
        max: null,
        percentiles: { '50': null, '99': null, '99.99': null },
      });
    }
    expect(summary.workloads[0].latency.write).toBeUndefined();
  });

  it('summary.json: lock waits and holds with no acquisition, and a device with no request, are null too', () => {
    expect(summary.locks.acquisitions).toBe(0);
    for (const key of ['waitMean', 'waitP50', 'waitP99', 'waitMax', 'holdMean', 'holdP99', 'holdMax']) expect(summary.locks[key], key).toBeNull();
    expect(summary.locks.maxQueue).toBe(0);
    const store = summary.devices.find((device: { role: string }) => device.role === 'snapshotStore');
    expect(store.requests).toBe(0);
    expect(store.responseTime.p99).toBeNull();
  });

  it('summary.json: the units map names the unit of the null figures too', () => {
    expect(summary.units['latency.write.p99']).toBe('µs');
    expect(summary.units['latency.write.percentiles.99.99']).toBe('µs');
    expect(summary.units['locks.waitP99']).toBe('µs');
  });

  it('summary.csv keeps the rows of null figures with an empty value and their unit', () => {
    const rows = parseCsv(readFileSync(join(out, 'summary.csv'), 'utf8'));
    const row = (figure: string) => rows.find((candidate) => candidate[0] === figure);
    expect(row('latency.write.count')).toEqual(['latency.write.count', '0', 'count']);
    expect(row('latency.write.p99')).toEqual(['latency.write.p99', '', 'µs']);
    expect(row('latency.snapshotRead.percentiles.99.99')).toEqual(['latency.snapshotRead.percentiles.99.99', '', 'µs']);
    expect(row('locks.waitMax')).toEqual(['locks.waitMax', '', 'µs']);
  });

  it('latency.csv, locks.csv and devices.csv leave the cells of null figures empty', () => {
    const latency = parseCsv(readFileSync(join(out, 'latency.csv'), 'utf8'));
    expect(latency.find((row) => row[0] === '(all)' && row[1] === 'write')).toEqual(['(all)', 'write', '0', '', '', '', '', '', '']);
    const locks = parseCsv(readFileSync(join(out, 'locks.csv'), 'utf8'));
    const header = locks[0]!;
    const total = locks.find((row) => row[header.indexOf('scope')] === 'total')!;
    expect(total[header.indexOf('waitP99Us')]).toBe('');
    expect(total[header.indexOf('holdMeanUs')]).toBe('');
    const devices = parseCsv(readFileSync(join(out, 'devices.csv'), 'utf8'));
    const store = devices.find((row) => row[devices[0]!.indexOf('role')] === 'snapshotStore')!;
    for (const column of ['responseP99Us', 'responseMaxUs', 'meanQueueTimeUs', 'meanServiceTimeUs']) expect(store[devices[0]!.indexOf(column)], column).toBe('');
  });

  it('timeline.csv: the write p99 of a run that wrote nothing is empty in every interval', () => {
    const [header, ...rows] = parseCsv(readFileSync(join(out, 'timeline.csv'), 'utf8'));
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) {
      expect(row[header!.indexOf('writeP99Us')]).toBe('');
      // An interval in which something completed has a read p99; one in which nothing did has none.
      expect(row[header!.indexOf('readP99Us')] === '').toBe(row[header!.indexOf('ios')] === '0');
    }
  });

  it('the text summary shows a dash, never 0, for the figures of nothing measured', () => {
    expect(text).toMatch(/^ {2}write +0 +— +— +—$/m);
    expect(text).toMatch(/^ {2}snap\. read +0 +— +— +—$/m);
    expect(text).toMatch(/locks +chunk: 0 acquisitions, 0\.0 % contended, wait p99 —, max —, max queue 0/);
    expect(text).toMatch(/snapshot-store \(ssd\): .*response p99 —/);
    expect(text).not.toMatch(/ 0 µs/);
  });

  it("report.html's tables show a dash, never 0 µs, for them", () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<td[^>]*>0 µs<\/td>/);
    expect(html).toMatch(/<td[^>]*>—<\/td>/);
  });

  describe('gate on a null figure', () => {
    const gate = async (...rules: string[]) => {
      const io = bufferIo();
      const file = join(out, 'summary.json');
      const code = await cowsim(['gate', '--baseline', file, '--current', file, ...rules.flatMap((rule) => ['--rule', rule])], io);
      return { code, err: io.err(), out: io.out() };
    };

    it('is bad input (exit 2), as a missing figure is, naming the figure and the count that is 0: neither a pass nor a comparison with 0', async () => {
      for (const rule of ['latency.write.p99<=+5%', 'latency.write.p99<=5000', 'latency.write.p99>=0']) {
        const { code, err } = await gate(rule);
        expect(code, rule).toBe(GATE_EXIT_CODES.badInput);
        expect(err).toContain(`latency.write.p99: expected a numeric figure 'latency.write.p99' (named by rule '${rule}'), found null: latency.write.count is 0`);
      }
      const locks = await gate('locks.waitP99<=+10');
      expect(locks.code).toBe(2);
      expect(locks.err).toContain('found null: locks.acquisitions is 0');
    });

    it('a rule on the count of the operation works: latency.write.count==0 passes', async () => {
      const { code } = await gate('latency.write.count==0');
      expect(code).toBe(GATE_EXIT_CODES.pass);
    });

    it("addresses the scenario's percentiles as p99.99 or percentiles.99.99, and names the ones there are when one is missing", async () => {
      const short = await gate('latency.read.p99.99<=+0%', 'latency.read.percentiles.99.99<=+0%');
      expect(short.code).toBe(0);
      expect(short.out).toMatch(/latency\.read\.p99\.99 +\d/);
      const missing = await gate('latency.read.p99.95<=+5%');
      expect(missing.code).toBe(2);
      expect(missing.err).toContain(
        "found no such figure: latency.read has no percentile 99.95: its report.percentiles are 50, 99, 99.99; its stable keys are p50, p90, p99, p999 (add 99.95 to the scenario's report.percentiles to have it)",
      );
    });
  });

  it('run --baseline: a delta against a null figure is null, and the baseline keeps its nulls', async () => {
    const io = bufferIo();
    const baselineOut = join(directory, 'with-baseline');
    // --baseline needs snapshots to turn off; reads alone still write nothing.
    const withSnapshots = { ...readOnly, snapshots: { every: '10ms' } };
    expect(await cowsim(['run', '--scenario', writeScenarioFile(directory, withSnapshots, 'snapshots.json'), '--baseline', '--out', baselineOut, '--quiet'], io)).toBe(0);
    const withBaseline = JSON.parse(readFileSync(join(baselineOut, 'summary.json'), 'utf8'));
    expect(withBaseline.baseline.latencyDeltaUs.write).toEqual({ p50: null, p99: null, p999: null });
    expect(withBaseline.baseline.baseline.latency.write).toEqual({ p50: null, p99: null, p999: null });
    expect(typeof withBaseline.baseline.latencyDeltaUs.read.p99).toBe('number');
    expect(withBaseline.units['baseline.baseline.latency.write.p99']).toBe('µs');
  });
});

/** Writes from the start, reads only from 20 ms on: the first intervals have writes and no read. */
const readsLater = {
  ...tinyScenario,
  name: 'reads-later',
  duration: '40ms',
  report: { timelineInterval: '5ms' },
  workloads: [
    { name: 'writers', rw: 'randwrite', blockSize: '4KiB', jobs: 1, iodepth: 2 },
    { name: 'readers', rw: 'randread', blockSize: '4KiB', jobs: 1, iodepth: 2, startAt: '20ms' },
  ],
  snapshots: undefined,
};

describe('a run that reads only in some intervals', () => {
  it('an interval with writes and no read has no read p99: an empty cell in timeline.csv, never 0', async () => {
    const directory = temporaryDirectory();
    const out = join(directory, 'run');
    expect(await cowsim(['run', '--scenario', writeScenarioFile(directory, readsLater), '--out', out, '--quiet'], bufferIo())).toBe(0);
    const [header, ...rows] = parseCsv(readFileSync(join(out, 'timeline.csv'), 'utf8'));
    const cell = (row: string[], column: string): string => row[header!.indexOf(column)]!;
    const early = rows.filter((row) => Number(cell(row, 'atSeconds')) < 0.02);
    const late = rows.filter((row) => Number(cell(row, 'atSeconds')) >= 0.025);
    expect(early.length).toBeGreaterThanOrEqual(3);
    expect(late.length).toBeGreaterThanOrEqual(2);
    for (const row of early) {
      expect(Number(cell(row, 'writeP99Us'))).toBeGreaterThan(0);
      expect(cell(row, 'readP99Us')).toBe('');
    }
    for (const row of late) expect(Number(cell(row, 'readP99Us'))).toBeGreaterThan(0);
  });
});

/** A preserve command at 1 ms, before the only workload starts at 5 ms: nothing is in flight across it. */
const quietCommand = {
  ...tinyScenario,
  name: 'quiet-command',
  duration: '20ms',
  workloads: [{ name: 'writers', rw: 'randwrite', blockSize: '4KiB', jobs: 1, iodepth: 2, startAt: '5ms' }],
  snapshots: { at: ['1ms'] },
};

describe('a preserve command with no I/O in flight across it', () => {
  it('has no longest I/O in flight: null in summary.json, empty in snapshots.csv, a dash in report.html, said in words in the text', async () => {
    const directory = temporaryDirectory();
    const out = join(directory, 'run');
    const io = bufferIo();
    expect(await cowsim(['run', '--scenario', writeScenarioFile(directory, quietCommand), '--out', out], io)).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.preserves).toEqual([{ snapshotId: 1, atSeconds: 0.001, longestInFlightIoUs: null, inFlight: 0 }]);
    expect(summary.units['preserves.*.longestInFlightIoUs']).toBe('µs');
    const [, ...figures] = parseCsv(readFileSync(join(out, 'summary.csv'), 'utf8'));
    expect(figures.find(([figure]) => figure === 'preserves.0.longestInFlightIoUs')).toEqual(['preserves.0.longestInFlightIoUs', '', 'µs']);
    const [header, ...rows] = parseCsv(readFileSync(join(out, 'snapshots.csv'), 'utf8'));
    expect(rows[0]![header!.indexOf('longestInFlightIoUs')]).toBe('');
    expect(io.out()).toContain('no I/O was in flight across any preserve command');
    expect(io.out()).not.toMatch(/longest I\/O in flight across a command: 0/);
    // report.html: the headline's and the snapshot table's cells under "longest ... in flight".
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const tables = [...html.matchAll(/<table.*?<\/table>/gs)].map(([table]) =>
      [...table.matchAll(/<tr.*?<\/tr>/gs)].map(([row]) => [...row.matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/gs)].map(([, cell]) => cell!.replace(/<[^>]*>/g, '').trim())),
    );
    const cellsUnder = (heading: string): string[] =>
      tables.flatMap((rows) => (rows[0]?.includes(heading) ? rows.slice(1).map((row) => row[rows[0]!.indexOf(heading)]!) : []));
    expect(cellsUnder('longest I/O in flight across a command')).toEqual(['—']);
    expect(cellsUnder('longest in flight')).toEqual(['—']);
  });
});

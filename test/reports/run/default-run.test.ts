import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSummary, renderTextSummary, runOutputFileNames, SCREEN_COLUMNS, SCREEN_LINES, writeRunOutputs, type RunSummary } from '../../../reports/run/index.js';
import { runScenario } from '../../../workloads/run.js';
import type { RunResult } from '../../../workloads/run-result.js';
import { loadDefaultScenario } from '../../../workloads/scenario/load.js';
import { chromiumAvailable, CHROMIUM_PATH, renderHtmlFile } from '../../helpers/chromium.js';
import { makeRunResult } from './fixture.js';
import { expectChartsDrawn } from './report-checks.js';

/** The shape of a value: keys of objects (recursively), the first element of arrays, the type of the rest. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, element]) => [key, shape(element)]));
  return value === null ? 'null' : typeof value;
}

describe('the outputs of the embedded default scenario', () => {
  let directory: string;
  let result: RunResult;
  let summary: RunSummary;
  const outDir = (): string => join(directory, 'cowsim-out', 'default');

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'cowsim-default-run-'));
    result = await runScenario(loadDefaultScenario());
    ({ summary } = await writeRunOutputs(result, outDir()));
  }, 300_000);
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('are all written', () => {
    expect(readdirSync(outDir()).sort()).toEqual(['.cowsim-output', ...runOutputFileNames({ html: true })].sort());
    expect(JSON.parse(readFileSync(join(outDir(), 'summary.json'), 'utf8'))).toEqual(summary);
  });

  it('have the summary.json shape of the hand-built fixture (the contract with the runner holds)', () => {
    const fixture = buildSummary(makeRunResult());
    expect(Object.keys(summary)).toEqual(Object.keys(fixture));
    for (const key of ['ios', 'latency', 'correctness', 'locks', 'cow'] as const) expect(shape(summary[key]), key).toEqual(shape(fixture[key]));
    const { figures: _realFigures, ...device } = summary.devices[0]!;
    const { figures: _fixtureFigures, ...fixtureDevice } = fixture.devices[0]!;
    expect(shape(device)).toEqual(shape(fixtureDevice));
    // deletedAtSeconds is null or a number, so compare keys.
    expect(Object.keys(summary.snapshots[0]!)).toEqual(Object.keys(fixture.snapshots[0]!));
  });

  it('give a text summary that fits one screen', () => {
    const lines = renderTextSummary(result, summary, outDir(), { columns: SCREEN_COLUMNS }).trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(SCREEN_LINES);
    for (const line of lines) if (!line.includes(outDir())) expect(line.length, line).toBeLessThanOrEqual(SCREEN_COLUMNS);
  });

  it.skipIf(!chromiumAvailable())(`give a report.html whose charts all draw in headless Chromium without console errors (needs ${CHROMIUM_PATH})`, async () => {
    const rendered = await renderHtmlFile(join(outDir(), 'report.html'));
    expectChartsDrawn(rendered);
    expect(readFileSync(join(outDir(), 'report.html'), 'utf8')).toMatch(/class="verdict (pass|fail)"/);
  });
});

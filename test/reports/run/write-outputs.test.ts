import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSummary, CSV_FILES, RunOutputError, summaryJson, writeRunOutputs } from '../../../reports/run/index.js';
import { CowsimError } from '../../../engine/errors.js';
import { makeRunResult } from './fixture.js';

describe('writeRunOutputs', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'cowsim-outputs-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes summary.json, report.html and every CSV file, creating parent directories', async () => {
    const outDir = join(root, 'a', 'b', 'default');
    const result = makeRunResult();
    const { summary, files } = await writeRunOutputs(result, outDir);
    const names = ['summary.json', 'report.html', ...CSV_FILES];
    expect(files).toEqual(names.map((name) => join(outDir, name)));
    expect(readdirSync(outDir).sort()).toEqual(['.cowsim-output', ...names].sort());
    expect(readFileSync(join(outDir, 'summary.json'), 'utf8')).toBe(summaryJson(buildSummary(result)));
    expect(JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8'))).toEqual(summary);
    expect(readFileSync(join(outDir, 'report.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect(readFileSync(join(outDir, 'timeline.csv'), 'utf8').split('\n')).toHaveLength(1 + 50 + 1);
  });

  it('leaves report.html out when the scenario turns it off', async () => {
    const result = makeRunResult();
    result.scenario.report.html = false;
    const { files } = await writeRunOutputs(result, join(root, 'out'));
    expect(files.map((file) => file.slice(join(root, 'out').length + 1))).toEqual(['summary.json', ...CSV_FILES]);
    expect(existsSync(join(root, 'out', 'report.html'))).toBe(false);
  });

  it("replaces an earlier run's output directory cleanly, leaving no temporary directory behind", async () => {
    const outDir = join(root, 'default');
    await writeRunOutputs(makeRunResult(), outDir);
    const failed = makeRunResult({ failing: true });
    await writeRunOutputs(failed, outDir);
    expect(JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8')).correctness.verdict).toBe('fail');
    expect(readdirSync(root)).toEqual(['default']);
  });

  it('replaces an empty directory', async () => {
    const outDir = join(root, 'empty');
    mkdirSync(outDir);
    await writeRunOutputs(makeRunResult(), outDir);
    expect(readdirSync(outDir)).toContain('summary.json');
  });

  it('refuses to replace a directory that is not the output of a run, and leaves it untouched', async () => {
    const outDir = join(root, 'home');
    mkdirSync(outDir);
    writeFileSync(join(outDir, 'thesis.tex'), 'precious');
    const attempt = writeRunOutputs(makeRunResult(), outDir);
    await expect(attempt).rejects.toThrow(RunOutputError);
    // A user error: the CLI maps CowsimError to exit code 2.
    await expect(writeRunOutputs(makeRunResult(), outDir)).rejects.toBeInstanceOf(CowsimError);
    await expect(writeRunOutputs(makeRunResult(), outDir)).rejects.toThrow(/holds files cowsim did not write \(thesis\.tex\)/);
    expect(readdirSync(outDir)).toEqual(['thesis.tex']);
    expect(readdirSync(root)).toEqual(['home']);
  });

  it('refuses to replace a file', async () => {
    const outDir = join(root, 'file');
    writeFileSync(outDir, 'not a directory');
    await expect(writeRunOutputs(makeRunResult(), outDir)).rejects.toThrow(/is not a directory/);
    expect(readFileSync(outDir, 'utf8')).toBe('not a directory');
  });

  it('writes nothing when the outputs cannot be built', async () => {
    const result = makeRunResult();
    // A broken result (here: no timeline) must not leave half a directory behind.
    (result as { timeline: unknown }).timeline = undefined;
    await expect(writeRunOutputs(result, join(root, 'broken'))).rejects.toThrow();
    expect(readdirSync(root)).toEqual([]);
  });
});

/**
 * `cowsim run --baseline` as a user meets it (the CLI in-process): the run, then the same scenario
 * and seed with snapshots off; summary.json gains `baseline` and the summary says what the
 * snapshots cost. A scenario with snapshots off has nothing to compare: exit 2, nothing written.
 * A baseline that fails its correctness check fails the command (exit 1) and says so.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { cowsim } from '../../bin/cowsim.js';
import type { RunSummary } from '../../reports/run/index.js';
import type { Scenario } from '../../workloads/scenario/resolve.js';
import { bufferIo, temporaryDirectory, tinyScenario, writeScenarioFile } from '../reports/sweep/fixtures.js';

// Lets a test make the baseline fail its check: no engine bug can be switched on that breaks a run without snapshots.
const sabotage = vi.hoisted(() => ({ baselineMismatches: 0 }));
vi.mock('../../workloads/run.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../workloads/run.js')>();
  const off = (scenario: Scenario): boolean => scenario.snapshots.atNs.length === 0 && scenario.snapshots.everyNs === undefined && scenario.snapshots.after.length === 0;
  return {
    ...actual,
    runScenario: async (...args: Parameters<typeof actual.runScenario>) => {
      const result = await actual.runScenario(...args);
      if (sabotage.baselineMismatches === 0 || !off(args[0])) return result;
      return { ...result, correctness: { ...result.correctness, verdict: 'fail' as const, mismatches: sabotage.baselineMismatches } };
    },
  };
});

const directory = temporaryDirectory('cowsim-run-baseline-');
const scenario = writeScenarioFile(directory, tinyScenario);
const { snapshots: _snapshots, ...withoutSnapshots } = tinyScenario;
const offScenario = writeScenarioFile(directory, { ...withoutSnapshots, name: 'tiny-off' }, 'off.json');

afterAll(() => rmSync(directory, { recursive: true, force: true }));

function readSummary(out: string): RunSummary {
  return JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
}

describe('cowsim run --baseline', () => {
  it('writes summary.json with `baseline` and prints what the snapshots cost', async () => {
    const io = bufferIo();
    const out = join(directory, 'with');
    expect(await cowsim(['run', '--scenario', scenario, '--seed', '3', '--baseline', '--out', out], io)).toBe(0);
    expect(io.err()).toBe('');
    const summary = readSummary(out);
    // The last figure key; the units map follows every figure.
    expect(Object.keys(summary).slice(-2)).toEqual(['baseline', 'units']);
    expect(summary.baseline!.baseline.correctness.verdict).toBe('pass');
    expect(summary.baseline!.baseline.correctness.reproduce).toBe(`npx cowsim run --scenario ${scenario} --seed 3 --baseline`);
    const lines = io.out().split('\n');
    const line = lines.findIndex((text) => text.startsWith('baseline    snapshots '));
    expect(line).toBeGreaterThan(0);
    // Not a terminal: the sentence is whole on its line.
    expect(lines[line]).toMatch(
      /^baseline {4}snapshots (cost|gain) [0-9.]+ % of live throughput; write p99 [+−]?[0-9.]+ [µm]?s, read p99 [+−]?[0-9.]+ [µm]?s against the same run without snapshots$/,
    );
    expect(io.out()).toContain('verdict     PASS');
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('against the same run without snapshots.</p>');

    // The baseline is that scenario with snapshots off, run with the same seed.
    const plain = bufferIo();
    const offOut = join(directory, 'off');
    expect(await cowsim(['run', '--scenario', offScenario, '--seed', '3', '--out', offOut, '--quiet'], plain)).toBe(0);
    const off = readSummary(offOut);
    expect(off).not.toHaveProperty('baseline');
    expect(summary.baseline!.baseline).toMatchObject({ iops: off.iops, throughputMBps: off.throughputMBps });
    expect(summary.baseline!.baseline.latency.write.p99).toBe(off.latency.write.p99);
  });

  it('works with --quiet: nothing printed, the same summary.json', async () => {
    const io = bufferIo();
    const out = join(directory, 'quiet');
    expect(await cowsim(['run', '--scenario', scenario, '--seed', '3', '--baseline', '--out', out, '--quiet'], io)).toBe(0);
    expect(io.out()).toBe('');
    expect(io.err()).toBe('');
    const strip = (summary: RunSummary) => ({ ...summary, wallSeconds: 0 });
    expect(strip(readSummary(out))).toEqual(strip(readSummary(join(directory, 'with'))));
  });

  it('refuses a scenario with snapshots off with exit 2, naming --baseline, and writes nothing', async () => {
    const io = bufferIo();
    const out = join(directory, 'refused');
    expect(await cowsim(['run', '--scenario', offScenario, '--baseline', '--out', out], io)).toBe(2);
    expect(io.out()).toBe('');
    expect(io.err()).toBe(
      `cowsim: command line: --baseline: expected a scenario that takes snapshots (snapshots.at, snapshots.every or snapshots.after), found none in ${offScenario}: ` +
        'with snapshots off the run is its own baseline, so there is nothing to compare\n',
    );
    expect(existsSync(out)).toBe(false);
  });

  it('fails with exit 1 when the baseline fails its correctness check, and says so', async () => {
    sabotage.baselineMismatches = 3;
    try {
      const io = bufferIo();
      const out = join(directory, 'failed');
      expect(await cowsim(['run', '--scenario', scenario, '--seed', '3', '--baseline', '--out', out], io)).toBe(1);
      expect(io.out()).toContain('verdict     PASS');
      expect(io.out()).toContain(`\nbaseline    FAIL: 3 mismatches in the same run without snapshots\nreproduce   npx cowsim run --scenario ${scenario} --seed 3 --baseline\n`);
      expect(readSummary(out).baseline!.baseline.correctness).toMatchObject({ verdict: 'fail', mismatches: 3 });

      const quiet = bufferIo();
      expect(await cowsim(['run', '--scenario', scenario, '--seed', '3', '--baseline', '--out', out, '--quiet'], quiet)).toBe(1);
      expect(quiet.out()).toBe('');
      expect(quiet.err()).toBe(
        `correctness FAILED in the baseline (the same run without snapshots): 3 mismatches; reproduce with: npx cowsim run --scenario ${scenario} --seed 3 --baseline\n`,
      );
    } finally {
      sabotage.baselineMismatches = 0;
    }
  });
});

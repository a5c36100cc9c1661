/**
 * Issue 13: plan SLOs address the scenario's report.percentiles, whose keys hold a dot
 * (`latency.write.p99.99` is summary.latency.write.percentiles["99.99"]), with an error naming
 * the percentiles there are when one is missing; an SLO on a figure that is null (nothing
 * measured) is bad input, never held against 0.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cowsim } from '../../../bin/cowsim.js';
import { parseSlo } from '../../../reports/plan/slo.js';
import { resolveFigureName } from '../../../reports/statistics/figure-name.js';
import { bufferIo, temporaryDirectory, tinyScenario, writeScenarioFile } from '../sweep/fixtures.js';

describe('plan SLOs on configurable percentiles', () => {
  let directory: string;
  let scenario: string;

  beforeAll(() => {
    directory = temporaryDirectory();
    scenario = writeScenarioFile(directory, { ...tinyScenario, report: { percentiles: [50, 99.99] } });
  });

  it('parses a percentile with a dot as a time figure', () => {
    expect(parseSlo('latency.write.p99.99<=5ms')).toEqual({ text: 'latency.write.p99.99<=5ms', figure: 'latency.write.p99.99', operator: '<=', limit: 5000, time: true });
    expect(parseSlo('workloads.0.latency.read.percentiles.99.99<1s').time).toBe(true);
  });

  it('resolves the short form to the percentiles key, and p99.9 to the stable p999 when the scenario does not list it', () => {
    const figures = { 'latency.write.p99': 1, 'latency.write.p999': 2, 'latency.write.percentiles.50': 3, 'latency.write.percentiles.99.99': 4 };
    expect(resolveFigureName(figures, 'latency.write.p99.99')).toBe('latency.write.percentiles.99.99');
    expect(resolveFigureName(figures, 'latency.write.percentiles.99.99')).toBe('latency.write.percentiles.99.99');
    expect(resolveFigureName(figures, 'latency.write.p99')).toBe('latency.write.p99');
    expect(resolveFigureName(figures, 'latency.write.p99.9')).toBe('latency.write.p999');
    expect(resolveFigureName(figures, 'latency.write.p99.95')).toBeUndefined();
    expect(resolveFigureName(figures, '__proto__')).toBeUndefined();
  });

  it('plan --slo latency.write.p99.99 measures percentiles["99.99"] of every run', async () => {
    const io = bufferIo();
    const out = join(directory, 'plan');
    const code = await cowsim(['plan', '--scenario', scenario, '--slo', 'latency.write.p99.99<=5ms', '--max', '4', '--out', out, '--quiet'], io);
    expect(io.err()).toBe('');
    expect([0, 1]).toContain(code);
    const plan = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8'));
    expect(plan.runs.length).toBeGreaterThan(0);
    for (const run of plan.runs) expect(run.figures['latency.write.p99.99<=5ms']).toBeGreaterThan(0);
  });

  it('a percentile the scenario does not list: exit 2 naming the ones it does', async () => {
    const io = bufferIo();
    expect(await cowsim(['plan', '--scenario', scenario, '--slo', 'latency.write.p99.95<=5ms', '--max', '4', '--out', join(directory, 'missing'), '--quiet'], io)).toBe(2);
    expect(io.err()).toContain(
      "--slo: 'latency.write.p99.95<=5ms': expected a figure of summary.json (flattened, e.g. latency.write.p99), found no figure latency.write.p99.95: " +
        "latency.write has no percentile 99.95: its report.percentiles are 50, 99.99; its stable keys are p50, p90, p99, p999 (add 99.95 to the scenario's report.percentiles to have it)",
    );
  });

  it('an SLO on a lock wait of a run that takes no lock: exit 2, the figure is null', async () => {
    const readOnly = writeScenarioFile(
      directory,
      { ...tinyScenario, duration: '20ms', workloads: [{ name: 'readers', rw: 'randread', blockSize: '4KiB', jobs: 2, iodepth: 4 }] },
      'read-only.json',
    );
    const io = bufferIo();
    expect(await cowsim(['plan', '--scenario', readOnly, '--slo', 'locks.byPurpose.write.waitP99<=5ms', '--out', join(directory, 'locks'), '--quiet'], io)).toBe(2);
    expect(io.err()).toContain("--slo: 'locks.byPurpose.write.waitP99<=5ms': expected a figure the run measures: locks.byPurpose.write.waitP99 is null at 2 jobs: locks.byPurpose.write.acquisitions is 0");
  });
});

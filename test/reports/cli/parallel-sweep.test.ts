/**
 * The sweep on worker threads, through the compiled CLI (vitest runs TypeScript sources, which a
 * worker thread cannot load, so this test compiles the project into a temporary directory first).
 * The parallel sweep's sweep.csv equals the in-process one, and a failed correctness check at any
 * point gives exit code 1.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sweepCommand } from '../../../reports/commands/sweep-command.js';
import { bufferIo, temporaryDirectory, tinyScenario, writeScenarioFile } from '../sweep/fixtures.js';

const REPOSITORY = resolve(import.meta.dirname, '../../..');

describe('parallel sweep (compiled CLI, worker threads)', () => {
  let build: string;
  let directory: string;
  let scenario: string;
  const cli = (...args: string[]) => spawnSync(process.execPath, [join(build, 'dist/bin/cowsim.js'), ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });

  beforeAll(() => {
    build = temporaryDirectory('cowsim-build-');
    copyFileSync(join(REPOSITORY, 'package.json'), join(build, 'package.json'));
    symlinkSync(join(REPOSITORY, 'node_modules'), join(build, 'node_modules'), 'dir');
    try {
      execFileSync(process.execPath, [join(REPOSITORY, 'node_modules/typescript/bin/tsc'), '-p', join(REPOSITORY, 'tsconfig.json'), '--outDir', join(build, 'dist'), '--sourceMap', 'false'], { stdio: 'pipe' });
    } catch {
      // tsc emits even with type errors elsewhere in the tree; the files below must exist.
    }
    expect(existsSync(join(build, 'dist/reports/sweep/sweep-worker.js'))).toBe(true);
    directory = temporaryDirectory();
    scenario = writeScenarioFile(directory, tinyScenario);
  }, 120_000);

  it('runs on 2 worker threads and writes the same sweep.csv as one job in-process', async () => {
    const grid = ['--set', 'engine.locks=global,chunk', '--set', 'workloads.0.jobs=1,4'];
    const parallel = cli('sweep', '--scenario', scenario, ...grid, '--replications', '2', '--jobs', '2', '--out', join(directory, 'parallel'));
    expect(parallel.stderr).toBe('');
    expect(parallel.status).toBe(0);
    expect(parallel.stdout).toContain('4 points × 2 replications = 8 runs on 2 worker threads');
    const { exitCode } = await sweepCommand({ scenario, set: grid.filter((_, index) => index % 2 === 1), replications: 2, jobs: 1, out: join(directory, 'serial'), quiet: true }, bufferIo());
    expect(exitCode).toBe(0);
    expect(readFileSync(join(directory, 'parallel/sweep.csv'), 'utf8')).toBe(readFileSync(join(directory, 'serial/sweep.csv'), 'utf8'));
  });

  it('exit 1 when a run fails correctness, naming the point and seed', () => {
    const result = cli('sweep', '--scenario', scenario, '--set', 'engine.mutant=none,no-cow', '--jobs', '2', '--out', join(directory, 'mutant'), '--quiet');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^correctness FAILED at point engine.mutant=no-cow, seed \d+: \d+ mismatches/);
    expect(result.stderr).not.toContain('engine.mutant=none');
    expect(existsSync(join(directory, 'mutant/sweep.csv'))).toBe(true);
  });

  it('exit 2 for bad input, through the program too', () => {
    const result = cli('sweep', '--scenario', scenario, '--set', 'nosuch.path=1');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--set: the scenario');
    expect(result.stdout).toBe('');
  });
});

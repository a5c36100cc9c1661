/**
 * `cowsim compare` as a user meets it: the built CLI (npm test builds first) writes compare.json,
 * compare.csv and report.html into a folder it marks as its own, prints one line per arm, and
 * refuses bad flags and a scenario with nothing to compare with exit 2, writing nothing.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { smallScenario } from '../reports/compare/fixtures.js';

const CLI = resolve('dist/bin/cowsim.js');
const dir = await mkdtemp(join(tmpdir(), 'cowsim-compare-cli-'));

function cowsim(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd: dir, env: { ...process.env, CI: 'true' }, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('cowsim compare', () => {
  const scenario = join(dir, 'small.json');

  beforeAll(async () => {
    await writeFile(scenario, JSON.stringify({ ...smallScenario, seed: 42 }));
  });

  it('writes compare.json, compare.csv and report.html and prints one line per arm', async () => {
    const { code, stdout, stderr } = await cowsim(['compare', '--scenario', scenario, '--strategies', 'method,quiesce', '--replications', '2', '--stall-window', '2ms', '--out', 'cmp']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect((await readdir(join(dir, 'cmp'))).sort()).toEqual(['.cowsim-output', 'compare.csv', 'compare.json', 'report.html']);
    const file = JSON.parse(await readFile(join(dir, 'cmp', 'compare.json'), 'utf8')) as { seeds: number[]; stallWindowSeconds: number; arms: { name: string; verdict: string }[] };
    expect(file.seeds).toEqual([42, 43]);
    expect(file.stallWindowSeconds).toBe(0.002);
    expect(file.arms.map((arm) => [arm.name, arm.verdict])).toEqual([
      ['no snapshots', 'pass'],
      ['method', 'pass'],
      ['quiesce', 'pass'],
    ]);
    expect((await readFile(join(dir, 'cmp', 'compare.csv'), 'utf8')).split('\n')[0]).toContain('p99_us');
    expect(await readFile(join(dir, 'cmp', 'report.html'), 'utf8')).toContain('<svg');
    const lines = stdout.split('\n');
    expect(lines[0]).toContain('cowsim compare: small-compare  (seed 42, 2 replications, stall window 2 ms');
    for (const arm of ['no snapshots', 'method', 'quiesce']) expect(lines.some((line) => line.startsWith(`${arm} `) && line.includes('PASS'))).toBe(true);
    expect(stdout).toContain('The method costs');
    // A rerun replaces its own earlier output, and says so.
    const again = await cowsim(['compare', '--scenario', scenario, '--strategies', 'quiesce', '--out', 'cmp', '--quiet']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe('');
  });

  it('refuses an unknown strategy, naming the flag, the unknown name and the valid ones, and writes nothing', async () => {
    const { code, stdout, stderr } = await cowsim(['compare', '--scenario', scenario, '--strategies', 'method,quiesse', '--out', 'bad-strategies']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'cowsim: command line: --strategies: expected a comma-separated list of strategies from method, quiesce, redirect-on-write, found "method,quiesse" (unknown: quiesse)\n',
    );
    expect(existsSync(join(dir, 'bad-strategies'))).toBe(false);
  });

  it('refuses a bad --replications, naming the flag, and writes nothing', async () => {
    for (const value of ['0', '1001']) {
      const { code, stderr } = await cowsim(['compare', '--scenario', scenario, '--replications', value, '--out', 'bad-replications']);
      expect(code).toBe(2);
      expect(stderr).toMatch(/^cowsim: --replications: replications: expected a whole number of at (least 1|most 1,000)/);
      expect(existsSync(join(dir, 'bad-replications'))).toBe(false);
    }
  });

  it('refuses a bad --stall-window and a scenario with snapshots off, and writes nothing', async () => {
    const window = await cowsim(['compare', '--scenario', scenario, '--stall-window', 'soon', '--out', 'bad-window']);
    expect(window.code).toBe(2);
    expect(window.stderr).toContain('--stall-window: expected a positive duration such as 1s or 250ms, found "soon"');
    const off = join(dir, 'off.json');
    const { snapshots: _snapshots, ...withoutSnapshots } = smallScenario;
    await writeFile(off, JSON.stringify(withoutSnapshots));
    const nothing = await cowsim(['compare', '--scenario', off, '--out', 'bad-off']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain(`cowsim: ${off}: snapshots: expected preserve commands`);
    expect(nothing.stderr).toContain('nothing to compare');
    for (const folder of ['bad-window', 'bad-off']) expect(existsSync(join(dir, folder))).toBe(false);
  });

  it('refuses an output folder cowsim did not write', async () => {
    await writeFile(join(dir, 'notes.txt'), 'mine');
    const { code, stderr } = await cowsim(['compare', '--scenario', scenario, '--out', '.']);
    expect(code).toBe(2);
    expect(stderr).toContain('cannot write to');
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });
});

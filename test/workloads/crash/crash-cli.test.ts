/**
 * `cowsim crash` as a user meets it (the CLI as a function, in this process): exit 0 with no
 * violation, 1 with one (and reproduce lines that name the campaign's flags), 2 for bad flags,
 * checked before any work with nothing written; crash.json with the keys issue 8 names.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { cowsim } from '../../../bin/cowsim.js';
import { crashScenario } from '../../../workloads/crash/crash-scenario.js';

const dir = await mkdtemp(join(tmpdir(), 'cowsim-crash-cli-'));

async function crash(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await cowsim(['crash', ...args], { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) });
  return { code, stdout, stderr };
}

const requiredKeys = ['crashPointsTested', 'crashStatesTested', 'lostAckedWrites', 'snapshotDivergences', 'indeterminateBlocks', 'silentCorruptions', 'faultsInjected'];

describe('cowsim crash', () => {
  it('exits 0 when no crash state violates anything, and writes crash.json with the stable keys', async () => {
    const out = join(dir, 'clean');
    const { code, stdout, stderr } = await crash(['--seed', '1', '--cut', '0', '--out', out]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('cowsim crash: crash  (seed 1, real engine, replaying cut 0)');
    expect(stdout).toContain('verdict     PASS: no violation in 3 crash states');
    const report = JSON.parse(await readFile(join(out, 'crash.json'), 'utf8'));
    for (const key of requiredKeys) expect(typeof report[key], key).toBe('number');
    expect(report).toMatchObject({ crashPointsTested: 1, crashStatesTested: 3, verdict: 'pass', failures: [], failingSeeds: [], replay: { cut: 0 } });
  });

  it('exits 1 on a violation, keeping each failure with the command that reproduces it', async () => {
    const scenarioFile = join(dir, 'crash scenario.yaml');
    await writeFile(scenarioFile, stringify(crashScenario));
    const out = join(dir, 'mutant');
    const { code, stdout } = await crash(['--scenario', scenarioFile, '--mutant', 'entry-not-durable', '--seeds', '3', '--points', '4', '--out', out]);
    expect(code).toBe(1);
    expect(stdout).toContain('verdict     FAIL');
    const report = JSON.parse(await readFile(join(out, 'crash.json'), 'utf8'));
    expect(report.engine).toBe('entry-not-durable');
    expect(report.snapshotDivergences).toBeGreaterThan(0);
    expect(report.crashStatesTested).toBe(report.crashPointsTested * 3);
    const failure = report.failures.find((candidate: { property: string }) => candidate.property === 'S2');
    expect(failure).toMatchObject({ view: expect.stringMatching(/^snapshot \d+$/), block: expect.any(Number), accepted: expect.any(Array), found: expect.any(String) });
    expect(failure.reproduce).toBe(`npx cowsim crash --scenario '${scenarioFile}' --mutant entry-not-durable --seed ${failure.seed} --cut ${failure.cut} --state ${failure.state}`);
    expect(report.failingSeeds[0].reproduce).toBe(`npx cowsim crash --scenario '${scenarioFile}' --mutant entry-not-durable --seed ${report.failingSeeds[0].seed} --seeds 1 --points 4`);
    expect(stdout).toContain(`reproduce: ${report.failures[0].reproduce}`);

    // The reproduce line replays that one crash state and finds the same failure.
    const replay = await crash(['--scenario', scenarioFile, '--mutant', 'entry-not-durable', '--seed', String(failure.seed), '--cut', String(failure.cut), '--state', String(failure.state), '--out', join(dir, 'replay'), '--quiet']);
    expect(replay.code).toBe(1);
    const replayed = JSON.parse(await readFile(join(dir, 'replay', 'crash.json'), 'utf8'));
    expect(replayed.crashStatesTested).toBe(1);
    expect(replayed.failures).toContainEqual(failure);
  });

  it.each([
    [['--seeds', '0'], '--seeds: expected a whole number of at least 1, found "0"'],
    [['--points', 'many'], '--points: expected a whole number of at least 1, found "many"'],
    [['--cut', '-3'], '--cut: expected a whole number of at least 0, found "-3"'],
    [['--state', '1'], '--state: expected --cut as well'],
    [['--cut', '5', '--seeds', '4'], '--seeds: expected 1 (or no --seeds) with --cut'],
    [['--mutant', 'no-flush'], '--mutant: expected an engine mutant: none, no-dual-write'],
    [['--flush-interval', 'often'], '--flush-interval: expected a positive duration such as 100us or 2ms, found "often"'],
    [['--jobs', '0'], '--jobs: expected a whole number of at least 1, found "0"'],
    [['--seed', 'first'], '--seed: expected an integer from 0 to 4294967295, found "first"'],
    [['--scenario', 'missing.yaml'], 'missing.yaml: (file): expected a readable scenario file (ENOENT)'],
  ])('refuses %j with exit 2, naming the flag, and writes nothing', async (flags, message) => {
    const out = join(dir, `bad-${flags.join('-')}`);
    const { code, stdout, stderr } = await crash([...flags, '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an output directory it did not write before doing any work, and a cut past the log after', async () => {
    const foreign = join(dir, 'foreign');
    await mkdir(foreign);
    await writeFile(join(foreign, 'notes.txt'), 'mine');
    const refused = await crash(['--seed', '1', '--cut', '0', '--out', foreign]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('holds files cowsim did not write (notes.txt)');
    const past = await crash(['--seed', '1', '--cut', '999999', '--out', join(dir, 'past')]);
    expect(past.code).toBe(2);
    expect(past.stderr).toMatch(/--cut: expected a cut from 0 to \d+ \(the boundaries of seed 1's log\), found 999999/);
    expect(existsSync(join(dir, 'past'))).toBe(false);
  });

  it('refuses a redirect-on-write scenario (nothing on disk to reopen), naming the field, with nothing written', async () => {
    const scenarioFile = join(dir, 'row.yaml');
    await writeFile(scenarioFile, stringify({ ...crashScenario, engine: { ...(crashScenario.engine as object), strategy: 'redirect-on-write' } }));
    const out = join(dir, 'row-out');
    const refused = await crash(['--scenario', scenarioFile, '--seeds', '2', '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${scenarioFile}: engine.strategy: expected method or quiesce (redirect-on-write keeps its maps in memory: it cannot be reopened after a crash), found redirect-on-write`);
    expect(existsSync(out)).toBe(false);
  });
});


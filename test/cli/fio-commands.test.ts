/**
 * `--fio FILE` on every command that runs a scenario (sweep, plan, crash, compare), as on run: the
 * jobs replace the workloads of the command's scenario (--scenario, or its embedded one), the job
 * file is an input no output may replace, and a bad job file is exit 2 naming the file, the line
 * and the option, with nothing written. Through the compiled CLI, so a sweep runs on worker threads.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepCommand } from '../../reports/commands/sweep-command.js';
import { bufferIo } from '../reports/sweep/fixtures.js';

const CLI = resolve('dist/bin/cowsim.js');
const FIXTURES = resolve('test/fixtures/fio');
const dir = await mkdtemp(join(tmpdir(), 'cowsim-fio-commands-'));
for (const file of ['small.fio', 'crash-writes.fio', 'bad.fio']) await copyFile(join(FIXTURES, file), join(dir, file));

function cowsim(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd: dir, env: { ...process.env, CI: 'true' }, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const readJson = async (path: string): Promise<Record<string, unknown>> => JSON.parse(await readFile(join(dir, path), 'utf8')) as Record<string, unknown>;

describe('--fio on the commands that run a scenario', () => {
  it('sweep: a run that fails correctness is reproduced with the job file named again', async () => {
    const io = bufferIo();
    const result = await sweepCommand({ fio: join(dir, 'small.fio'), set: ['engine.mutant=no-cow'], out: join(dir, 'sweep-mutant'), quiet: true }, io);
    expect(result.exitCode).toBe(1);
    expect(io.err()).toContain(`; reproduce: set those fields in (embedded default scenario with the jobs of ${join(dir, 'small.fio')}) and run npx cowsim run --scenario FILE --fio ${join(dir, 'small.fio')} --seed `);
  }, 60_000);

  it('sweep: the jobs run on worker threads as in-process, and sweep.json names the job file and keeps one digest across shards', async () => {
    const grid = ['--set', 'engine.locks=global,chunk'];
    const parallel = await cowsim(['sweep', '--fio', 'small.fio', ...grid, '--jobs', '2', '--out', 'sweep-parallel', '--quiet']);
    expect(parallel.code).toBe(0);
    expect(parallel.stderr).toContain('cowsim: warning: small.fio:4: ioengine: ignored');
    const file = (await readJson('sweep-parallel/sweep.json')) as { scenario: { name: string; source: string; digest: string }; points: { replications: { summary: { workloads: unknown } }[] }[] };
    expect(file.scenario.name).toBe('small');
    expect(file.scenario.source).toBe('(embedded default scenario with the jobs of small.fio)');
    expect(JSON.stringify(file.points[0]!.replications[0]!.summary.workloads)).toContain('writer');
    // In-process (vitest runs the sources, which no worker thread loads): the same figures.
    const io = bufferIo();
    const serial = await sweepCommand({ fio: join(dir, 'small.fio'), set: ['engine.locks=global,chunk'], out: join(dir, 'sweep-serial'), quiet: true }, io);
    expect(serial.exitCode).toBe(0);
    expect(serial.file.scenario.digest).toBe(file.scenario.digest);
    expect(await readFile(join(dir, 'sweep-serial/sweep.csv'), 'utf8')).toBe(await readFile(join(dir, 'sweep-parallel/sweep.csv'), 'utf8'));
    // Shards read the job file each; merge accepts them only when their digests agree.
    for (const index of [1, 2]) expect((await cowsim(['sweep', '--fio', 'small.fio', ...grid, '--shard', `${index}/2`, '--out', `shard-${index}`, '--quiet'])).code).toBe(0);
    const merged = await cowsim(['merge', 'shard-1', 'shard-2', '--out', 'sweep-merged', '--quiet']);
    expect(merged.code).toBe(0);
    expect(((await readJson('sweep-merged/sweep.json')).scenario as { digest: string }).digest).toBe(file.scenario.digest);
  }, 60_000);

  it('sweep: a job the scenario cannot take is named as run names it, not blamed on --set', async () => {
    await writeFile(join(dir, 'past-end.fio'), '[big]\nrw=randwrite\noffset=3g\n');
    const { code, stderr } = await cowsim(['sweep', '--fio', 'past-end.fio', '--set', 'engine.locks=global', '--out', 'past-end']);
    expect(code).toBe(2);
    expect(stderr).toContain('workloads[0].range: expected a range inside the 2147483648-byte volume');
    expect(stderr).toContain('(workloads[0] is job "big" of past-end.fio)');
    expect(existsSync(join(dir, 'past-end'))).toBe(false);
    // A --set that makes room for it is a sweep like any other.
    expect((await cowsim(['sweep', '--fio', 'past-end.fio', '--set', 'volume.size=4GiB', '--out', 'past-end-fits', '--quiet'])).code).toBe(0);
  }, 60_000);

  it('plan: varies a job of the file', async () => {
    const { code, stdout } = await cowsim(['plan', '--fio', 'small.fio', '--workload', 'writer', '--knob', 'jobs', '--max', '4', '--tolerance', '50%', '--slo', 'latency.write.p99<=1s', '--out', 'plan']);
    expect(code).toBe(0);
    expect(stdout).toContain('writer 1 jobs');
    expect(((await readJson('plan/plan.json')) as { source?: string }).source).toBe('(embedded default scenario with the jobs of small.fio)');
  }, 60_000);

  it('crash: the jobs on the embedded crash scenario, and reproduce lines that name the job file', async () => {
    const pass = await cowsim(['crash', '--fio', 'crash-writes.fio', '--seeds', '2', '--out', 'crash']);
    expect(pass.code).toBe(0);
    const report = await readJson('crash/crash.json');
    expect(report.scenario).toBe('crash-writes');
    expect(report.source).toBe('(embedded crash scenario with the jobs of crash-writes.fio)');
    const mutant = await cowsim(['crash', '--fio', 'crash-writes.fio', '--mutant', 'no-copy-flush', '--seeds', '2', '--out', 'crash-mutant', '--quiet']);
    expect(mutant.code).toBe(1);
    expect(mutant.stderr).toMatch(/first: npx cowsim crash --fio crash-writes.fio --mutant no-copy-flush --seed \d+ --cut \d+/);
  }, 60_000);

  it('compare: replaces the workloads of --scenario, which keeps its name', async () => {
    await writeFile(
      join(dir, 'scenario.yaml'),
      'name: mine\nduration: 100ms\nvolume: { size: 256MiB }\ndevices: { origin: { preset: ssd-sata }, snapshotStore: { preset: ssd-sata } }\nworkloads: [{ name: gone, rw: randread }]\nsnapshots: { at: [50ms] }\n',
    );
    const { code, stdout } = await cowsim(['compare', '--scenario', 'scenario.yaml', '--fio', 'small.fio', '--strategies', 'method', '--out', 'compare']);
    expect(code).toBe(0);
    expect(stdout).toContain('method');
    const file = (await readJson('compare/compare.json')) as { scenario: string; source: string };
    expect(file.scenario).toBe('mine');
    expect(JSON.stringify(file)).not.toContain('"gone"');
  }, 60_000);

  for (const [command, ...flags] of [['sweep', '--set', 'engine.locks=global'], ['plan', '--slo', 'latency.write.p99<=5ms'], ['crash'], ['compare']] as const) {
    it(`${command}: a bad job file is exit 2 naming the file, each bad line and option, and nothing is written`, async () => {
      const { code, stdout, stderr } = await cowsim([command, ...flags, '--fio', 'bad.fio', '--out', `bad-${command}`]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain('cowsim: bad.fio: 2 problems');
      expect(stderr).toContain('line 2, bs: expected one block size');
      expect(stderr).toContain('line 5, rw: expected one of read, write');
      expect(existsSync(join(dir, `bad-${command}`))).toBe(false);
      // The job file is an input: no output may replace it.
      const onto = await cowsim([command, ...flags, '--fio', 'small.fio', '--out', 'small.fio']);
      expect(onto.code).toBe(2);
      expect(onto.stderr).toContain('--fio');
    });
  }
});

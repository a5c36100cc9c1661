/** `cowsim run --fio`: fio job files on the embedded default scenario, and `--output-format json`. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve('dist/bin/cowsim.js');
const dir = await mkdtemp(join(tmpdir(), 'cowsim-fio-cli-'));

function cowsim(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd: dir, env: { ...process.env, CI: 'true' }, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const jobFile = `[global]
ioengine=libaio
direct=1
runtime=300ms
time_based
size=256m

[randwrite]
rw=randwrite
bs=4k
iodepth=4

[reads]
rw=randread
bssplit=4k/50:64k/50
`;

describe('cowsim run --fio', () => {
  it('runs the jobs of a fio job file on the default scenario, warns of ignored options, and prints the summary JSON with --output-format json', async () => {
    await writeFile(join(dir, 'small.fio'), jobFile);
    const { code, stdout, stderr } = await cowsim(['run', '--fio', 'small.fio', '--out', 'json-out', '--output-format', 'json']);
    expect(code).toBe(0);
    expect(stderr).toContain('cowsim: warning: small.fio:2: ioengine: ignored');
    expect(stderr).toContain('cowsim: warning: small.fio:3: direct: ignored');
    const summary = JSON.parse(stdout) as Record<string, unknown>;
    for (const key of ['scenario', 'seed', 'simulatedSeconds', 'ios', 'iops', 'throughputMBps', 'latency', 'snapshots', 'correctness', 'locks', 'devices']) expect(summary).toHaveProperty(key);
    expect(summary.scenario).toBe('small');
    expect(summary.simulatedSeconds).toBeCloseTo(0.3, 3);
    expect((summary.correctness as { verdict: string }).verdict).toBe('pass');
    // The command that reproduces the run names the job file: the default scenario alone is another run.
    expect((summary.correctness as { reproduce: string }).reproduce).toMatch(/^npx cowsim run --fio small.fio --seed \d+$/);
    // The outputs are still written, and summary.json says what standard output said.
    expect(JSON.parse(await readFile(join(dir, 'json-out', 'summary.json'), 'utf8'))).toEqual(summary);
  });

  it('replaces the workloads of a scenario given with --scenario', async () => {
    await writeFile(join(dir, 'one.fio'), '[only]\nrw=randwrite\nruntime=100ms\n');
    await writeFile(
      join(dir, 'scenario.yaml'),
      'name: mine\nvolume: { size: 256MiB }\ndevices: { origin: { preset: ssd-sata }, snapshotStore: { preset: ssd-sata } }\nworkloads: [{ name: gone, rw: randread }]\nsnapshots: { at: [50ms] }\n',
    );
    const { code, stdout } = await cowsim(['run', '--scenario', 'scenario.yaml', '--fio', 'one.fio', '--out', 'mine-out', '--output-format', 'json']);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as { scenario: string; workloads: unknown; correctness: { reproduce: string } };
    expect(summary.scenario).toBe('mine');
    expect(summary.correctness.reproduce).toMatch(/^npx cowsim run --fio one.fio --scenario scenario.yaml --seed \d+$/);
    expect(JSON.stringify(summary.workloads)).toContain('only');
    expect(JSON.stringify(summary.workloads)).not.toContain('gone');
  });

  it('refuses a bad job file with exit code 2, naming the file, line and option, and writes nothing', async () => {
    await writeFile(join(dir, 'bad.fio'), '[global]\nbs=abc\n\n[job]\nrw=bogus\n');
    const { code, stdout, stderr } = await cowsim(['run', '--fio', 'bad.fio', '--out', 'bad-out']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('cowsim: bad.fio: 2 problems');
    expect(stderr).toContain('line 2, bs: expected one block size such as 4k, 64k or 1m');
    expect(stderr).toContain('line 5, rw: expected one of read, write, randread, randwrite, rw (readwrite), randrw');
    expect(existsSync(join(dir, 'bad-out'))).toBe(false);
    const format = await cowsim(['run', '--fio', 'bad.fio', '--output-format', 'xml']);
    expect(format.code).toBe(2);
    const binary = await cowsim(['run', '--fio', '/dev/zero', '--quiet']);
    expect(binary.code).toBe(2);
    expect(binary.stderr).toBe('cowsim: /dev/zero: line 1: expected fio job text, not binary content (content not shown: the file is not recognised as a fio job file)\n');
  });
});

/**
 * The command line as a user meets it: the built CLI (npm test builds first), its exit codes,
 * its error messages and its outputs. design.md section 4 is the contract.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve('dist/bin/cowsim.js');
const dir = await mkdtemp(join(tmpdir(), 'cowsim-cli-'));

function cowsim(args: string[], cwd = dir): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, CI: 'true' }, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('cowsim command line', () => {
  it('prints help listing its commands', async () => {
    const { code, stdout } = await cowsim(['--help']);
    expect(code).toBe(0);
    for (const command of ['run', 'presets', 'selftest']) expect(stdout).toContain(`cowsim ${command}`);
  });

  it('refuses unknown flags and bad values with exit code 2', async () => {
    const unknown = await cowsim(['run', '--sed', '3']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown argument: sed');
    const seed = await cowsim(['run', '--seed', 'soon']);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain('cowsim: command line: --seed: expected an integer from 0 to 4294967295, found "soon"');
    const none = await cowsim([]);
    expect(none.code).toBe(2);
  });

  it('names the file, the field and what was expected for a bad scenario, and writes nothing', async () => {
    const file = join(dir, 'typo.yaml');
    await writeFile(file, 'name: typo\nvolume: { size: 1GiB }\ndevices: { origin: { preset: hdd-7200-sata }, snapshotStore: { preset: ssd-sata } }\nworkloads: [{ name: w, rw: randwrite, iodpeth: 4 }]\n');
    const out = join(dir, 'typo-out');
    const { code, stderr, stdout } = await cowsim(['run', '--scenario', file, '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toBe(`cowsim: ${file}: workloads[0].iodpeth: expected no field named "iodpeth" (unknown fields are refused, to catch typos)\n`);
    expect(stdout).toBe('');
    expect(existsSync(out)).toBe(false);
    const missing = await cowsim(['run', '--scenario', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yaml: (file): expected a readable scenario file (ENOENT)');
  });

  it('runs the default scenario: summary.json with the stable keys, CSV files, report.html; same seed, same summary', async () => {
    const first = await cowsim(['run', '--out', 'a']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('verdict     PASS');
    const files = (await readdir(join(dir, 'a'))).sort();
    expect(files).toEqual(['.cowsim-output', 'devices.csv', 'latency.csv', 'locks.csv', 'report.html', 'snapshots.csv', 'summary.csv', 'summary.json', 'timeline.csv']);
    const summary = JSON.parse(await readFile(join(dir, 'a', 'summary.json'), 'utf8'));
    for (const key of ['scenario', 'seed', 'simulatedSeconds', 'wallSeconds', 'ios', 'iops', 'throughputMBps', 'latency', 'snapshots', 'correctness', 'locks', 'devices']) {
      expect(summary).toHaveProperty(key);
    }
    expect(Object.keys(summary.latency.write)).toEqual(expect.arrayContaining(['mean', 'p50', 'p90', 'p99', 'p999', 'max']));
    expect(Object.keys(summary.snapshots[0])).toEqual(expect.arrayContaining(['id', 'takenAtSeconds', 'cowCopies', 'dualWrites', 'storeChunksUsed', 'valid']));
    expect(summary.correctness.verdict).toBe('pass');
    expect(summary.snapshots.reduce((sum: number, snapshot: { dualWrites: number }) => sum + snapshot.dualWrites, 0)).toBeGreaterThan(0);

    const second = await cowsim(['run', '--out', 'b', '--quiet']);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('');
    const strip = (text: string) => text.replace(/"wallSeconds": [0-9.e+-]+/, '"wallSeconds": 0');
    expect(strip(await readFile(join(dir, 'b', 'summary.json'), 'utf8'))).toBe(strip(await readFile(join(dir, 'a', 'summary.json'), 'utf8')));
  });

  it('exits 1 when correctness fails, with the command that reproduces it', async () => {
    const file = join(dir, 'broken.yaml');
    const text = (await readFile('examples/trace-replay.yaml', 'utf8')).replace('name: trace-replay', 'name: broken\nengine: { mutant: no-cow }').replaceAll('traces/synthetic-msr.csv', resolve('examples/traces/synthetic-msr.csv'));
    await writeFile(file, text);
    const { code, stderr } = await cowsim(['run', '--scenario', file, '--quiet', '--seed', '8']);
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^correctness FAILED: \\d+ mismatches; reproduce with: npx cowsim run --scenario ${file} --seed 8\\n$`));
  });

  it('lists presets with their sources, as text and as JSON', async () => {
    const text = await cowsim(['presets']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('hdd-7200-sata  (model hdd)');
    expect(text.stdout).toContain('source: Western Digital Ultrastar DC HC310');
    expect(text.stdout).toContain('WORKLOAD PROFILES');
    const json = await cowsim(['presets', '--json']);
    const catalogue = JSON.parse(json.stdout);
    expect(catalogue.diskPresets.map((preset: { name: string }) => preset.name)).toEqual(expect.arrayContaining(['hdd-7200-sata', 'ssd-sata', 'nvme-pcie4']));
    expect(catalogue.workloadProfiles.map((profile: { name: string }) => profile.name)).toEqual(['oltp', 'vm-image', 'backup', 'append-log']);
    // The snapshot strategies a scenario can pick, each with its mutants.
    expect(text.stdout).toContain('SNAPSHOT STRATEGIES (engine.strategy');
    expect(catalogue.strategies).toEqual([
      expect.objectContaining({ name: 'method', mutants: ['no-dual-write', 'no-cow', 'cow-after-write', 'no-lock', 'no-copy-flush', 'entry-not-durable', 'late-delete-mark'] }),
      expect.objectContaining({ name: 'quiesce', mutants: ['quiesce-no-drain'] }),
      expect.objectContaining({ name: 'redirect-on-write', mutants: ['row-no-fill'] }),
    ]);
  });

  it('selftest: the real engine passes and every mutant is caught', async () => {
    const { code, stdout } = await cowsim(['selftest']);
    expect(code).toBe(0);
    expect(stdout).toContain('selftest passed');
    for (const mutant of ['no-dual-write', 'no-cow', 'cow-after-write', 'no-lock']) expect(stdout).toMatch(new RegExp(`^run +${mutant} \\(chunk locks\\) .* ok: caught`, 'm'));
    // Each strategy the method competes with passes, and its mutant is caught.
    expect(stdout).toMatch(/^run +real engine \(quiesce, chunk locks\) .* ok: passes/m);
    expect(stdout).toMatch(/^run +real engine \(redirect-on-write, chunk locks\) .* ok: passes/m);
    expect(stdout).toMatch(/^run +quiesce-no-drain \(quiesce, chunk locks\) .* ok: caught/m);
    expect(stdout).toMatch(/^run +row-no-fill \(redirect-on-write, chunk locks\) .* ok: caught/m);
    for (const mutant of ['no-copy-flush', 'entry-not-durable', 'late-delete-mark']) expect(stdout).toMatch(new RegExp(`^crash +${mutant} .* ok: caught \\(S[1-4]`, 'm'));
    // The real engine under every lock policy, with stores that fill, and through the crash phase.
    for (const setting of ['global locks', 'chunk locks', 'striped locks']) expect(stdout).toMatch(new RegExp(`^run +real engine \\(${setting}\\) .* ok: passes`, 'm'));
    expect(stdout).toMatch(/^run +real engine \(store fills\) .* ok: passes \([1-9]\d* stores filled\)/m);
    expect(stdout).toMatch(/^crash +real engine .* ok: passes/m);
  });
});

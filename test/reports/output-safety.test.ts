/**
 * Issue 9, "Never lose a user's file": user files planted in every place where cowsim used to
 * delete or overwrite them survive, each refusal exits 2 with a message naming the folder (or
 * file) and what to do, and cowsim's own earlier output is replaced with a one-line notice.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cowsim } from '../../bin/cowsim.js';
import { runCommand } from '../../reports/commands/run-command.js';
import { bufferIo, temporaryDirectory, tinyScenario, writeScenarioFile } from './sweep/fixtures.js';
import { debris, plant, tree } from './output-fixtures.js';

/** The message of a refused output folder, as the CLI prints it. */
const refused = (folder: string, problem: string): string => `cowsim: cannot write to ${folder}: ${problem}`;
const USER_FOLDER = 'it is not empty and holds files cowsim did not write (summary.json, thesis.tex); cowsim replaces its output folder as a whole, so choose a new or empty folder with --out, or move those files out';

const startDirectory = process.cwd();
afterEach(() => process.chdir(startDirectory));

let root: string;
let scenario: string;
beforeAll(() => {
  root = temporaryDirectory('cowsim-output-safety-');
  scenario = writeScenarioFile(root, tinyScenario, 'tiny.json');
});

/** Runs the CLI; returns the exit code and what it printed. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = bufferIo();
  const code = await cowsim(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('--out on a folder of the user\'s', () => {
  it.each([
    ['run', []],
    ['sweep', ['--set', 'seed=1,2']],
    ['plan', ['--slo', 'latency.write.p99<=5ms']],
    ['crash', []],
  ])('%s refuses it before any work, exit 2, and leaves every file as it was', async (command, flags) => {
    const folder = plant(join(root, `mine-${command}`));
    const before = tree(folder);
    const { code, err, out } = await cli([command, '--scenario', scenario, ...flags, '--out', folder, '--quiet']);
    expect(code).toBe(2);
    // summary.json among the user's files hints at an output of an older cowsim, which had no marker.
    expect(err).toBe(`${refused(folder, USER_FOLDER)} (an output of an older cowsim has no .cowsim-output: if this is one, delete it yourself)\n`);
    expect(out).toBe('');
    expect(tree(folder)).toEqual(before);
    expect(debris(root, `mine-${command}`)).toEqual([]);
  });

  // Node's recursive mkdir never returns under /proc; permission bits pass there for root.
  it.skipIf(!existsSync('/proc/self'))('an --out that cannot be made (under /proc) is refused before the run, not after, and does not hang', async () => {
    const { code, err, out } = await cli(['run', '--scenario', scenario, '--out', '/proc/cowsim-nope/out', '--quiet']);
    expect(code).toBe(2);
    expect(err).toBe('cowsim: cannot write to /proc/cowsim-nope/out: /proc/cowsim-nope cannot be made (ENOENT); choose another --out\n');
    expect(out).toBe('');
  });

  it('--out . and --out .. (a folder holding the current directory) are refused', async () => {
    const here = plant(join(root, 'cwd', 'project'), { 'notes.md': 'mine\n' });
    const before = tree(join(root, 'cwd'));
    process.chdir(here);
    const dot = await cli(['run', '--scenario', scenario, '--out', '.', '--quiet']);
    expect(dot.code).toBe(2);
    expect(dot.err).toBe(`${refused(process.cwd(), 'it is the current directory, and cowsim replaces its output folder as a whole; name a new folder such as --out cowsim-out/mine, or leave --out out for the default under cowsim-out/')}\n`);
    const up = await cli(['run', '--scenario', scenario, '--out', '..', '--quiet']);
    expect(up.code).toBe(2);
    expect(up.err).toContain('it holds the current directory, and cowsim replaces its output folder as a whole');
    expect(tree(join(root, 'cwd'))).toEqual(before);
  });
});

describe('outputs never replace inputs', () => {
  it('a scenario stored inside its own out folder (an earlier output of it) is refused and kept', async () => {
    const out = join(root, 'own');
    expect((await cli(['run', '--scenario', scenario, '--out', out, '--quiet'])).code).toBe(0);
    const inside = join(out, 'tiny.json');
    cpSync(scenario, inside);
    const before = tree(out);
    const { code, err } = await cli(['run', '--scenario', inside, '--out', out, '--quiet', '--seed', '2']);
    expect(code).toBe(2);
    expect(err).toBe(`${refused(out, `it holds the input ${inside} (--scenario), which replacing the folder would delete; choose an --out outside it`)}\n`);
    expect(tree(out)).toEqual(before);
  });

  it('a scenario named ".." without --out is refused by validation; nothing around it is touched', async () => {
    const work = plant(join(root, 'dotdot', 'work'), { 'data.csv': '1,2\n' });
    plant(join(root, 'dotdot'), { 'keep.txt': 'mine\n' });
    const file = writeScenarioFile(work, { ...tinyScenario, name: '..' }, 's.json');
    const before = tree(join(root, 'dotdot'));
    process.chdir(work);
    const { code, err } = await cli(['run', '--scenario', file, '--quiet']);
    expect(code).toBe(2);
    expect(err).toBe(`cowsim: ${file}: name: expected a name that does not start with "." and has at most 64 characters (it names the output folder cowsim-out/NAME)\n`);
    expect(tree(join(root, 'dotdot'))).toEqual(before);
    expect(existsSync(join(work, 'cowsim-out'))).toBe(false);
  });

  describe('gate --junit and --markdown', () => {
    let baseline: string;
    let current: string;
    let rules: string;
    beforeAll(async () => {
      baseline = join(root, 'gate-base');
      current = join(root, 'gate-current');
      expect((await cli(['run', '--scenario', scenario, '--out', baseline, '--quiet'])).code).toBe(0);
      expect((await cli(['run', '--scenario', scenario, '--out', current, '--quiet', '--seed', '3'])).code).toBe(0);
      rules = join(root, 'rules.yaml');
      writeFileSync(rules, "rules:\n  - rule: 'correctness.mismatches==0'\n");
    });

    it.each([
      ['--junit', 'the baseline', () => join(baseline, 'summary.json'), '--baseline'],
      ['--markdown', 'the current file read from its folder', () => join(current, 'summary.json'), '--current'],
      ['--junit', 'the rules file', () => rules, '--rules'],
    ])('%s at %s is refused, exit 2, the input unchanged', async (flag, _what, target, inputFlag) => {
      const path = target();
      const before = readFileSync(path, 'utf8');
      const { code, err } = await cli(['gate', '--baseline', join(baseline, 'summary.json'), '--current', current, '--rules', rules, flag, path]);
      expect(code).toBe(2);
      expect(err).toBe(`cowsim: ${flag} ${path}: cannot write the report there: it is the input ${path} (${inputFlag}); a report never replaces an input, so name another file\n`);
      expect(readFileSync(path, 'utf8')).toBe(before);
    });

    it('at the scenario (or any file it did not write) is refused; an earlier report is overwritten', async () => {
      const before = readFileSync(scenario, 'utf8');
      const args = ['gate', '--baseline', baseline, '--current', current, '--rule', 'correctness.mismatches==0'];
      const atScenario = await cli([...args, '--markdown', scenario]);
      expect(atScenario.code).toBe(2);
      expect(atScenario.err).toBe(
        `cowsim: --markdown ${scenario}: cannot write the report there: the file exists and is not a report cowsim wrote, so it is not overwritten; name a new file, or delete this one first if you no longer need it\n`,
      );
      expect(readFileSync(scenario, 'utf8')).toBe(before);

      const junit = join(root, 'gate.xml');
      const markdown = join(root, 'gate.md');
      expect((await cli([...args, '--junit', junit, '--markdown', markdown])).code).toBe(0);
      expect(readFileSync(junit, 'utf8')).toContain('failures="0"');
      // A rule that fails: the earlier reports are cowsim's own and are replaced.
      expect((await cli([...args, '--rule', 'iops>=+1000%', '--junit', junit, '--markdown', markdown])).code).toBe(1);
      expect(readFileSync(junit, 'utf8')).toContain('failures="1"');
      expect(readFileSync(markdown, 'utf8')).toMatch(/^### cowsim gate: FAIL/);
      const same = await cli([...args, '--junit', junit, '--markdown', junit]);
      expect(same.code).toBe(2);
      expect(same.err).toContain(`--markdown ${junit}: cannot write the report there: --junit names the same file`);
    });
  });

  describe('merge --out at an input', () => {
    let shards: string[];
    beforeAll(async () => {
      shards = [join(root, 'merge', 'shard1'), join(root, 'merge', 'shard2')];
      for (const [index, out] of shards.entries()) {
        expect((await cli(['sweep', '--scenario', scenario, '--set', 'seed=1,2', '--shard', `${index + 1}/2`, '--jobs', '1', '--out', out, '--quiet'])).code).toBe(0);
      }
    });

    it.each([
      ['equal to a shard', () => shards[0]!, (shard: string) => `it is the input ${shard} (a merge input); an output never replaces an input, so choose another --out`],
      ['holding the shards', () => join(root, 'merge'), (shard: string) => `it holds the input ${shard} (a merge input), which replacing the folder would delete; choose an --out outside it`],
      ['inside a shard', () => join(shards[0]!, 'merged'), (shard: string) => `it lies inside the input ${shard} (a merge input); choose an --out outside it`],
    ])('%s is refused before merging, exit 2, the shards unchanged', async (_what, out, problem) => {
      const before = tree(join(root, 'merge'));
      const { code, err } = await cli(['merge', ...shards, '--out', out()]);
      expect(code).toBe(2);
      expect(err).toBe(`${refused(out(), problem(shards[0]!))}\n`);
      expect(tree(join(root, 'merge'))).toEqual(before);
    });

    it("without --out, does not replace a whole sweep's output in the same default folder", async () => {
      const here = join(root, 'merge-default');
      mkdirSync(here);
      process.chdir(here);
      expect((await cli(['sweep', '--scenario', scenario, '--set', 'seed=1,2', '--jobs', '1', '--quiet'])).code).toBe(0);
      const sweep = join(here, 'cowsim-out', 'tiny-sweep');
      const before = tree(sweep);
      const { code, err } = await cli(['merge', ...shards]);
      expect(code).toBe(2);
      expect(err).toMatch(
        new RegExp(`^cowsim: cannot write to ${sweep}: it holds the output of cowsim sweep \\(written \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\), not of cowsim merge; choose another --out, or delete that output first if you no longer need it\\n$`),
      );
      expect(tree(sweep)).toEqual(before);
    });
  });
});

describe('a rerun with another --seed into the same folder', () => {
  it('is refused when the user has added a file to the earlier output, which stays whole', async () => {
    const out = join(root, 'rerun-user');
    expect((await cli(['run', '--scenario', scenario, '--out', out, '--quiet'])).code).toBe(0);
    writeFileSync(join(out, 'notes.txt'), 'my analysis\n');
    const before = tree(out);
    const { code, err } = await cli(['run', '--scenario', scenario, '--out', out, '--seed', '5', '--quiet']);
    expect(code).toBe(2);
    expect(err).toMatch(
      new RegExp(`^cowsim: cannot write to ${out}: it holds the earlier output of cowsim run \\(written [-\\d: ]+ UTC\\) and also files cowsim did not write \\(notes\\.txt\\); move those out, or choose another --out\\n$`),
    );
    expect(tree(out)).toEqual(before);
  });

  it("replaces cowsim's own earlier output and says so in one line (none under --quiet)", async () => {
    const out = join(root, 'rerun-own');
    expect((await cli(['run', '--scenario', scenario, '--out', out, '--quiet'])).code).toBe(0);
    const first = JSON.parse(readFileSync(join(out, '.cowsim-output'), 'utf8')) as { written: string; files: string[] };
    const io = bufferIo();
    const { exitCode } = await runCommand({ scenario, out, seed: 5 }, io);
    expect(exitCode).toBe(0);
    const when = first.written.replace('T', ' ').slice(0, 19);
    expect(io.err()).toBe(`cowsim: replaced ${out}: the earlier output of cowsim run (written ${when} UTC)\n`);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).seed).toBe(5);
    const marker = JSON.parse(readFileSync(join(out, '.cowsim-output'), 'utf8')) as { command: string; version: string; files: string[] };
    expect(marker).toMatchObject({ command: 'run', version: JSON.parse(readFileSync('package.json', 'utf8')).version, files: first.files });
    expect(debris(root, 'rerun-own')).toEqual([]);

    const quiet = bufferIo();
    await runCommand({ scenario, out, seed: 6, quiet: true }, quiet);
    expect(quiet.err()).toBe('');
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).seed).toBe(6);
  });
});

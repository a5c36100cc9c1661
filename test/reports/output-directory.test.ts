/**
 * The output-folder writer on its own: which folders count as cowsim's earlier output (only a
 * marked one of the same command holding nothing else), what is refused and why, the inputs of a
 * scenario, and the scenario name as a safe folder name.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CowsimError } from '../../engine/errors.js';
import { OutputDirectoryError, prepareOutputDirectory, writeOutputDirectory } from '../../reports/output-directory.js';
import { OUTPUT_MARKER } from '../../reports/output-marker.js';
import { scenarioInputs } from '../../reports/run/write-outputs.js';
import { ScenarioError } from '../../workloads/scenario/scenario-error.js';
import { scenarioFromObject } from '../../workloads/scenario/load.js';
import { temporaryDirectory, tinyScenario } from './sweep/fixtures.js';
import { plant, tree } from './output-fixtures.js';

const FILES = new Map([
  ['summary.json', '{"run": 1}\n'],
  ['timeline.csv', 't\n1\n'],
]);

let root: string;
beforeEach(() => {
  root = temporaryDirectory('cowsim-output-dir-');
});

/** Writes a run output into `out` and returns the lines it noted. */
async function write(out: string, files = FILES, command: 'run' | 'sweep' = 'run'): Promise<string[]> {
  const notes: string[] = [];
  await writeOutputDirectory(out, files, { command, notify: (line) => notes.push(line) });
  return notes;
}

describe('the .cowsim-output marker', () => {
  it('names the command, the version, the time and the files written', async () => {
    const out = join(root, 'out');
    expect(await write(out)).toEqual([]);
    const marker = JSON.parse(readFileSync(join(out, OUTPUT_MARKER), 'utf8'));
    expect(marker).toMatchObject({ format: 'cowsim-output/1', command: 'run', files: ['summary.json', 'timeline.csv'] });
    expect(marker.version).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    expect(Date.now() - Date.parse(marker.written)).toBeLessThan(60_000);
  });

  it('an empty folder and desktop litter are replaced without a notice', async () => {
    const out = plant(join(root, 'empty'), { '.DS_Store': 'finder' });
    expect(await write(out)).toEqual([]);
    expect(Object.keys(tree(out)).sort()).toEqual([OUTPUT_MARKER, 'summary.json', 'timeline.csv']);
  });

  it('an earlier output missing some of its files is still replaced, with the notice', async () => {
    const out = join(root, 'out');
    await write(out);
    writeFileSync(join(out, 'timeline.csv'), 'edited\n');
    const notes = await write(out, new Map([['summary.json', '{"run": 2}\n']]));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(new RegExp(`^cowsim: replaced ${out}: the earlier output of cowsim run \\(written \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\)$`));
    expect(tree(out)['summary.json']).toBe('{"run": 2}\n');
    expect(tree(out)['timeline.csv']).toBeUndefined();
  });
});

describe('folders that are refused, left exactly as they were', () => {
  const cases: [string, (folder: string) => void, RegExp][] = [
    ['a user folder holding a summary.json', (folder) => plant(folder, { 'summary.json': '{}' }), /it is not empty and holds files cowsim did not write \(summary\.json\);.*older cowsim has no \.cowsim-output/],
    ['a marker that is not JSON', (folder) => plant(folder, { [OUTPUT_MARKER]: 'hello', 'a.txt': 'x' }), /its \.cowsim-output is not one this cowsim wrote, so the folder is not taken for an earlier output; choose another --out/],
    [
      'a marker listing a file that is a folder here',
      (folder) => {
        plant(folder, { [OUTPUT_MARKER]: JSON.stringify({ format: 'cowsim-output/1', command: 'run', version: '0', written: '2025-01-01T00:00:00Z', files: ['summary.json', 'data'] }) });
        plant(join(folder, 'data'), { 'mine.txt': 'x' });
      },
      /holds the earlier output of cowsim run \(written 2025-01-01 00:00:00 UTC\) and also files cowsim did not write \(data\)/,
    ],
    [
      'a marker listing a path, not a name',
      (folder) => plant(folder, { [OUTPUT_MARKER]: JSON.stringify({ format: 'cowsim-output/1', command: 'run', version: '0', written: '2025-01-01T00:00:00Z', files: ['../x'] }) }),
      /its \.cowsim-output is not one this cowsim wrote/,
    ],
  ];

  it.each(cases)('%s', async (_what, make, message) => {
    const out = join(root, 'target');
    make(out);
    const before = tree(out);
    const attempt = write(out);
    await expect(attempt).rejects.toThrow(OutputDirectoryError);
    await expect(write(out)).rejects.toThrow(message);
    expect(tree(out)).toEqual(before);
  });

  it("another command's output", async () => {
    const out = join(root, 'sweep-out');
    await write(out, FILES, 'sweep');
    await expect(write(out)).rejects.toThrow(/it holds the output of cowsim sweep \(written .* UTC\), not of cowsim run; choose another --out, or delete that output first/);
  });

  it('a file, a symbolic link, a folder under a file', async () => {
    const file = join(root, 'file');
    writeFileSync(file, 'mine');
    await expect(write(file)).rejects.toThrow(`cannot write to ${file}: it exists and is not a directory; choose another --out`);
    const output = join(root, 'real');
    await write(output);
    symlinkSync(output, join(root, 'link'));
    await expect(write(join(root, 'link'))).rejects.toThrow('it is a symbolic link; name a real folder with --out');
    await expect(write(join(file, 'out'))).rejects.toThrow(`${file} is a file, not a folder; choose another --out`);
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });

  it('are refused by the check before work too, as user errors (exit 2)', async () => {
    const out = plant(join(root, 'mine'));
    await expect(prepareOutputDirectory(out, { command: 'plan' })).rejects.toBeInstanceOf(CowsimError);
    await expect(prepareOutputDirectory(join(root, 'fresh'), { command: 'plan' })).resolves.toBeUndefined();
  });

  it('an output that would hold or replace an input, through a symbolic link as well', async () => {
    const data = plant(join(root, 'data'), { 'trace.csv': '1,2\n' });
    symlinkSync(data, join(root, 'alias'));
    const inputs = [{ path: join(data, 'trace.csv'), flag: 'the trace of workload w' }];
    await expect(writeOutputDirectory(join(root, 'alias'), FILES, { command: 'run', inputs })).rejects.toThrow(/it holds the input .*trace\.csv \(the trace of workload w\)/);
    await expect(writeOutputDirectory(join(root, 'alias', 'out'), FILES, { command: 'run', inputs: [{ path: data, flag: 'a merge input' }] })).rejects.toThrow(
      /it lies inside the input .*data \(a merge input\)/,
    );
    expect(tree(data)).toEqual({ 'trace.csv': '1,2\n' });
  });
});

describe('the inputs of a scenario', () => {
  it('are its file and its trace files; an embedded scenario has no file', () => {
    const workloads = [{ name: 'a', trace: { file: '/data/t.csv' } }, { name: 'b' }, { name: 'c', trace: { file: '/data/t.csv' } }] as never;
    expect(scenarioInputs({ source: '/s/x.yaml', workloads })).toEqual([
      { path: '/s/x.yaml', flag: '--scenario' },
      { path: '/data/t.csv', flag: 'the trace of workload a' },
    ]);
    expect(scenarioInputs({ source: '(embedded default scenario)', workloads: [] })).toEqual([]);
  });
});

describe('a scenario name is a safe folder name', () => {
  const problem = (name: string) => {
    try {
      scenarioFromObject({ ...tinyScenario, name }, 's.yaml');
      return undefined;
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioError);
      return (error as ScenarioError).issues.map((issue) => `${issue.field}: ${issue.expected}`);
    }
  };

  it.each(['..', '.', '.hidden', 'x'.repeat(65)])('%j is refused at the field name', (name) => {
    expect(problem(name)).toEqual(['name: a name that does not start with "." and has at most 64 characters (it names the output folder cowsim-out/NAME)']);
  });

  it.each(['a/b', 'a\\b', ''])('%j is refused (letters, digits, ".", "_" and "-" only)', (name) => {
    expect(problem(name)).toEqual(['name: a name of letters, digits, ".", "_" or "-"']);
  });

  it.each(['tiny', 'oltp-nvme.v2', 'x'.repeat(64), 'a..b'])('%j is accepted', (name) => {
    expect(problem(name)).toBeUndefined();
  });
});

describe('missing parent folders', () => {
  it('are created', async () => {
    const out = join(root, 'a', 'b', 'c');
    mkdirSync(join(root, 'a'));
    await write(out);
    expect(Object.keys(tree(join(root, 'a'))).sort()).toEqual([join('b', 'c', OUTPUT_MARKER), join('b', 'c', 'summary.json'), join('b', 'c', 'timeline.csv')]);
  });
});

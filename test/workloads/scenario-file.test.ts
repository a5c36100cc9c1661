import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../engine/errors.js';
import { loadDefaultScenario, loadScenarioFile, scenarioFromText } from '../../workloads/scenario/load.js';
import { ScenarioError } from '../../workloads/scenario/scenario-error.js';
import { parseDurationNs, parseSize, SIZE_UNITS_NOTE } from '../../workloads/scenario/units.js';

const minimal = `
name: t
volume: { size: 64MiB }
devices:
  origin: { preset: ssd-sata }
  snapshotStore: { preset: ssd-sata }
workloads:
  - { name: w, rw: randwrite }
`;

function problems(text: string): { field: string; expected: string }[] {
  try {
    scenarioFromText(text, 'bad.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    expect(error).toBeInstanceOf(InputError);
    return (error as ScenarioError).issues;
  }
  throw new Error('the scenario was accepted');
}

describe('scenario files', () => {
  it('fills defaults: 10 s, 4 KiB blocks, 64 KiB chunks, chunk locks, a modelled intake, verification on', () => {
    const scenario = scenarioFromText(minimal, 't.yaml');
    expect(scenario.durationNs).toBe(10e9);
    expect(scenario.volume).toMatchObject({ sizeBytes: 64 << 20, blockSizeBytes: 4096, chunkSizeBytes: 65536, blockCount: 16384, chunkBlocks: 16 });
    expect(scenario.engine).toMatchObject({ locks: 'chunk', mutant: 'none', intake: { servers: 8, meanServiceTimeUs: 100 } });
    expect(scenario.verify).toBe(true);
    expect(scenario.workloads[0]).toMatchObject({ name: 'w', rw: 'randwrite', readFraction: 0, jobs: 1, iodepth: 1, rangeStartBlock: 0, rangeBlocks: 16384 });
  });

  it('reads JSON as well as YAML', () => {
    const json = JSON.stringify({ name: 'j', volume: { size: '64MiB' }, devices: { origin: { preset: 'ssd-sata' }, snapshotStore: { preset: 'ssd-sata' } }, workloads: [{ name: 'w' }] });
    expect(scenarioFromText(json, 'j.json').name).toBe('j');
  });

  it('refuses unknown fields, naming the field path (a typo must not be silently ignored)', () => {
    expect(problems(minimal.replace('volume: { size: 64MiB }', 'volume: { size: 64MiB, blcokSize: 4KiB }'))).toEqual([
      { field: 'volume.blcokSize', expected: 'no field named "blcokSize" (unknown fields are refused, to catch typos)' },
    ]);
    expect(problems(minimal.replace('rw: randwrite', 'rw: randwrite, iodpeth: 4'))[0]!.field).toBe('workloads[0].iodpeth');
  });

  it('names the field and what was expected for wrong values', () => {
    expect(problems(minimal.replace('rw: randwrite', 'rw: random'))).toEqual([
      { field: 'workloads[0].rw', expected: 'one of "read", "write", "randread", "randwrite", "readwrite", "randrw"' },
    ]);
    expect(problems(minimal.replace('size: 64MiB', 'size: lots'))[0]).toEqual({
      field: 'volume.size',
      expected: `a size such as 4096, 4KiB, 64k or 8GiB, found "lots" (${SIZE_UNITS_NOTE})`,
    });
    expect(problems(minimal.replace('preset: ssd-sata }\n  snapshotStore', 'preset: ssd-sata, params: { rpm: 7200 } }\n  snapshotStore'))[0]!.field).toBe('devices.origin.params');
    expect(problems(minimal.replace('{ preset: ssd-sata }\nworkloads', '{ preset: floppy }\nworkloads'))).toEqual([
      { field: 'devices.snapshotStore.preset', expected: 'a preset listed by `cowsim presets`, found "floppy"' },
    ]);
  });

  it('checks rules across fields', () => {
    expect(problems(minimal.replace('volume: { size: 64MiB }', 'volume: { size: 64MiB, chunkSize: 6KiB }'))[0]).toEqual({
      field: 'volume.chunkSize',
      expected: 'a multiple of volume.blockSize (4096 bytes), found 6144',
    });
    expect(problems(minimal.replace('rw: randwrite', 'rw: randwrite, blockSize: 3000'))[0]!.field).toBe('workloads[0].blockSize');
    expect(problems(minimal.replace('rw: randwrite', 'rw: randwrite, target: snapshot'))[0]!.field).toBe('workloads[0].target');
    expect(problems(`${minimal}snapshots: { after: [{ workload: nobody, ios: 5 }] }\n`)[0]!.field).toBe('snapshots.after[0].workload');
    expect(problems(minimal.replace('volume: { size: 64MiB }', 'volume: { size: 8TiB }'))[0]!.field).toBe('volume.size');
  });

  it('reports YAML syntax errors with their line', () => {
    const [problem] = problems('name: x\nvolume: [\n');
    expect(problem!.field).toMatch(/^line \d+, column \d+$/);
    expect(problem!.expected).toMatch(/^valid YAML or JSON/);
  });

  it('lists every problem in the message, and names a missing file', async () => {
    const error = (() => {
      try {
        scenarioFromText('name: x\nvolume: { size: 1GiB, blcok: 1 }\ndevices: {}\nworkloads: []\n', 'many.yaml');
      } catch (caught) {
        return caught as ScenarioError;
      }
      throw new Error('accepted');
    })();
    expect(error.message.split('\n')[0]).toMatch(/^many\.yaml: \d+ problems$/);
    expect(error.message).toContain('volume.blcok: expected no field named "blcok"');
    expect(error.message).toContain('devices.origin: expected object');
    await expect(loadScenarioFile('/nonexistent/scenario.yaml')).rejects.toThrow('/nonexistent/scenario.yaml: (file): expected a readable scenario file (ENOENT)');
  });

  it('expands profiles into their parts, the entry\'s fields overriding', () => {
    const scenario = loadDefaultScenario();
    expect(scenario.workloads.map((workload) => workload.name)).toEqual(['oltp.data', 'oltp.log', 'backup']);
    const backup = scenario.workloads[2]!;
    expect(backup).toMatchObject({ profile: 'backup', target: 'snapshot', rw: 'read', startAtNs: 2.5e9, rangeBlocks: (128 << 20) / 4096, loops: 1 });
    expect(scenario.workloads[1]!.blockSizes).toEqual([
      { blocks: 1, weight: 70 },
      { blocks: 4, weight: 30 },
    ]);
  });

  it('loads a file from disk', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cowsim-scenario-'));
    const path = join(dir, 's.yaml');
    await writeFile(path, minimal);
    expect((await loadScenarioFile(path)).source).toBe(path);
  });
});

describe('units', () => {
  it('parses sizes the way fio users write them', () => {
    expect([parseSize('4KiB'), parseSize('4k'), parseSize('4K'), parseSize('1.5MiB'), parseSize('1MB'), parseSize(512), parseSize('2 GiB')]).toEqual([
      4096,
      4096,
      4096,
      1572864,
      1_000_000,
      512,
      2 * 1024 ** 3,
    ]);
    expect(parseSize('4 bananas')).toBeUndefined();
    expect(parseSize(-1)).toBeUndefined();
  });

  it('parses durations into integer nanoseconds', () => {
    expect([parseDurationNs('10s'), parseDurationNs('250ms'), parseDurationNs('50us'), parseDurationNs(1.5), parseDurationNs('2m'), parseDurationNs('7ns')]).toEqual([
      10e9,
      250e6,
      50e3,
      1.5e9,
      120e9,
      7,
    ]);
    expect(parseDurationNs('soon')).toBeUndefined();
  });
});

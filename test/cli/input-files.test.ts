/**
 * A file in no expected format, named as a scenario, a trace or a gate rules file, is named in
 * the error with its line or field, and its content is never shown: errors reach CI logs. The
 * "secret" is a fake password-file line planted in temporary files. Once a file is recognised
 * (a scenario mapping, a rules list, a trace format), its values are quoted as before.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cowsim } from '../../bin/cowsim.js';
import { bufferIo, tinyScenario } from '../reports/sweep/fixtures.js';

const directory = mkdtempSync(join(tmpdir(), 'cowsim-input-files-'));
const SECRET = 's3cr3tHashThatMustNeverBePrinted';
const SHADOW = `root:$6$${SECRET}:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n`;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from(`IHDR${SECRET}`)]);

function file(name: string, content: string | Uint8Array): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}

/** Runs the CLI in-process; exit 2, the file named, the secret nowhere in what it printed. */
async function refused(argv: string[], named: string): Promise<string> {
  const io = bufferIo();
  expect(await cowsim(argv, io)).toBe(2);
  expect(io.err()).toContain(named);
  expect(io.err()).not.toContain(SECRET);
  expect(io.out()).not.toContain(SECRET);
  return io.err();
}

describe('a scenario file in no expected format', () => {
  it.each([
    ['a password file', 'shadow', SHADOW, '(top level): expected a scenario: a mapping with name, volume, devices, workloads; found none of volume, devices, workloads (content not shown: the file is not recognised as a scenario)'],
    ['a YAML file of credentials', 'creds.yaml', `password: ${SECRET}\napi_key: ${SECRET}\n`, '(top level): expected a scenario'],
    ['an INI file', 'my.cnf', `[client]\npassword=${SECRET}\nuser=${SECRET}\n`, 'line 2, column 1: expected valid YAML or JSON (content not shown'],
    // The PNG signature holds two line ends before its first NUL byte.
    ['a PNG', 'image.png', PNG, 'line 3: expected a scenario in YAML or JSON text, not binary content'],
    ['an unknown YAML tag', 'tagged.yaml', `key: !${SECRET} value\n`, '(top level): expected a scenario'],
    ['an alias without its anchor', 'alias.yaml', `key: *${SECRET}\n`, '(file): expected valid YAML or JSON with resolvable aliases (content not shown'],
    ['prose', 'notes.txt', `The password is ${SECRET}.\n`, '(top level): expected a mapping with name, volume, devices and workloads'],
  ])('%s: named, not quoted, nothing written', async (_what, name, content, message) => {
    const path = file(name, content);
    const out = join(directory, `out-${name}`);
    const err = await refused(['run', '--scenario', path, '--out', out, '--quiet'], `${path}: ${message}`);
    expect(err.split('\n').filter((line) => line !== '')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
    // sweep and plan read scenario files the same way.
    await refused(['sweep', '--scenario', path, '--set', 'seed=1,2', '--out', out, '--quiet'], path);
  });

  it('a recognised scenario is quoted as before: a wrong value and an alias typo', async () => {
    const io = bufferIo();
    const path = file('recognised.yaml', `name: x\nvolume: { size: "${SECRET}" }\nworkloads: []\n`);
    expect(await cowsim(['run', '--scenario', path, '--quiet'], io)).toBe(2);
    expect(io.err()).toContain(`volume.size: expected a size such as 4096, 4KiB, 64k or 8GiB, found "${SECRET}"`);
    const alias = file('alias-typo.yaml', `name: x\nvolume: *vol\n`);
    const typo = bufferIo();
    expect(await cowsim(['run', '--scenario', alias, '--quiet'], typo)).toBe(2);
    expect(typo.err()).toContain('Unresolved alias');
  });

  it('an endless binary file (/dev/zero) is refused at its first NUL byte, a huge text file at 16 MiB', async () => {
    await refused(['run', '--scenario', '/dev/zero', '--quiet'], '/dev/zero: line 1: expected a scenario in YAML or JSON text, not binary content');
    const huge = file('huge.yaml', `# ${'x'.repeat(17 * 1024 * 1024)}\n`);
    await refused(['run', '--scenario', huge, '--quiet'], `${huge}: (file): expected a scenario file of at most 16 MiB`);
  });
});

describe('a trace file in no expected format', () => {
  const scenarioWith = (name: string, trace: string): string =>
    file(`${name}.json`, JSON.stringify({ ...tinyScenario, name, workloads: [{ name: 'replay', iodepth: 4, trace: { file: trace } }], snapshots: { at: ['20ms'] } }));

  it.each([
    ['a password file', 'shadow-trace', () => file('shadow-trace', SHADOW), 'format (line 1): expected a trace in one of the formats'],
    ['a PNG', 'png-trace', () => file('png-trace.png', PNG), 'format (line 1): expected a trace'],
    ['/dev/zero', 'zero-trace', () => '/dev/zero', "line 1: expected a line of at most 65,536 characters (cowsim's limit for a trace line)"],
    ['a gzip of one 700 MB line', 'bomb-trace', () => file('bomb.csv.gz', Buffer.concat(Array.from({ length: 700 }, () => gzipSync(Buffer.alloc(1 << 20, 'A'))))), "line 1: expected a line of at most 65,536 characters"],
  ])('%s: exit 2 naming the file and the line, nothing written', async (_what, name, trace, message) => {
    const path = trace();
    const out = join(directory, `out-${name}`);
    await refused(['run', '--scenario', scenarioWith(name, path), '--out', out, '--quiet'], `${path}: ${message}`);
    expect(existsSync(out)).toBe(false);
  });
});

describe('a gate rules file in no expected format', () => {
  const summary = JSON.stringify({ scenario: 'x', iops: 100, correctness: { mismatches: 0 } });

  it.each([
    ['a password file', 'shadow-rules', SHADOW, 'top level: expected a YAML or JSON list of rules'],
    ['a JSON file of credentials', 'creds.json', `{"token": "${SECRET}"`, 'line 1, column 45: expected a YAML or JSON list of rules'],
    ['a JSON file V8 quotes in its error', 'quoted.json', `${SECRET} is not json`, 'file: expected a YAML or JSON list of rules'],
    ['a YAML list of secrets', 'list.yaml', `- ${SECRET}\n- ${SECRET}2\n`, '[0]: expected a rule string or {rule, description}, found text that is not a rule (content not shown'],
    ['a YAML list of credentials', 'list-objects.yaml', `- password: ${SECRET}\n`, '[0]: expected a rule string or {rule, description}, found an object without the key rule'],
    ['prose', 'README', `The token is ${SECRET}\nand more prose\n`, 'top level: expected a YAML or JSON list of rules'],
    ['a PNG', 'rules.png', PNG, 'line 3: expected a YAML or JSON list of rules'],
  ])('%s: named, not quoted', async (_what, name, content, message) => {
    const rules = file(name, content);
    const baseline = file('baseline-summary.json', summary);
    const err = await refused(['gate', '--baseline', baseline, '--current', baseline, '--rules', rules], `${rules}: ${message}`);
    expect(err.split('\n').filter((line) => line !== '')).toHaveLength(1);
  });

  it('a rules file is quoted once recognised: a bad rule among good ones', async () => {
    const baseline = file('baseline-summary.json', summary);
    const io = bufferIo();
    expect(await cowsim(['gate', '--baseline', baseline, '--current', baseline, '--rules', file('rules.yaml', `- iops>=-2%\n- ${SECRET}\n`)], io)).toBe(2);
    expect(io.err()).toContain(`[1] '${SECRET}': expected one of the operators`);
  });
});

/**
 * `cowsim gate` compares figures of one scenario: a baseline and a current file from different
 * scenarios are refused (exit 2) naming both files and both scenarios, unless
 * --allow-different-scenarios, which compares them with a warning on stderr.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cowsim } from '../../bin/cowsim.js';
import { InputError } from '../../engine/errors.js';
import { gateCommand } from '../../reports/commands/gate-command.js';
import { checkSameScenario, scenarioDifference } from '../../reports/gate/scenario-match.js';
import { bufferIo, temporaryDirectory } from './sweep/fixtures.js';

function summary(scenario: string | undefined) {
  return { ...(scenario === undefined ? {} : { scenario }), seed: 1, iops: 20_000, latency: { write: { p99: 1000 } } };
}

describe('the scenarios of a gate', () => {
  let directory: string;
  const file = (name: string, content: unknown) => {
    const path = join(directory, name);
    writeFileSync(path, JSON.stringify(content, null, 2));
    return path;
  };
  const rules = ['--rule', 'iops>=-2%'];

  beforeAll(() => {
    directory = temporaryDirectory();
  });

  it('refuses summaries of different scenarios with exit 2, naming both files and both scenarios', async () => {
    const baseline = file('oltp.json', summary('oltp'));
    const current = file('backup.json', summary('backup'));
    const io = bufferIo();
    expect(await cowsim(['gate', '--baseline', baseline, '--current', current, ...rules], io)).toBe(2);
    expect(io.out()).toBe('');
    for (const part of [baseline, current, "'oltp'", "'backup'", '--allow-different-scenarios', 'only the name']) expect(io.err()).toContain(part);
  });

  it('compares them with --allow-different-scenarios, warning on stderr even under --quiet', async () => {
    const baseline = file('oltp.json', summary('oltp'));
    const current = file('backup.json', summary('backup'));
    const io = bufferIo();
    const { exitCode } = await gateCommand({ baseline, current, rules: ['iops>=-2%'], quiet: true, allowDifferentScenarios: true }, io);
    expect(exitCode).toBe(0);
    expect(io.err()).toMatch(/^WARNING: comparing different scenarios/);
    expect(io.err()).toContain(`baseline ${baseline} ran 'oltp'; current ${current} ran 'backup'`);
  });

  it('passes quietly when the scenarios agree, or when a file records none', async () => {
    const baseline = file('a.json', summary('oltp'));
    for (const current of [file('b.json', summary('oltp')), file('unnamed.json', summary(undefined))]) {
      const io = bufferIo();
      expect(await cowsim(['gate', '--baseline', baseline, '--current', current, ...rules], io)).toBe(0);
      expect(io.err()).toBe('');
    }
  });

  it('compares digests when both files record one (sweep.json): an edited scenario of one name differs', () => {
    const named = (digest: string) => ({ name: 'oltp', source: 'oltp.yaml', digest });
    expect(scenarioDifference(named('sha256:aa'), named('sha256:aa'))).toBeNull();
    expect(scenarioDifference(named('sha256:aa'), named('sha256:bb'))).toMatch(/same name, different contents/);
    expect(() => checkSameScenario({ file: 'a/sweep.json', scenario: named('sha256:aa') }, { file: 'b/sweep.json', scenario: named('sha256:bb') }, false)).toThrow(InputError);
    expect(checkSameScenario({ file: 'a', scenario: { name: 'x' } }, { file: 'b', scenario: { name: 'y' } }, true)).toMatch(/^WARNING/);
  });
});

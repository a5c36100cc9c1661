/**
 * The scenario file's `faults:` section: per device, a list of rules resolved to integer ratios,
 * nanoseconds and device blocks; bad input names the file, the field and what was expected, and
 * through the CLI exits 2 with nothing written.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cowsim } from '../../bin/cowsim.js';
import { scenarioFromText } from '../../workloads/scenario/load.js';
import { ScenarioError } from '../../workloads/scenario/scenario-error.js';
import { bufferIo, temporaryDirectory, tinyScenario, writeScenarioFile } from '../reports/sweep/fixtures.js';

const base = `
name: f
volume: { size: 64MiB, blockSize: 4KiB }
devices:
  origin: { preset: ssd-sata }
  snapshotStore: { preset: ssd-sata, size: 32MiB }
workloads:
  - { name: w, rw: randwrite }
`;

function withFaults(faults: string): string {
  return `${base}faults:\n${faults}`;
}

function problems(text: string): { field: string; expected: string }[] {
  try {
    scenarioFromText(text, 'bad.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as ScenarioError).issues;
  }
  throw new Error('the scenario was accepted');
}

describe('the faults section of a scenario file', () => {
  it('is absent unless written', () => {
    expect(scenarioFromText(base, 'f.yaml').faults).toBeUndefined();
    expect(scenarioFromText(withFaults('  origin: []\n'), 'f.yaml').faults).toEqual({ origin: [], snapshotStore: [] });
  });

  it('resolves ratios, times in ns, blocks of the device and default operations', () => {
    const scenario = scenarioFromText(
      withFaults(`  origin:
    - { kind: bitFlip, probability: 1/1000, window: { from: 100ms, until: 300ms }, blocks: { offset: 50%, size: 1MiB } }
    - { kind: latencySpike, probability: "3/4", extra: 5ms, operations: [read] }
  snapshotStore:
    - { kind: grayFailure, probability: 1, window: { from: 1s }, factor: 2.5 }
    - { kind: readError, probability: 0 }
`),
      'f.yaml',
    );
    expect(scenario.faults!.origin).toEqual([
      {
        kind: 'bitFlip',
        probability: { numerator: 1, denominator: 1000 },
        window: { fromNs: 100_000_000, untilNs: 300_000_000 },
        blocks: { from: 8192, until: 8192 + 256 },
        operations: ['write'],
      },
      { kind: 'latencySpike', probability: { numerator: 3, denominator: 4 }, operations: ['read'], extraNs: 5_000_000 },
    ]);
    expect(scenario.faults!.snapshotStore).toEqual([
      { kind: 'grayFailure', probability: { numerator: 1, denominator: 1 }, window: { fromNs: 1e9, untilNs: Number.POSITIVE_INFINITY }, operations: ['read', 'write'], factor: 2.5 },
      { kind: 'readError', probability: { numerator: 0, denominator: 1 }, operations: ['read'] },
    ]);
  });

  it('names the field and what was expected for bad rules', () => {
    expect(problems(withFaults('  origin: [{ kind: bitflip, probability: 1/10 }]\n'))[0]).toEqual({
      field: 'faults.origin[0].kind',
      expected: expect.stringContaining('one of "readError", "writeError", "tornWrite"'),
    });
    for (const probability of ['1/0', '0.001', '2/1', 'often']) {
      expect(problems(withFaults(`  origin: [{ kind: bitFlip, probability: ${probability} }]\n`))[0], probability).toEqual({
        field: 'faults.origin[0].probability',
        expected: expect.stringMatching(/^a ratio n\/d of whole numbers with n <= d, such as "1\/1000", found .+/),
      });
    }
    expect(problems(withFaults('  snapshotStore: [{ kind: droppedWrite, probability: 1/10, window: { from: 300ms, until: 100ms } }]\n'))[0]).toEqual({
      field: 'faults.snapshotStore[0].window',
      expected: 'from before until, both non-negative times, found from 300 ms until 100 ms',
    });
    expect(problems(withFaults('  origin: [{ kind: bitFlip, probability: 1/10, extra: 5ms }]\n'))[0]).toEqual({
      field: 'faults.origin[0].extra',
      expected: 'nothing for bitFlip (only latencySpike and grayFailure add time)',
    });
    expect(problems(withFaults('  origin: [{ kind: latencySpike, probability: 1/10 }]\n'))[0]).toEqual({
      field: 'faults.origin[0].extra',
      expected: 'a positive duration for latencySpike, such as 5ms',
    });
    expect(problems(withFaults('  origin: [{ kind: grayFailure, probability: 1/10, factor: 0.5 }]\n'))[0]).toEqual({
      field: 'faults.origin[0].factor',
      expected: 'a number of at least 1, found 0.5',
    });
    expect(problems(withFaults('  origin: [{ kind: writeError, probability: 1/10, operations: [read] }]\n'))[0]).toEqual({
      field: 'faults.origin[0].operations',
      expected: 'a non-empty list of "write" for writeError, found ["read"]',
    });
    expect(problems(withFaults('  snapshotStore: [{ kind: tornWrite, probability: 1/10, blocks: { offset: 30MiB, size: 4MiB } }]\n'))[0]).toEqual({
      field: 'faults.snapshotStore[0].blocks',
      expected: 'a part of the 33554432-byte snapshotStore device of at least one block (offset and size are sizes or percentages of the device)',
    });
    expect(problems(withFaults('  origin: [{ kind: bitFlip, probability: 1/10, rate: 5 }]\n'))[0]).toEqual({
      field: 'faults.origin[0].rate',
      expected: 'no field named "rate" (unknown fields are refused, to catch typos)',
    });
    expect(problems(withFaults('  store: []\n'))[0]!.field).toBe('faults.store');
  });

  it('through the CLI: exit 2, the file, the field and what was expected, and nothing written', async () => {
    const directory = temporaryDirectory();
    const file = writeScenarioFile(directory, { ...tinyScenario, faults: { origin: [{ kind: 'tornWrite', probability: '1/1000', window: { from: '2s', until: '1s' } }] } });
    const out = join(directory, 'never');
    const io = bufferIo();
    expect(await cowsim(['run', '--scenario', file, '--out', out], io)).toBe(2);
    expect(io.err()).toBe(`cowsim: ${file}: faults.origin[0].window: expected from before until, both non-negative times, found from 2000 ms until 1000 ms\n`);
    expect(io.out()).toBe('');
    expect(existsSync(out)).toBe(false);
  });
});

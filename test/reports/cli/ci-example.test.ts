/** The CI example of docs/gates.md stays usable: its rules parse, and every figure they name is in the committed baseline. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cowsim } from '../../../bin/cowsim.js';
import { readRulesFile } from '../../../reports/gate/rules-file.js';
import { flattenFigures } from '../../../reports/statistics/flatten-figures.js';
import { bufferIo } from '../sweep/fixtures.js';

const REPOSITORY = resolve(import.meta.dirname, '../../..');
const BASELINE = resolve(REPOSITORY, 'examples/ci/baseline-summary.json');
const RULES = resolve(REPOSITORY, 'examples/ci/gate-rules.yaml');

describe('examples/ci', () => {
  it('the baseline is a summary.json of a run of examples/oltp-nvme-locks.yaml that passed correctness', () => {
    const baseline = JSON.parse(readFileSync(BASELINE, 'utf8')) as { scenario: string; correctness: { verdict: string; reproduce: string } };
    expect(baseline.scenario).toBe('oltp-nvme-locks');
    expect(baseline.correctness.verdict).toBe('pass');
    expect(baseline.correctness.reproduce).toContain('examples/oltp-nvme-locks.yaml');
  });

  it('every rule names a figure of the baseline, and the baseline passes against itself', async () => {
    const rules = await readRulesFile(RULES);
    expect(rules.length).toBeGreaterThanOrEqual(5);
    const figures = flattenFigures(JSON.parse(readFileSync(BASELINE, 'utf8')));
    for (const rule of rules) expect(figures, rule.text).toHaveProperty([rule.figure]);
    const io = bufferIo();
    expect(await cowsim(['gate', '--baseline', BASELINE, '--current', BASELINE, '--rules', RULES], io)).toBe(0);
    expect(io.out()).toContain(`gate pass: all ${rules.length} rules passed`);
  });
});

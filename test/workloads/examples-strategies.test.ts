/**
 * Every snapshot strategy passes the oracle on every example scenario (design.md section 8): the
 * designs the method competes with are checked exactly as the method is (examples.test.ts runs
 * the method).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StrategyName } from '../../engine/snapshot-strategy.js';
import { runScenario } from '../../workloads/run.js';
import { loadScenarioFile } from '../../workloads/scenario/load.js';
import { withStrategy } from '../../workloads/scenario/snapshots-off.js';

const files = readdirSync('examples').filter((name) => name.endsWith('.yaml'));
const strategies: StrategyName[] = ['quiesce', 'redirect-on-write'];

describe.each(strategies)('the %s strategy', (strategy) => {
  it.each(files)(`runs %s and passes verification`, async (file) => {
    const result = await runScenario(withStrategy(await loadScenarioFile(`examples/${file}`), strategy));
    expect(result.correctness.details).toEqual([]);
    expect(result.correctness.verdict).toBe('pass');
    expect(result.strategy.name).toBe(strategy);
    // Quiesce drains before every snapshot: the dual-write row never arises.
    if (strategy === 'quiesce') expect(result.cow.dualWrites).toBe(0);
  });
});

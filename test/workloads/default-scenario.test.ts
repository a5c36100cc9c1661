/**
 * The default scenario exists to show the dual-write row of the method table (design.md section 1):
 * a write received before a preserve command that reaches its chunk after a later write has copied
 * the chunk lands in both images. It must show it on every seed, not only on its own seed 42; and
 * examples/default.yaml must stay the same scenario as the embedded one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runScenario } from '../../workloads/run.js';
import { defaultScenario } from '../../workloads/scenario/default-scenario.js';
import { loadDefaultScenario, loadScenarioFile } from '../../workloads/scenario/load.js';

const SEEDS = Array.from({ length: 20 }, (_, index) => index + 1);

describe('examples/default.yaml', () => {
  it('is the embedded default scenario, field for field', async () => {
    expect(parseYaml(readFileSync('examples/default.yaml', 'utf8'))).toEqual(defaultScenario);
    const { source: _file, ...fromFile } = await loadScenarioFile('examples/default.yaml');
    const { source: _embedded, ...embedded } = loadDefaultScenario();
    expect(fromFile).toEqual(embedded);
  });
});

describe('the default scenario shows dual writes on every seed', () => {
  const scenario = loadDefaultScenario();
  // The final check reads every block of up to 9 views and costs ten times the simulation
  // itself, so the 20 seeds run without it. Verification only reads, after the run has stopped:
  // the run, and its dual writes, are the same with it on (checked on one seed below).
  const unverified = { ...scenario, verify: false };

  it('dual writes are the same with verification on and off, and the verified run passes (seed 3, which had none before)', async () => {
    const [verified, plain] = await Promise.all([runScenario(scenario, { seed: 3 }), runScenario(unverified, { seed: 3 })]);
    expect(verified.correctness.verdict).toBe('pass');
    expect(plain.cow.dualWrites).toBe(verified.cow.dualWrites);
    expect(plain.snapshots.map((snapshot) => snapshot.dualWrites)).toEqual(verified.snapshots.map((snapshot) => snapshot.dualWrites));
    expect(verified.cow.dualWrites).toBeGreaterThan(0);
  }, 60_000);

  it.each(SEEDS)('seed %i', async (seed) => {
    const result = await runScenario(unverified, { seed });
    expect(result.cow.dualWrites).toBeGreaterThan(0);
    // Every preserve command was taken: none skipped for want of a snapshot image.
    expect(result.schedule).toMatchObject({ commands: 24, skipped: 0 });
  });
});

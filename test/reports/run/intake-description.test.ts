/** The text summary's setup lines say which modelled intake a run had, and that a scenario without engine.intake gets one. */
import { describe, expect, it } from 'vitest';
import { describeIntake } from '../../../reports/run/intake-description.js';
import { DEFAULT_INTAKE } from '../../../workloads/scenario/default-intake.js';
import { buildSummary, renderTextSummary } from '../../../reports/run/index.js';
import { loadScenarioFile } from '../../../workloads/scenario/load.js';
import { temporaryDirectory, tinyScenario, writeScenarioFile } from '../sweep/fixtures.js';
import { makeRunResult } from './fixture.js';

describe('the intake in the setup lines', () => {
  it("is the schema's default when the scenario leaves out engine, or engine.intake", async () => {
    const directory = temporaryDirectory();
    const { engine: _engine, ...withoutEngine } = tinyScenario;
    for (const [name, raw] of [['no-engine', withoutEngine], ['no-intake', { ...tinyScenario, engine: { locks: 'chunk' } }]] as const) {
      const scenario = await loadScenarioFile(writeScenarioFile(directory, { ...raw, name }, `${name}.json`));
      expect(scenario.engine.intake, name).toEqual(DEFAULT_INTAKE);
    }
  });

  it('says the default is one, what it is and how to remove it', () => {
    expect(describeIntake(DEFAULT_INTAKE)).toBe(
      'intake 8 servers, 100 µs mean exponential service per write: the default, added when the scenario gives no engine.intake (engine.intake: none removes it)',
    );
    expect(describeIntake({ ...DEFAULT_INTAKE, servers: 16, meanServiceTimeUs: 10_000 })).toBe('intake 16 servers, 10 ms mean exponential service per write (engine.intake)');
    expect(describeIntake(undefined)).toMatch(/^no modelled intake \(engine\.intake: none\)/);
  });

  it('comes right after the setup line of the text summary', () => {
    const result = makeRunResult();
    result.scenario.engine.intake = DEFAULT_INTAKE;
    const lines = renderTextSummary(result, buildSummary(result), 'out').split('\n');
    expect(lines[1]).toMatch(/^setup {7}origin /);
    expect(lines[2]).toBe(`${' '.repeat(12)}${describeIntake(DEFAULT_INTAKE)}`);
  });
});

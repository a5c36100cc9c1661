/**
 * The run phase of `cowsim selftest`: the self-test scenario with the real engine under every lock
 * policy and with a snapshot store that fills, with each other snapshot strategy, then once per run
 * mutant (each with its own strategy). Every run also reopens
 * the volume from its devices and checks it again. A run the simulator stops on an assertion (a
 * mutant breaking the callers' discipline the strict devices enforce) counts as caught, with that
 * reason; for the real engine it is a failure.
 */
import { type EngineMutant, engineMutants } from '../../engine/mutants.js';
import { lockPolicies } from '../../engine/lock-manager.js';
import { STRATEGY_NAMES } from '../../engine/snapshot-strategy.js';
import { runScenario } from '../../workloads/run.js';
import { scenarioFromObject } from '../../workloads/scenario/scenario-object.js';
import type { RawScenario } from '../../workloads/scenario/schema.js';
import { selftestScenario } from '../../workloads/scenario/selftest-scenario.js';
import type { SelftestRow } from './selftest-command.js';

interface RunVariant {
  engine: EngineMutant;
  breaks: string;
  /** What the variant changes in the scenario, shown beside the engine. */
  setting: string;
  scenario: RawScenario;
}

/** Images of 2 MiB hold 30 chunks and their metadata: snapshots alive 100 ms fill them. */
const FILLING_IMAGE = '2MiB';

function variants(): RunVariant[] {
  const base = selftestScenario;
  const real = 'nothing: the real engine';
  const engine = base.engine as Record<string, unknown>;
  const snapshots = base.snapshots as Record<string, unknown>;
  return [
    ...lockPolicies.map((policy) => ({ engine: 'none' as const, breaks: real, setting: `${policy} locks`, scenario: { ...base, engine: { ...engine, locks: policy } } })),
    { engine: 'none', breaks: real, setting: 'store fills', scenario: { ...base, snapshots: { ...snapshots, imageSize: FILLING_IMAGE } } },
    // The strategies the method competes with (design.md section 8), checked by the same oracle.
    ...STRATEGY_NAMES.filter((strategy) => strategy !== 'method').map((strategy) => ({
      engine: 'none' as const,
      breaks: real,
      setting: `${strategy}, ${String(engine.locks)} locks`,
      scenario: { ...base, engine: { ...engine, strategy } },
    })),
    ...engineMutants
      .filter((mutant) => mutant.phase === 'run')
      .map((mutant) => ({
        engine: mutant.name,
        breaks: mutant.breaks,
        setting: mutant.strategy === 'method' ? `${String(engine.locks)} locks` : `${mutant.strategy}, ${String(engine.locks)} locks`,
        scenario: mutant.strategy === 'method' ? base : { ...base, engine: { ...engine, strategy: mutant.strategy } },
      })),
  ];
}

/** Runs every run-phase variant; each row is reported as it finishes. */
export async function runPhase(add: (row: SelftestRow) => void): Promise<void> {
  for (const variant of variants()) add(await runRow(variant));
}

async function runRow(variant: RunVariant): Promise<SelftestRow> {
  const scenario = scenarioFromObject(variant.scenario, '(embedded self-test scenario)');
  const expected = variant.engine === 'none' ? 'pass' : 'fail';
  const row = { phase: 'run' as const, engine: variant.engine, breaks: variant.breaks, setting: variant.setting, expected } as const;
  try {
    const result = await runScenario(scenario, { mutant: variant.engine, reopenCheck: true });
    const filled = result.snapshots.filter((snapshot) => snapshot.reason.startsWith('snapshot store full')).length;
    // The store variant tests nothing unless a store did fill.
    const exercised = variant.setting !== 'store fills' || filled > 0;
    return {
      ...row,
      verdict: result.correctness.verdict,
      mismatches: result.correctness.mismatches,
      dualWrites: result.cow.dualWrites,
      cowCopies: result.cow.copies,
      ...(variant.setting === 'store fills' ? { properties: `${filled} stores filled` } : {}),
      ok: result.correctness.verdict === expected && exercised,
    };
  } catch (error) {
    // Bad input cannot happen here (the scenarios are embedded): this is a simulator assertion or a bug.
    const reason = `stopped: ${error instanceof Error ? error.message : String(error)}`;
    return { ...row, verdict: 'error', mismatches: 0, dualWrites: 0, cowCopies: 0, properties: reason, ok: variant.engine !== 'none' };
  }
}

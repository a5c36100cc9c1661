/**
 * The modelled intake (the front end between a write's receipt and its chunk lock) as the setup
 * lines of a run's text summary give it. A scenario without engine.intake gets one (8 servers,
 * 100 µs mean exponential service per write), which moves every latency: the summary says so,
 * rather than leaving the reader to find it in the schema.
 */
import { formatLatencyUs } from '../charts/index.js';
import type { ModelledIntakeParams } from '../../sim/modelled-intake.js';
import { DEFAULT_INTAKE } from '../../workloads/scenario/default-intake.js';

/** One sentence: the intake's servers and service time, and whether it is the default. */
export function describeIntake(intake: ModelledIntakeParams | undefined): string {
  if (intake === undefined) return 'no modelled intake (engine.intake: none): writes go straight to their chunk lock';
  const spread = intake.distribution === 'lognormal' ? ` (cv ${intake.coefficientOfVariation})` : '';
  const model = `intake ${intake.servers} server${intake.servers === 1 ? '' : 's'}, ${formatLatencyUs(intake.meanServiceTimeUs)} mean ${intake.distribution}${spread} service per write`;
  const isDefault = (Object.keys(DEFAULT_INTAKE) as (keyof ModelledIntakeParams)[]).every((key) => intake[key] === DEFAULT_INTAKE[key]);
  // Matching the default is all a resolved scenario can tell: an explicit copy of it reads the same.
  return isDefault ? `${model}: the default, added when the scenario gives no engine.intake (engine.intake: none removes it)` : `${model} (engine.intake)`;
}

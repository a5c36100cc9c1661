/**
 * The modelled intake a scenario gets when it names no engine, or no engine.intake: 8 servers,
 * 100 µs mean exponential service per write. Written once here, for the schema's defaults, the
 * text summary's setup line (which says when a run has it) and the bench's floor of the null
 * scenario (which must model what that scenario gets).
 */
import type { ModelledIntakeParams } from '../../sim/modelled-intake.js';

/** As a scenario file would give it: the mean service time in nanoseconds. */
export const DEFAULT_INTAKE_RAW = { servers: 8, distribution: 'exponential', meanServiceTime: 100_000, coefficientOfVariation: 1 } as const;

/** As the engine's intake takes it, resolved. */
export const DEFAULT_INTAKE: ModelledIntakeParams = {
  servers: DEFAULT_INTAKE_RAW.servers,
  distribution: DEFAULT_INTAKE_RAW.distribution,
  meanServiceTimeUs: DEFAULT_INTAKE_RAW.meanServiceTime / 1000,
  coefficientOfVariation: DEFAULT_INTAKE_RAW.coefficientOfVariation,
};

/**
 * The crash explorer's defaults: enough cuts and states per seed to cover a small scenario's
 * durable paths, and a flusher that commits about ten times per run.
 */
import type { Scenario } from '../scenario/resolve.js';

/** Cuts sampled per seed (K) beyond the flush points. */
export const DEFAULT_POINTS = 8;
/** Boundaries after each delete command that are always cut: its deleted mark lands in them. */
export const DEFAULT_DELETE_WINDOW = 10;
/** Crash states per cut: nothing unflushed kept, every completed write kept, and one random. */
export const DEFAULT_STATES_PER_CUT = 3;
/** Image corruption injected into one clean crash state in this many (S5). */
export const DEFAULT_FAULT_EVERY = 4;
/** Seeds a campaign runs by default. */
export const DEFAULT_SEEDS = 50;
/** The flusher's interval when the run is bounded by an I/O count only. */
const UNBOUNDED_FLUSH_INTERVAL_NS = 10_000_000;
const FLUSHES_PER_RUN = 10;

/** The flusher's interval: a tenth of the run, at least 1 us. */
export function defaultFlushIntervalNs(scenario: Scenario): number {
  if (!Number.isFinite(scenario.durationNs)) return UNBOUNDED_FLUSH_INTERVAL_NS;
  return Math.max(1000, Math.round(scenario.durationNs / FLUSHES_PER_RUN));
}

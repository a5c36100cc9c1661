/**
 * The largest load a plan may try: past it the scenario is refused (jobs per workload, I/Os in
 * flight, open-loop rate; workloads/scenario/limits.ts). `--max` above it is bad input, and the
 * search that doubles the load stops there instead of growing without bound.
 */
import { MAX_JOBS, MAX_RATE_IOPS } from '../../workloads/scenario/limits.js';
import { ScenarioError } from '../../workloads/scenario/scenario-error.js';

/** The largest load in [start, the knob's schema limit] for which `accepts` holds; `start` must hold. */
export function loadCeiling(accepts: (load: number) => boolean, knob: 'rate' | 'jobs', start: number): number {
  const limit = knob === 'rate' ? MAX_RATE_IOPS : MAX_JOBS;
  if (accepts(limit)) return limit;
  let low = Math.min(start, limit);
  let high = limit;
  // Acceptance falls off once past the ceiling (more load never fits where less did not).
  for (let step = 0; step < 64 && high - low > (knob === 'jobs' ? 1 : low * 1e-6); step++) {
    const middle = knob === 'jobs' ? Math.floor((low + high) / 2) : (low + high) / 2;
    if (accepts(middle)) low = middle;
    else high = middle;
  }
  return low;
}

/** Whether building the scenario at a load succeeds: a ScenarioError means refused; other errors are bugs. */
export function acceptsLoad(build: () => unknown): boolean {
  try {
    build();
    return true;
  } catch (error) {
    if (error instanceof ScenarioError) return false;
    throw error;
  }
}

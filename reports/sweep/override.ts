/**
 * Applies sweep values to the raw scenario object (before validation) by dotted path, and checks
 * the result with the scenario validator, so a bad path or value is reported for the point that
 * produced it, with the field the validator names.
 */
import { InputError } from '../../engine/errors.js';
import { scenarioFromObject } from '../../workloads/scenario/scenario-object.js';
import type { Scenario } from '../../workloads/scenario/resolve.js';
import { ScenarioError } from '../../workloads/scenario/scenario-error.js';
import { describeSweepPoint, SNAPSHOTS_SWITCH, type SweepPoint, type SweepValue } from './grid.js';

/** A sweep point whose scenario the validator refused; exit code 2 like every InputError. */
export class SweepPointError extends InputError {
  constructor(point: SweepPoint, source: string, issues: readonly { field: string; expected: string }[]) {
    super('--set', `point ${describeSweepPoint(point.values)}`, issues.map((issue) => `${issue.field}: ${issue.expected}`).join('; '));
    const lines = issues.map((issue) => `  ${issue.field}: expected ${issue.expected}`);
    this.message = [`--set: the scenario ${source} with ${describeSweepPoint(point.values)} is invalid:`, ...lines].join('\n');
  }
}

/** A deep copy of `raw` with the field at `path` set to `value`; missing objects on the way are created. */
export function withField(raw: Readonly<Record<string, unknown>>, path: string, value: SweepValue): Record<string, unknown> {
  const copy = structuredClone(raw) as Record<string, unknown>;
  // The empty list is one instance in the grid: each point gets its own.
  const fresh: unknown = Array.isArray(value) ? [] : value;
  const segments = path.split('.');
  let container: unknown = copy;
  segments.forEach((segment, position) => {
    const last = position === segments.length - 1;
    const here = segments.slice(0, position).join('.') || '(top level)';
    if (Array.isArray(container)) {
      const index = /^\d+$/.test(segment) ? Number(segment) : NaN;
      if (!(index < container.length)) {
        throw new InputError('--set', path, `an index below ${container.length} at ${here} (it has ${container.length} entries)`, JSON.stringify(segment));
      }
      if (last) container[index] = fresh;
      else container = container[index];
      return;
    }
    if (container === null || typeof container !== 'object') {
      throw new InputError('--set', path, `a path through objects and lists, but ${here} holds ${JSON.stringify(container)}`);
    }
    const object = container as Record<string, unknown>;
    if (last) {
      object[segment] = fresh;
      return;
    }
    if (object[segment] === undefined) object[segment] = /^\d+$/.test(segments[position + 1]!) ? [] : {};
    container = object[segment];
  });
  return copy;
}

/** The raw scenario of a sweep point: every swept field set. */
export function pointObject(raw: Readonly<Record<string, unknown>>, point: SweepPoint): Record<string, unknown> {
  let object: Record<string, unknown> = structuredClone(raw) as Record<string, unknown>;
  for (const [path, value] of Object.entries(point.values)) object = path === SNAPSHOTS_SWITCH ? withSnapshotsSwitched(object, value) : withField(object, path, value);
  return object;
}

/**
 * `snapshots=off`: the scenario with no preserve command at all (no `at` times, no `every`, no
 * `after` triggers; what snapshotsOff calls off). `snapshots=on`: the scenario's own schedule.
 * grid.ts has refused any other value already.
 */
function withSnapshotsSwitched(raw: Readonly<Record<string, unknown>>, value: SweepValue): Record<string, unknown> {
  const copy = structuredClone(raw) as Record<string, unknown>;
  if (value === 'off') copy.snapshots = { at: [] };
  return copy;
}

/** Validates and resolves a point's scenario; a refusal becomes a SweepPointError naming --set and the point. */
export function pointScenario(raw: Readonly<Record<string, unknown>>, point: SweepPoint, source: string): Scenario {
  const object = pointObject(raw, point);
  try {
    return scenarioFromObject(object, source);
  } catch (error) {
    if (error instanceof ScenarioError) throw new SweepPointError(point, source, error.issues);
    throw error;
  }
}

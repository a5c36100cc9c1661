/**
 * A scenario's twin with snapshots off: the same workloads, devices and engine, and no preserve
 * command at all. It is the baseline a snapshot's cost is measured against (design.md section 8).
 */
import type { StrategyName } from '../../engine/snapshot-strategy.js';
import type { Scenario } from './resolve.js';

/** The scenario with no preserve command: no `at` times, no `every`, no `after` triggers. */
export function withoutSnapshots(scenario: Scenario): Scenario {
  const { everyNs: _every, firstAtNs: _first, retain: _retain, ...kept } = scenario.snapshots;
  return { ...scenario, snapshots: { ...kept, atNs: [], after: [] } };
}

/** The scenario with another snapshot strategy. */
export function withStrategy(scenario: Scenario, strategy: StrategyName): Scenario {
  return { ...scenario, engine: { ...scenario.engine, strategy } };
}

/** True when the scenario gives no preserve command. */
export function snapshotsOff(scenario: Pick<Scenario, 'snapshots'>): boolean {
  const { atNs, everyNs, after } = scenario.snapshots;
  return atNs.length === 0 && everyNs === undefined && after.length === 0;
}

/**
 * Whether a gate's baseline and current files come from the same scenario: figures of two
 * different scenarios differ for reasons no code change explains, so the gate refuses them
 * unless told otherwise (`--allow-different-scenarios`).
 */
import { InputError } from '../../engine/errors.js';

/** What a gate input records of its scenario. */
export interface ScenarioIdentity {
  /** The scenario's name; undefined when the file records none (a sweep.csv, a hand-made summary). */
  readonly name?: string;
  /** Where the scenario came from (a sweep.json's source); undefined when not recorded. */
  readonly source?: string;
  /** sha256 of the scenario's contents (a sweep.json's digest); undefined when not recorded. */
  readonly digest?: string;
}

/** A gate input's file name and scenario. */
export interface NamedScenario {
  readonly file: string;
  readonly scenario: ScenarioIdentity;
}

/** How the two scenarios differ; null when they agree, or when the files record too little to tell. */
export function scenarioDifference(baseline: ScenarioIdentity, current: ScenarioIdentity): string | null {
  // The digest is the stronger test: two edits of one file keep its name but not its contents.
  if (baseline.digest !== undefined && current.digest !== undefined) {
    if (baseline.digest === current.digest) return null;
    return baseline.name === current.name ? 'same name, different contents (scenario digests differ)' : 'different scenarios (names and digests differ)';
  }
  if (baseline.name === undefined || current.name === undefined) return null;
  if (baseline.name === current.name) return null;
  // summary.json records the scenario's name only, so names are all there is to compare.
  return 'different scenario names (summary.json records only the name, so only names were compared)';
}

/** `'name' (source, digest)` as far as the file records them. */
export function describeScenario(scenario: ScenarioIdentity): string {
  const details = [scenario.source, scenario.digest?.slice(0, 'sha256:'.length + 12)].filter((detail) => detail !== undefined);
  const name = scenario.name === undefined ? 'an unnamed scenario' : `'${scenario.name}'`;
  return details.length === 0 ? name : `${name} (${details.join(', ')})`;
}

/**
 * Throws an InputError (exit 2) naming both files and both scenarios when they differ; with
 * `allow` returns a warning to print instead. Returns null when the scenarios agree.
 */
export function checkSameScenario(baseline: NamedScenario, current: NamedScenario, allow: boolean): string | null {
  const difference = scenarioDifference(baseline.scenario, current.scenario);
  if (difference === null) return null;
  const both = `baseline ${baseline.file} ran ${describeScenario(baseline.scenario)}; current ${current.file} ran ${describeScenario(current.scenario)}`;
  if (allow) {
    return `WARNING: comparing different scenarios (--allow-different-scenarios): ${both}. Their figures differ for reasons other than the change under test; a pass or a failure here says little.`;
  }
  throw new InputError(
    current.file,
    'scenario',
    `the scenario of the baseline (${both})`,
    `${difference}; figures of different scenarios are not comparable. Run both from one scenario, or pass --allow-different-scenarios to compare anyway`,
  );
}

/**
 * A scenario object (parsed from a file, or edited by a sweep) validated against the schema and
 * resolved. Kept apart from the file reading of load.ts so that a sweep or crash worker, which
 * receives objects, loads no text parser.
 */
import type { Scenario } from './resolve.js';
import { resolveScenario } from './resolve.js';
import { ScenarioError } from './scenario-error.js';
import { schemaIssues } from './schema-issues.js';
import { scenarioSchema } from './schema.js';

/** Validates and resolves a scenario object; `source` names it in errors. */
export function scenarioFromObject(raw: unknown, source: string): Scenario {
  const parsed = scenarioSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new ScenarioError(source, schemaIssues(parsed.error.issues));
  const resolved = resolveScenario(parsed.data, source);
  if (Array.isArray(resolved)) throw new ScenarioError(source, resolved);
  return resolved;
}

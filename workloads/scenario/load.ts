/**
 * Loads a scenario from a JSON or YAML file (or text), validates it, and resolves it. Every
 * problem becomes a ScenarioError naming the file, the field path and what was expected.
 */
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { defaultScenario } from './default-scenario.js';
import { describeZodIssue, resolveScenario, type Scenario } from './resolve.js';
import { fieldPath, ScenarioError } from './scenario-error.js';
import { scenarioSchema } from './schema.js';

/** Validates and resolves a scenario object; `source` names it in errors. */
export function scenarioFromObject(raw: unknown, source: string): Scenario {
  const parsed = scenarioSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    throw new ScenarioError(
      source,
      parsed.error.issues.map((problem) => {
        // An unknown key is reported at its own path, so the user sees exactly which field.
        const path = problem.code === 'unrecognized_keys' ? [...problem.path, problem.keys[0]!] : problem.path;
        // YAML reads a bare `null` as nothing, not as the null disk model's name.
        if (path.at(-1) === 'model' && problem.code === 'invalid_type' && problem.input === null) {
          return { field: fieldPath(path), expected: 'a disk model name (write "null" in quotes for the null model: bare null in YAML means no value)' };
        }
        return { field: fieldPath(path), expected: describeZodIssue(problem) };
      }),
    );
  }
  const resolved = resolveScenario(parsed.data, source);
  if (Array.isArray(resolved)) throw new ScenarioError(source, resolved);
  return resolved;
}

/** Parses JSON or YAML text (JSON is YAML) and resolves it. */
export function scenarioFromText(text: string, source: string): Scenario {
  return scenarioFromObject(scenarioObjectFromText(text, source), source);
}

/** Parses JSON or YAML text into the raw scenario object, before validation (sweeps edit it). */
export function scenarioObjectFromText(text: string, source: string): Record<string, unknown> {
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    const [line, column] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [undefined, undefined];
    throw new ScenarioError(source, [
      { field: line === undefined ? '(file)' : `line ${line}, column ${column}`, expected: `valid YAML or JSON (${error.message.split('\n')[0]})` },
    ]);
  }
  const raw: unknown = document.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ScenarioError(source, [{ field: '(top level)', expected: 'a mapping with name, volume, devices and workloads' }]);
  }
  return raw as Record<string, unknown>;
}

/** Reads a scenario file; a missing or unreadable file is a ScenarioError too. */
export async function loadScenarioFile(path: string): Promise<Scenario> {
  return scenarioFromObject(await readScenarioObject(path), path);
}

/** Reads a scenario file into its raw object, before validation. */
export async function readScenarioObject(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ScenarioError(path, [{ field: '(file)', expected: `a readable scenario file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` }]);
  }
  return scenarioObjectFromText(text, path);
}

/** The embedded default scenario, resolved. */
export function loadDefaultScenario(): Scenario {
  return scenarioFromObject(defaultScenario, '(embedded default scenario)');
}

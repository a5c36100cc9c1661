/**
 * Loads a scenario from a JSON or YAML file (or text), validates it, and resolves it. Every
 * problem becomes a ScenarioError naming the file, the field path and what was expected. A file
 * not recognised as a scenario (recognise.ts) is named with the line, its content never quoted.
 */
import { expandFioEntries, type FioWarn } from '../fio/load-fio.js';
import { readInputText } from '../input-text.js';
import { parseYamlOrJson } from '../yaml-or-json.js';
import { defaultScenario } from './default-scenario.js';
import { NOT_RECOGNISED, SCENARIO_MARKER_KEYS } from './recognise.js';
import type { Scenario } from './resolve.js';
import { ScenarioError } from './scenario-error.js';
import { scenarioFromObject } from './scenario-object.js';

export { scenarioFromObject } from './scenario-object.js';

/** Parses JSON or YAML text (JSON is YAML) and resolves it. */
export function scenarioFromText(text: string, source: string): Scenario {
  return scenarioFromObject(scenarioObjectFromText(text, source), source);
}

/** Parses JSON or YAML text into the raw scenario object, before validation (sweeps edit it). */
export function scenarioObjectFromText(text: string, source: string): Record<string, unknown> {
  const document = parseYamlOrJson(text, SCENARIO_MARKER_KEYS);
  // YAML messages can quote the text (a tag, an escape, an alias): only a scenario's are shown.
  const recognised = document.recognised;
  const shown = (message: string): string => (recognised ? message.split('\n')[0]! : NOT_RECOGNISED);
  const parseError = document.error;
  if (parseError !== undefined) {
    const field = parseError.line === undefined ? '(file)' : `line ${parseError.line}, column ${parseError.column}`;
    throw new ScenarioError(source, [{ field, expected: `valid YAML or JSON (${shown(parseError.message)})` }]);
  }
  let raw: unknown;
  try {
    raw = document.toJS();
  } catch (error) {
    // An alias without its anchor, or too many aliases: the document does not resolve.
    throw new ScenarioError(source, [{ field: '(file)', expected: `valid YAML or JSON with resolvable aliases (${shown((error as Error).message)})` }]);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ScenarioError(source, [{ field: '(top level)', expected: 'a mapping with name, volume, devices and workloads' }]);
  }
  if (!recognised) {
    throw new ScenarioError(source, [
      { field: '(top level)', expected: `a scenario: a mapping with name, ${SCENARIO_MARKER_KEYS.join(', ')}; found none of ${SCENARIO_MARKER_KEYS.join(', ')} (${NOT_RECOGNISED})` },
    ]);
  }
  return raw as Record<string, unknown>;
}

/** How a scenario file's `fio:` entries report the job options they ignore (default: standard error). */
export interface ScenarioReadOptions {
  warn?: FioWarn;
}

const warnOnStderr: FioWarn = (warning) => void process.stderr.write(`cowsim: warning: ${warning}\n`);

/** Reads a scenario file; a missing or unreadable file is a ScenarioError too. */
export async function loadScenarioFile(path: string, options: ScenarioReadOptions = {}): Promise<Scenario> {
  return scenarioFromObject(await readScenarioObject(path, options), path);
}

/** Reads a scenario file into its raw object, before validation; `fio: FILE` workload entries become FILE's jobs. */
export async function readScenarioObject(path: string, options: ScenarioReadOptions = {}): Promise<Record<string, unknown>> {
  const raw = scenarioObjectFromText(await readInputFile(path, { file: 'scenario file', content: 'a scenario', notRecognised: NOT_RECOGNISED }), path);
  return expandFioEntries(raw, path, options.warn ?? warnOnStderr);
}

/**
 * The text of a YAML or JSON input file (a scenario, a device file); unreadable, too large or
 * binary is a ScenarioError naming the file, whose content is never quoted (`notRecognised` says so).
 */
export async function readInputFile(path: string, names: { file: string; content: string; notRecognised: string }): Promise<string> {
  let input: Awaited<ReturnType<typeof readInputText>>;
  try {
    input = await readInputText(path);
  } catch (error) {
    throw new ScenarioError(path, [{ field: '(file)', expected: `a readable ${names.file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` }]);
  }
  if (input.kind === 'too-large') throw new ScenarioError(path, [{ field: '(file)', expected: `a ${names.file} of at most ${input.maxBytes / 1024 / 1024} MiB (${names.notRecognised})` }]);
  if (input.kind === 'binary') throw new ScenarioError(path, [{ field: `line ${input.line}`, expected: `${names.content} in YAML or JSON text, not binary content (${names.notRecognised})` }]);
  return input.text;
}

/** Loads the scenario a command names, or the embedded default. */
export function loadScenario(path: string | undefined, options: ScenarioReadOptions = {}): Promise<Scenario> {
  return path === undefined ? Promise.resolve(loadDefaultScenario()) : loadScenarioFile(path, options);
}

/** The embedded default scenario, resolved. */
export function loadDefaultScenario(): Scenario {
  return scenarioFromObject(defaultScenario, '(embedded default scenario)');
}

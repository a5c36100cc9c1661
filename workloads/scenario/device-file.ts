/**
 * A device file: one device entry of a scenario on its own (`preset` or `model`, `params`,
 * `scheduler`), in YAML or JSON, for `cowsim validate --device`. It is checked by the scenario's
 * device schema and resolved as a scenario's device entry is, so its errors read the same, each
 * naming the file and the field. `size` has no meaning there (the trace's addresses decide what is
 * used) and is refused. Until the file is recognised as a device entry (a mapping with `preset` or
 * `model`) its content is never quoted, as for a scenario.
 */
import { parseYamlOrJson } from '../yaml-or-json.js';
import { readInputFile } from './load.js';
import { resolveDeviceEntry, type DeviceEntry } from './resolve.js';
import { schemaIssues } from './schema-issues.js';
import { fieldPath, ScenarioError, type ScenarioIssue } from './scenario-error.js';
import { deviceSchema } from './schema.js';

const NOT_RECOGNISED = 'content not shown: the file is not recognised as a device entry';
const MARKER_KEYS = ['preset', 'model'];

/** Validates and resolves a device entry object; `source` names it in errors. */
export function deviceFromObject(raw: unknown, source: string): DeviceEntry {
  const parsed = deviceSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new ScenarioError(source, schemaIssues(parsed.error.issues));
  const issues: ScenarioIssue[] = [];
  if (parsed.data.size !== undefined) issues.push({ field: 'size', expected: 'no size in a device file (validate uses the addresses the trace names; set params.capacityBytes for the drive\'s capacity)' });
  const entry = resolveDeviceEntry(parsed.data, [], (path, expected) => issues.push({ field: fieldPath(path), expected }));
  if (issues.length > 0 || entry === undefined) throw new ScenarioError(source, issues);
  return entry;
}

/** Reads a device file (YAML or JSON); every problem is a ScenarioError naming the file and field (exit 2). */
export async function loadDeviceFile(path: string): Promise<DeviceEntry> {
  const text = await readInputFile(path, { file: 'device file', content: 'a device entry', notRecognised: NOT_RECOGNISED });
  const document = parseYamlOrJson(text, MARKER_KEYS);
  const recognised = document.recognised;
  const shown = (message: string): string => (recognised ? message.split('\n')[0]! : NOT_RECOGNISED);
  const parseError = document.error;
  if (parseError !== undefined) {
    const field = parseError.line === undefined ? '(file)' : `line ${parseError.line}, column ${parseError.column}`;
    throw new ScenarioError(path, [{ field, expected: `valid YAML or JSON (${shown(parseError.message)})` }]);
  }
  let raw: unknown;
  try {
    raw = document.toJS();
  } catch (error) {
    throw new ScenarioError(path, [{ field: '(file)', expected: `valid YAML or JSON with resolvable aliases (${shown((error as Error).message)})` }]);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || !recognised) {
    throw new ScenarioError(path, [{ field: '(top level)', expected: `a device entry: a mapping with preset or model, and optionally params and scheduler (${NOT_RECOGNISED})` }]);
  }
  return deviceFromObject(raw, path);
}

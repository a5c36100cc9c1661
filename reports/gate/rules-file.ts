import { parseDocument } from 'yaml';
import { InputError } from '../../engine/errors.js';
import { readInputText } from '../../workloads/input-text.js';
import { parseRule, type GateRule } from './rule.js';
import { jsonErrorPosition, looksLikeRule, looksLikeRulesDocument, RULES_NOT_RECOGNISED } from './rules-recognise.js';

const EXPECTED_FILE =
  "a YAML or JSON list of rules, each a rule string ('iops>=-2%') or {rule, description}; or {rules: [...]}";

/**
 * Parses the text of a rules file: a YAML or JSON list whose entries are rule strings or {rule, description}
 * objects, optionally wrapped as {rules: [...]}. JSON is read when `fileName` ends in .json, YAML otherwise.
 * Throws InputError naming the file and entry; the file's content is quoted only once it is
 * recognised as a rules file (rules-recognise.ts).
 */
export function parseRulesFile(text: string, fileName: string): GateRule[] {
  const document = fileName.toLowerCase().endsWith('.json') ? parseJson(text, fileName) : parseYamlRules(text, fileName);
  let entries: unknown = document;
  let prefix = '';
  if (typeof document === 'object' && document !== null && !Array.isArray(document)) {
    const keys = Object.keys(document);
    if (!keys.includes('rules')) throw new InputError(fileName, 'top level', EXPECTED_FILE, `an object without the key rules (${RULES_NOT_RECOGNISED})`);
    if (keys.length !== 1) {
      throw new InputError(fileName, 'top level', EXPECTED_FILE, `an object with keys ${keys.join(', ')}`);
    }
    entries = (document as { rules: unknown }).rules;
    prefix = 'rules';
  }
  if (!Array.isArray(entries)) {
    throw new InputError(fileName, prefix || 'top level', EXPECTED_FILE, prefix === '' && typeof entries === 'string' ? `text (${RULES_NOT_RECOGNISED})` : describe(entries));
  }
  if (entries.length === 0) throw new InputError(fileName, prefix || 'top level', 'at least one rule', 'an empty list');
  // A list none of whose entries looks like a rule may be any YAML list (a key file, a config): no quotes.
  const recognised = prefix === 'rules' || entries.some(looksLikeRule);
  return entries.map((entry, index) => {
    const field = `${prefix}[${index}]`;
    if (!recognised && typeof entry === 'string') throw new InputError(fileName, field, "a rule string or {rule, description}", `text that is not a rule (${RULES_NOT_RECOGNISED})`);
    if (!recognised && typeof entry === 'object' && entry !== null) {
      throw new InputError(fileName, field, "a rule string or {rule, description}", `${Array.isArray(entry) ? 'a list' : 'an object without the key rule'} (${RULES_NOT_RECOGNISED})`);
    }
    if (typeof entry === 'string') return parseRule(entry, { file: fileName, field });
    if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
      const { rule, description, ...rest } = entry as Record<string, unknown>;
      const unknownKeys = Object.keys(rest);
      if (unknownKeys.length > 0) {
        throw new InputError(fileName, field, 'only the keys rule and description', `key ${unknownKeys.join(', ')}`);
      }
      if (typeof rule !== 'string') throw new InputError(fileName, `${field}.rule`, 'a rule string', describe(rule));
      if (description !== undefined && typeof description !== 'string') {
        throw new InputError(fileName, `${field}.description`, 'a string', describe(description));
      }
      return parseRule(rule, { file: fileName, field: `${field}.rule` }, description);
    }
    throw new InputError(fileName, field, "a rule string or {rule, description}", describe(entry));
  });
}

/** Reads and parses a rules file (see parseRulesFile); an unreadable, binary or huge file is an InputError. */
export async function readRulesFile(path: string): Promise<GateRule[]> {
  let input: Awaited<ReturnType<typeof readInputText>>;
  try {
    input = await readInputText(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InputError(path, 'file', 'a readable rules file', code);
  }
  if (input.kind === 'too-large') throw new InputError(path, 'file', `a rules file of at most ${input.maxBytes / 1024 / 1024} MiB`, `a larger file (${RULES_NOT_RECOGNISED})`);
  if (input.kind === 'binary') throw new InputError(path, `line ${input.line}`, EXPECTED_FILE, `binary content (${RULES_NOT_RECOGNISED})`);
  return parseRulesFile(input.text, path);
}

/** JSON.parse's messages quote the text: only the position is kept. */
function parseJson(text: string, fileName: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = jsonErrorPosition((error as Error).message, text);
    throw new InputError(fileName, position ?? 'file', EXPECTED_FILE, `unparsable JSON (${RULES_NOT_RECOGNISED})`);
  }
}

/** YAML; the parser's message (which may quote the text) is shown only for a recognisable rules document. */
function parseYamlRules(text: string, fileName: string): unknown {
  const document = parseDocument(text);
  const recognised = looksLikeRulesDocument(document.contents);
  const shown = (message: string): string => (recognised ? message.split('\n')[0]! : RULES_NOT_RECOGNISED);
  const error = document.errors[0];
  if (error !== undefined) {
    const at = error.linePos?.[0];
    throw new InputError(fileName, at === undefined ? 'file' : `line ${at.line}, column ${at.col}`, EXPECTED_FILE, `unparsable content (${shown(error.message)})`);
  }
  try {
    return document.toJS();
  } catch (caught) {
    // An alias without its anchor, or too many aliases.
    throw new InputError(fileName, 'file', EXPECTED_FILE, `unparsable content (${shown((caught as Error).message)})`);
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

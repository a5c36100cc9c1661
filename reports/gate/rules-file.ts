import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { InputError } from '../../engine/errors.js';
import { parseRule, type GateRule } from './rule.js';

const EXPECTED_FILE =
  "a YAML or JSON list of rules, each a rule string ('iops>=-2%') or {rule, description}; or {rules: [...]}";

/**
 * Parses the text of a rules file: a YAML or JSON list whose entries are rule strings or {rule, description}
 * objects, optionally wrapped as {rules: [...]}. JSON is read when `fileName` ends in .json, YAML otherwise.
 * Throws InputError naming the file and entry.
 */
export function parseRulesFile(text: string, fileName: string): GateRule[] {
  let document: unknown;
  try {
    document = fileName.toLowerCase().endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new InputError(fileName, 'file', EXPECTED_FILE, `unparsable content (${(error as Error).message.split('\n')[0]})`);
  }
  let entries: unknown = document;
  let prefix = '';
  if (typeof document === 'object' && document !== null && !Array.isArray(document)) {
    const keys = Object.keys(document);
    if (keys.length !== 1 || keys[0] !== 'rules') {
      throw new InputError(fileName, 'top level', EXPECTED_FILE, `an object with keys ${keys.join(', ') || '(none)'}`);
    }
    entries = (document as { rules: unknown }).rules;
    prefix = 'rules';
  }
  if (!Array.isArray(entries)) {
    throw new InputError(fileName, prefix || 'top level', EXPECTED_FILE, describe(entries));
  }
  if (entries.length === 0) throw new InputError(fileName, prefix || 'top level', 'at least one rule', 'an empty list');
  return entries.map((entry, index) => {
    const field = `${prefix}[${index}]`;
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

/** Reads and parses a rules file (see parseRulesFile); an unreadable file is an InputError. */
export async function readRulesFile(path: string): Promise<GateRule[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InputError(path, 'file', 'a readable rules file', code);
  }
  return parseRulesFile(text, path);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * Whether a `gate --rules` file is recognisably a rules file. Until it is, errors name the file
 * and the line or entry but never quote its content: the flag may point at anything (a key, a
 * password file, another tool's config) and gate runs in CI, whose logs are public.
 */
import { isMap, isScalar, isSeq } from 'yaml';

/** What an error says instead of the content of a file that is not recognised. */
export const RULES_NOT_RECOGNISED = 'content not shown: the file is not recognised as a rules file';

// A figure name, then the first character of a comparison operator: `iops>=`, `latency.write.p99 <`.
const RULE_START = /^\s*[A-Za-z0-9_.-]+\s*[<>=!]/;

/** True for an entry shaped like a rule: a string starting `<figure><operator>`, or an object with a rule key. */
export function looksLikeRule(entry: unknown): boolean {
  if (typeof entry === 'string') return RULE_START.test(entry);
  return typeof entry === 'object' && entry !== null && !Array.isArray(entry) && Object.hasOwn(entry, 'rule');
}

/** True for a (possibly partly parsed) YAML document that is a list, or a mapping with the key rules. */
export function looksLikeRulesDocument(contents: unknown): boolean {
  if (isSeq(contents)) return true;
  return isMap(contents) && contents.items.some((pair) => isScalar(pair.key) && pair.key.value === 'rules');
}

/** `line L, column C` of a JSON.parse error that gives a position, from the message's number only. */
export function jsonErrorPosition(message: string, text: string): string | undefined {
  const match = /\bposition (\d+)/.exec(message);
  if (match === null) return undefined;
  const offset = Math.min(Number(match[1]), text.length);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

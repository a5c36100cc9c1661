/**
 * Whether a parsed YAML document is recognisably a scenario. Until it is, errors name the file
 * and the line but never quote its content: `--scenario` may point at anything (/etc/shadow, a
 * CI secret, another tool's config), and scenario errors reach CI logs from pull requests.
 */
import { isMap, isScalar } from 'yaml';

/** Top-level keys only a scenario has (name, seed, duration and the like are common in other files). */
export const SCENARIO_MARKER_KEYS: readonly string[] = ['volume', 'devices', 'workloads'];

/** What the error says instead of the content of a file that is not recognised. */
export const NOT_RECOGNISED = 'content not shown: the file is not recognised as a scenario';

/** True for a top-level mapping (possibly partly parsed) with one of SCENARIO_MARKER_KEYS. */
export function looksLikeScenario(contents: unknown): boolean {
  if (!isMap(contents)) return false;
  return contents.items.some((pair) => isScalar(pair.key) && typeof pair.key.value === 'string' && SCENARIO_MARKER_KEYS.includes(pair.key.value));
}

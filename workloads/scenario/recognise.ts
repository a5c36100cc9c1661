/**
 * How a scenario file is recognised as one (yaml-or-json.ts applies the marker keys). Until it is,
 * errors name the file and the line but never quote its content: `--scenario` may point at
 * anything (/etc/shadow, a CI secret, another tool's config), and scenario errors reach CI logs
 * from pull requests.
 */

/** Top-level keys only a scenario has (name, seed, duration and the like are common in other files). */
export const SCENARIO_MARKER_KEYS: readonly string[] = ['volume', 'devices', 'workloads'];

/** What the error says instead of the content of a file that is not recognised. */
export const NOT_RECOGNISED = 'content not shown: the file is not recognised as a scenario';

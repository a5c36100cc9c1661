import { InputError } from '../../engine/errors.js';

/** A --seed value: an integer the scenario's seed field would accept; undefined when absent. */
export function parseSeed(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1 || String(value).trim() === '') {
    throw new InputError('command line', '--seed', 'an integer from 0 to 4294967295', JSON.stringify(value));
  }
  return seed;
}

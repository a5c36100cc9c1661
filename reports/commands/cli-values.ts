import { availableParallelism } from 'node:os';
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

/**
 * A whole-number flag from `least` to `most`; InputError naming the flag otherwise. `why` says
 * what the upper limit protects, for the message.
 */
export function boundedWholeNumber(value: unknown, flag: string, least: number, most: number, why: string): number {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isInteger(number) || number < least) throw new InputError(flag, flag.replace(/^--/, ''), `a whole number of at least ${least}`, JSON.stringify(value));
  if (number > most) throw new InputError(flag, flag.replace(/^--/, ''), `a whole number of at most ${most.toLocaleString('en-US')} (${why})`, JSON.stringify(value));
  return number;
}

/**
 * `--jobs` above the cores this process may use is lowered to them, with a one-line notice:
 * more threads than cores only cost memory, and results do not depend on the number of jobs, so
 * one command line serves machines of any size.
 */
export function jobsWithinCores(jobs: number, notice: ((line: string) => void) | undefined, cores = availableParallelism()): number {
  if (jobs <= cores) return jobs;
  notice?.(`cowsim: --jobs ${jobs} is more than the ${cores} core${cores === 1 ? '' : 's'} available; using ${cores}`);
  return cores;
}

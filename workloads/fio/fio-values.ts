/**
 * Values as fio reads them. Sizes: a number with an optional k, m, g, t or p, followed by
 * nothing, `b` or `ib`, in either case; with fio's default kb_base=1024 every one of them is a
 * power of 1024 (4k, 4KB and 4KiB are all 4096). With kb_base=1000, k/KB are powers of 1000 and
 * KiB stays 1024. Times: a number with us, ms, s, m, h or d; a bare number is in the option's
 * own unit (seconds for runtime, ramp_time and startdelay, microseconds for thinktime).
 */

const SIZE = /^(\d+(?:\.\d+)?)\s*([kmgtp]?)(i?)(b?)$/i;
const POWERS = ['', 'k', 'm', 'g', 't', 'p'];

/** Bytes for a fio size; undefined when the text is not one (or not an exact whole number of bytes). */
export function parseFioSize(text: string, kbBase: 1000 | 1024): number | undefined {
  const match = SIZE.exec(text.trim());
  if (!match) return undefined;
  const prefix = match[2]!.toLowerCase();
  // "4ib" is no size; "4i" neither.
  if (match[3] !== '' && (prefix === '' || match[4] === '')) return undefined;
  const base = match[3] !== '' ? 1024 : kbBase;
  const bytes = Number(match[1]) * base ** POWERS.indexOf(prefix);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

const TIME_UNITS: ReadonlyMap<string, number> = new Map([
  ['us', 1e3],
  ['usec', 1e3],
  ['ms', 1e6],
  ['msec', 1e6],
  ['s', 1e9],
  ['sec', 1e9],
  ['m', 60e9],
  ['min', 60e9],
  ['h', 3600e9],
  ['d', 86400e9],
]);

/** Integer nanoseconds for a fio time; a bare number is in `bareUnitNs`. */
export function parseFioTimeNs(text: string, bareUnitNs: number): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  if (!match) return undefined;
  const unit = match[2] === '' ? bareUnitNs : TIME_UNITS.get(match[2]!.toLowerCase());
  if (unit === undefined) return undefined;
  const ns = Math.round(Number(match[1]) * unit);
  return Number.isSafeInteger(ns) ? ns : undefined;
}

/** A whole number (fio also takes k/m suffixes on counts: iodepth=1k is rare, but legal). */
export function parseFioInteger(text: string): number | undefined {
  const bytes = parseFioSize(text, 1000);
  return bytes !== undefined && Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** fio's booleans: 1/0, true/false, yes/no, on/off; a bare option is true. */
export function parseFioBoolean(text: string | undefined): boolean | undefined {
  if (text === undefined) return true;
  const value = text.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  return undefined;
}

/**
 * bssplit: `size/percent:size/percent...`. An entry without a percentage shares what the others
 * leave of 100 with the other such entries, as in fio. Returns bytes -> percent, or why not.
 */
export function parseBssplit(text: string, kbBase: 1000 | 1024): Map<number, number> | string {
  if (text.includes(',')) return 'one split for reads and writes alike (cowsim has no separate read and write block sizes; a "," splits them in fio)';
  const split = new Map<number, number>();
  const open: number[] = [];
  let given = 0;
  for (const entry of text.split(':')) {
    const [sizeText, percentText, extra] = entry.split('/');
    const bytes = sizeText === undefined ? undefined : parseFioSize(sizeText, kbBase);
    if (bytes === undefined || bytes === 0 || extra !== undefined) return `entries size/percent separated by ":", such as 4k/70:64k/30, found "${entry}"`;
    if (percentText === undefined || percentText.trim() === '') {
      open.push(bytes);
      continue;
    }
    const percent = Number(percentText);
    if (!/^\s*\d+(\.\d+)?\s*$/.test(percentText) || percent > 100) return `a percentage from 0 to 100 after "/", found "${entry}"`;
    given += percent;
    if (percent > 0) split.set(bytes, (split.get(bytes) ?? 0) + percent);
  }
  if (given > 100) return `percentages adding up to at most 100, found ${given}`;
  for (const bytes of open) split.set(bytes, (split.get(bytes) ?? 0) + (100 - given) / open.length);
  if (split.size === 0) return 'at least one block size with a percentage above 0';
  return split;
}

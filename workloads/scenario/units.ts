/**
 * Sizes and durations as people write them in scenario files: `4KiB`, `8 GiB`, `64k`, `1.5MB`,
 * `10s`, `250ms`, `50us`. Binary prefixes (KiB, k, K) are powers of 1024 as in fio; decimal SI
 * prefixes (KB, MB, GB) are powers of 1000. fio reads `4KB` as 4096 too (unless told
 * kb_base=1000), so a size copied from a fio job can mean 96 bytes less here: the messages say so.
 */

/** How sizes read, for messages about a size: the one place `4KB` differs from fio. */
export const SIZE_UNITS_NOTE =
  "KiB, MiB, GiB, TiB and fio's k, m, g, t (either case) are powers of 1024; KB, MB, GB, TB are powers of 1000, so 4KB is 4000 bytes, not 4096 as fio reads it (write 4KiB or 4k for 4096)";

/**
 * A hint for a size refused as no multiple of `blockBytes`: when it is a whole number of
 * thousands, it was most likely written with KB, MB or GB meant as powers of 1024. Empty otherwise.
 */
export function decimalSizeHint(bytes: number, blockBytes: number): string {
  if (!Number.isInteger(bytes) || bytes <= 0 || bytes % 1000 !== 0 || bytes % blockBytes === 0) return '';
  return ` (${SIZE_UNITS_NOTE})`;
}
// Maps, not plain objects: a unit such as `constructor` or `__proto__` must not find
// Object.prototype's members (that read `1constructor` as NaN and hung runs).
const sizeUnits: ReadonlyMap<string, number> = new Map([
  ['', 1],
  ['b', 1],
  ['k', 1024],
  ['kib', 1024],
  ['m', 1024 ** 2],
  ['mib', 1024 ** 2],
  ['g', 1024 ** 3],
  ['gib', 1024 ** 3],
  ['t', 1024 ** 4],
  ['tib', 1024 ** 4],
  ['kb', 1e3],
  ['mb', 1e6],
  ['gb', 1e9],
  ['tb', 1e12],
]);

const durationUnits: ReadonlyMap<string, number> = new Map([
  ['ns', 1],
  ['us', 1e3],
  ['µs', 1e3],
  ['ms', 1e6],
  ['s', 1e9],
  ['', 1e9],
  ['m', 60e9],
  ['min', 60e9],
  ['h', 3600e9],
]);

/** Bytes for a size; undefined when the text is not a size (or not a finite one). */
export function parseSize(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
  if (!match) return undefined;
  const unit = sizeUnits.get(match[2]!.toLowerCase());
  if (unit === undefined) return undefined;
  const bytes = Math.round(Number(match[1]) * unit);
  return Number.isFinite(bytes) ? bytes : undefined;
}

/** Integer nanoseconds for a duration (a bare number is seconds); undefined when not a (finite) duration. */
export function parseDurationNs(value: number | string): number | undefined {
  let ns: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return undefined;
    ns = Math.round(value * 1e9);
  } else {
    const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zµ]*)\s*$/i.exec(value);
    if (!match) return undefined;
    const unit = durationUnits.get(match[2]!.toLowerCase());
    if (unit === undefined) return undefined;
    ns = Math.round(Number(match[1]) * unit);
  }
  return Number.isFinite(ns) ? ns : undefined;
}

/** A size for people: 4 KiB, 1.5 GiB. */
export function formatSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1 && value % 1 === 0) {
    value /= 1024;
    unit++;
  }
  return `${Number(value.toFixed(2))} ${units[unit]}`;
}

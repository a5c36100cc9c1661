/**
 * Rounding for run outputs: fixed decimals per unit, so that equal results give byte-identical
 * files and summary.json does not carry float noise such as 1234.5670000000002.
 */

/** Decimals kept for times in microseconds (nanosecond resolution). */
export const US_DECIMALS = 3;
/** Decimals kept for times in seconds of virtual time (nanosecond resolution). */
export const SECONDS_DECIMALS = 9;
/** Decimals kept for rates (IOPS, MB/s) and mean queue depths. */
export const RATE_DECIMALS = 3;
/** Decimals kept for fractions such as utilisation (0..1). */
export const FRACTION_DECIMALS = 6;

/** `value` rounded half away from zero to `decimals` places; -0 becomes 0, non-finite values pass through. */
export function roundTo(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return value;
  const scale = 10 ** decimals;
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * scale)) / scale;
  return rounded === 0 ? 0 : rounded;
}

/** Nanoseconds as microseconds, rounded to US_DECIMALS. */
export function nsToUs(valueNs: number): number {
  return roundTo(valueNs / 1000, US_DECIMALS);
}

/** Nanoseconds as seconds, rounded to SECONDS_DECIMALS. */
export function nsToSeconds(valueNs: number): number {
  return roundTo(valueNs / 1e9, SECONDS_DECIMALS);
}

/** Microseconds rounded to US_DECIMALS. */
export function us(valueUs: number): number {
  return roundTo(valueUs, US_DECIMALS);
}

/** A rate or mean count rounded to RATE_DECIMALS. */
export function rate(value: number): number {
  return roundTo(value, RATE_DECIMALS);
}

/** A fraction rounded to FRACTION_DECIMALS. */
export function fraction(value: number): number {
  return roundTo(value, FRACTION_DECIMALS);
}

/** Seconds rounded to SECONDS_DECIMALS. */
export function seconds(value: number): number {
  return roundTo(value, SECONDS_DECIMALS);
}

/** Short human-readable figures shared by the HTML report and the text summary. */
import { formatLatencyUs } from '../charts/theme.js';

/** A fraction as a percentage: 2 decimals under 10 %, 1 above. */
export function percent(value: number): string {
  return `${(value * 100).toFixed(value < 0.1 && value > 0 ? 2 : 1)} %`;
}

/** A duration in seconds as `1.5 s` or `120 ms`. */
export function formatSeconds(valueSeconds: number): string {
  return valueSeconds >= 1 ? `${Number(valueSeconds.toPrecision(4))} s` : `${Number((valueSeconds * 1000).toPrecision(4))} ms`;
}

/** A size in bytes: 64 KiB, 2 GiB, 1000 B (the scenario files' own notation). */
export { formatSize as formatBytes } from '../../workloads/scenario/units.js';

const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** An integer with thousands separators. */
export function formatCount(value: number): string {
  return INTEGER.format(value);
}

/** A rate with 3 significant digits at most, thousands separated: 1,234, 56.7, 0.123. */
export function formatRate(value: number): string {
  if (Math.abs(value) >= 1000) return INTEGER.format(value);
  return String(Number(value.toPrecision(3)));
}

/** What a report shows for a figure that has no value (a distribution with no I/Os): never 0. */
export const NO_FIGURE = '—';

/** A time in µs as `12.4 ms` or `850 µs`; `—` when there is none (null: nothing was measured). */
export function formatFigureUs(valueUs: number | null | undefined): string {
  return valueUs === null || valueUs === undefined ? NO_FIGURE : formatLatencyUs(valueUs);
}

/**
 * The progress bar of a sweep: runs done of runs in all, and the time left. cli-progress's own
 * estimate reads "eta 0s" before any run has ended (it has no rate yet), which says the opposite
 * of the truth; this one says it waits for the first run.
 */

/** The bar's format; `{timeLeft}` is sweepEtaText's (not `{eta}`: cli-progress fills that itself). */
export const SWEEP_PROGRESS_FORMAT = 'sweep [{bar}] {value}/{total} runs | {duration_formatted} | {timeLeft}';

/** The time left, from the rate of the runs (or seeds: `item`) done so far; none before the first ends. */
export function sweepEtaText(done: number, total: number, elapsedSeconds: number, item = 'run'): string {
  if (done <= 0) return `eta after the first ${item}`;
  if (done >= total) return 'eta 0s';
  return `eta ${formatRemaining((elapsedSeconds / done) * (total - done))}`;
}

/** Whole seconds as `45s`, `12m05s` or `3h07m`. */
export function formatRemaining(seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds));
  if (whole < 60) return `${whole}s`;
  const pad = (value: number): string => String(value).padStart(2, '0');
  if (whole < 3600) return `${Math.floor(whole / 60)}m${pad(whole % 60)}s`;
  return `${Math.floor(whole / 3600)}h${pad(Math.floor((whole % 3600) / 60))}m`;
}

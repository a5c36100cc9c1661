/**
 * Figure names as gate rules and plan SLOs write them, resolved against a flattened summary. A
 * scenario's report.percentiles are keyed by the percentile as written ("99.99"), so their
 * flattened key has a dot inside a segment (`latency.write.percentiles.99.99`); the short form
 * `latency.write.p99.99` names the same figure, as `p99` names the stable key of 99.
 */
import type { NullableFigures } from './flatten-figures.js';

// `<distribution>.p<percentile>`, the percentile with an optional fraction: latency.write.p99.99, devices.0.responseTime.p95.
const SHORT_PERCENTILE = /^(.+)\.p(\d+(?:\.\d+)?)$/;
/** The percentiles summary.json keeps as stable keys, as written in report.percentiles: "99.9" is p999. */
export const STABLE_KEYS: ReadonlyMap<string, 'p50' | 'p90' | 'p99' | 'p999'> = new Map([['50', 'p50'], ['90', 'p90'], ['99', 'p99'], ['99.9', 'p999']]);
// `<distribution>.percentiles.<percentile>`.
const LONG_PERCENTILE = /^(.+)\.percentiles\.(\d+(?:\.\d+)?)$/;

/** The flattened key a figure name stands for: the name itself when the summary has it, else a percentile's short form; undefined when neither. */
export function resolveFigureName(figures: Readonly<NullableFigures>, name: string): string | undefined {
  if (Object.hasOwn(figures, name)) return name;
  const short = SHORT_PERCENTILE.exec(name);
  if (short === null) return undefined;
  const [, distribution, percentile] = short as unknown as [string, string, string];
  const long = `${distribution}.percentiles.${percentile}`;
  if (Object.hasOwn(figures, long)) return long;
  // p99.9 is the stable key p999 when report.percentiles does not list 99.9.
  const stable = STABLE_KEYS.get(percentile);
  return stable !== undefined && Object.hasOwn(figures, `${distribution}.${stable}`) ? `${distribution}.${stable}` : undefined;
}

/**
 * For a name that asks for a percentile the summary lacks, a sentence naming the percentiles it
 * has (`latency.write has no percentile 99.95: its report.percentiles are 50, 99.99; ...`);
 * undefined for any other name.
 */
export function missingPercentileHint(figures: Readonly<NullableFigures>, name: string): string | undefined {
  const match = SHORT_PERCENTILE.exec(name) ?? LONG_PERCENTILE.exec(name);
  if (match === null) return undefined;
  const [, distribution, percentile] = match as unknown as [string, string, string];
  // Only a distribution with percentiles or stable keys gets the hint: `foo.p3` of anything else is a plain missing figure.
  const prefix = `${distribution}.percentiles.`;
  const listed = Object.keys(figures)
    .filter((key) => key.startsWith(prefix))
    .map((key) => key.slice(prefix.length));
  const stable = [...STABLE_KEYS.values()].filter((key) => Object.hasOwn(figures, `${distribution}.${key}`));
  if (listed.length === 0 && stable.length === 0) return undefined;
  const stableText = stable.length === 0 ? '' : `; its stable keys are ${stable.join(', ')}`;
  if (listed.length === 0) {
    return `${distribution} has no percentile ${percentile}: the scenario lists no report.percentiles${stableText} (add report.percentiles: [..., ${percentile}] to the scenario to have it)`;
  }
  return `${distribution} has no percentile ${percentile}: its report.percentiles are ${listed.join(', ')}${stableText} (add ${percentile} to the scenario's report.percentiles to have it)`;
}

/** For a figure that is null, why it has no value: `latency.write.count is 0` for a distribution, a sweep point's `.n` of 0, or that the summary gives none. */
export function nullFigureReason(figures: Readonly<NullableFigures>, key: string): string {
  // A sweep.csv mean no replication measured: its `.n` column says so.
  const sweepCount = key.endsWith('.mean') ? `${key.slice(0, -'.mean'.length)}.n` : undefined;
  if (sweepCount !== undefined && figures[sweepCount] === 0) return `${sweepCount} is 0: no replication at this point measured it (a figure of nothing measured is empty, never 0)`;
  // The count that makes a distribution's figures null: latency.write.count, devices.0.responseTime.count, locks.acquisitions.
  const distribution = /^(.+?)\.(?:percentiles\.[\d.]+|[A-Za-z0-9]+)$/.exec(key)?.[1];
  if (distribution !== undefined) {
    for (const count of [`${distribution}.count`, `${distribution}.acquisitions`]) {
      if (figures[count] === 0) return `${count} is 0, so there is no value to compare (a figure of nothing measured is null, never 0)`;
    }
  }
  return 'the summary gives it no value (null)';
}

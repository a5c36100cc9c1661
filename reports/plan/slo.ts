/**
 * A service-level objective for `cowsim plan`: `<figure><=<value><unit>` or `<figure><<value><unit>`.
 * The figure is a flattened summary.json key (`latency.write.p99`, `workloads.0.latency.read.mean`).
 * Time figures are microseconds in summary.json, so their limit needs a unit (us, ms, s); other
 * figures take a plain number in their own unit.
 */
import { InputError } from '../../engine/errors.js';

export interface Slo {
  /** As written, trimmed. */
  readonly text: string;
  readonly figure: string;
  readonly operator: '<=' | '<';
  /** The limit in the figure's own unit (µs for time figures). */
  readonly limit: number;
  /** Whether the figure is a time (µs) figure. */
  readonly time: boolean;
}

export const SLO_GRAMMAR = '<figure><=<value><unit> or <figure><<value><unit>, e.g. latency.write.p99<=5ms; units us, ms, s for time figures (µs in summary.json), a plain number for others';

const SLO = /^([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\s*(<=|<)\s*((?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-zµ]*)$/;
// A Map: a unit such as `constructor` must not find Object.prototype's members.
const TIME_UNITS_US: ReadonlyMap<string, number> = new Map([
  ['us', 1],
  ['µs', 1],
  ['ms', 1_000],
  ['s', 1_000_000],
]);

/** Whether a summary figure is a time in microseconds: latencies, lock waits and holds, pauses, intake and response times. */
export function isTimeFigure(figure: string): boolean {
  const segments = figure.split('.');
  const last = segments.at(-1)!;
  if (segments.includes('latency') || segments.includes('responseTime') || segments.includes('queueTime') || segments.includes('intakeTime')) {
    return last !== 'count';
  }
  return /^(?:wait|hold)(?:Mean|Max|P\d+)$/.test(last) || last.endsWith('Us');
}

/** Parses one `--slo`. */
export function parseSlo(text: string): Slo {
  const trimmed = text.trim();
  const match = SLO.exec(trimmed);
  if (match === null) throw new InputError('--slo', `'${trimmed}'`, SLO_GRAMMAR);
  const [, figure, operator, number, unitText] = match as unknown as [string, string, '<=' | '<', string, string];
  const time = isTimeFigure(figure);
  const unit = unitText.toLowerCase() === 'µs' ? 'µs' : unitText.toLowerCase();
  let limit = Number(number);
  if (time) {
    const scale = TIME_UNITS_US.get(unit);
    if (scale === undefined) {
      throw new InputError('--slo', `'${trimmed}'`, `a time limit with a unit (us, ms or s): ${figure} is a time`, unitText === '' ? 'no unit' : `unit '${unitText}'`);
    }
    limit *= scale;
  } else if (unit !== '') {
    throw new InputError('--slo', `'${trimmed}'`, `a plain number: ${figure} is not a time, so it takes no unit`, `unit '${unitText}'`);
  }
  return { text: trimmed, figure, operator, limit, time };
}

/** Whether a figure value meets the SLO. */
export function sloHolds(slo: Slo, value: number): boolean {
  return slo.operator === '<=' ? value <= slo.limit : value < slo.limit;
}

/** A value of an SLO's figure for people: `1.23 ms`, `850 µs`, `12`. */
export function formatSloValue(slo: Pick<Slo, 'time'>, value: number): string {
  const significant = (number: number) => String(Number(number.toPrecision(4)));
  if (!slo.time) return significant(value);
  if (Math.abs(value) >= 1e6) return `${significant(value / 1e6)} s`;
  if (Math.abs(value) >= 1e3) return `${significant(value / 1e3)} ms`;
  return `${significant(value)} µs`;
}

/** Short texts of a comparison's figures, shared by the report page and the terminal summary. */
import { formatLatencyUs } from '../charts/index.js';
import type { IntervalFigure } from './versus-baseline.js';

/** A latency difference with its sign: +12 ms, −340 µs, 0 µs. */
export function signedLatency(deltaUs: number): string {
  if (deltaUs === 0) return '0 µs';
  return `${deltaUs > 0 ? '+' : '−'}${formatLatencyUs(Math.abs(deltaUs))}`;
}

/** A throughput ratio as a change: −3.1 %, +0.4 %. */
export function ratioChange(ratio: number): string {
  const change = (ratio - 1) * 100;
  const text = Math.abs(change) >= 10 ? change.toFixed(1) : change.toFixed(2);
  return Number(text) === 0 ? '0 %' : `${change > 0 ? '+' : '−'}${text.replace('-', '')} %`;
}

/** A figure's mean as `format` writes it, with ± half its interval when it has one; '—' for none. */
export function withInterval(figure: IntervalFigure | null | undefined, format: (value: number) => string, formatHalf: (value: number) => string = format): string {
  if (figure === null || figure === undefined) return '—';
  if (figure.low === null || figure.high === null) return format(figure.mean);
  return `${format(figure.mean)} ± ${formatHalf((figure.high - figure.low) / 2)}`;
}

/** A ratio's interval half width in percentage points. */
export function ratioHalfWidth(half: number): string {
  return `${(half * 100).toFixed(2)} pp`;
}

/** The headline: one sentence with what the snapshots cost with each strategy. */
import { describe, expect, it } from 'vitest';
import type { CompareFile } from '../../../reports/compare/compare-file.js';
import { compareHeadline } from '../../../reports/compare/headline.js';
import type { IntervalFigure, VersusBaseline } from '../../../reports/compare/versus-baseline.js';

const figure = (mean: number): IntervalFigure => ({ mean, low: null, high: null, n: 1 });

function versus(ratio: number, writeP99DeltaUs: number, takenAfterMaxUs: number, worstUs: number): VersusBaseline {
  const none = { p50: null, p99: null, p999: null };
  return {
    throughputRatio: figure(ratio),
    latencyDeltaUs: { read: none, write: { ...none, p99: figure(writeP99DeltaUs) } },
    stall: { summary: { worstMaxExtraUs: figure(worstUs), meanMaxExtraUs: null, meanExtraUs: null, takenAfterMaxUs: figure(takenAfterMaxUs) }, commands: [] },
  };
}

describe('the headline', () => {
  it('says in one sentence what each strategy costs against the baseline', () => {
    const file = {
      arms: [
        { name: 'no snapshots', strategy: null },
        { name: 'method', strategy: 'method', versusBaseline: versus(0.969, 12_000, 900, 40_000) },
        { name: 'quiesce', strategy: 'quiesce', versusBaseline: versus(0.9, 30_000, 480_000, 495_000) },
        { name: 'redirect-on-write', strategy: 'redirect-on-write', versusBaseline: versus(1.05, -2_500, 0, 0) },
      ],
    } as unknown as CompareFile;
    expect(compareHeadline(file)).toBe(
      'The method costs 3.1 % of throughput, adds 12 ms to write p99, takes its snapshots within 900 µs of their commands and delays a write after a command by up to 40 ms; ' +
        'quiesce costs 10 % of throughput, adds 30 ms to write p99, takes its snapshots within 480 ms of their commands and delays a write after a command by up to 495 ms; ' +
        'redirect-on-write gains 5 % of throughput, takes 2.5 ms off write p99, takes its snapshots at once and delays no write after a command.',
    );
  });
});

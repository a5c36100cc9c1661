/**
 * validate.json: what a validation measured, with stable keys in a fixed order and rounded like
 * summary.json (times in milliseconds to the nanosecond, fractions to 6 decimals), so that the
 * same trace and device give a byte-identical file. Per reads, writes and all: the count, the
 * recorded and simulated mean, p50, p90 and p99, the relative error of each (simulated / recorded
 * - 1) and the demerit (demerit.ts), in ms and as a percentage of the recorded mean.
 */
import { fraction, roundTo, seconds } from '../run/round.js';
import type { DeviceEntry } from '../../workloads/scenario/resolve.js';
import type { RecordedTrace } from '../../workloads/traces/recorded-trace.js';
import { demerit, nearestRank, sortedSamples } from './demerit.js';
import { VALIDATE_SEED, type ReplayResult } from './replay.js';

export const VALIDATE_JSON = 'validate.json';
export const VALIDATE_REPORT_HTML = 'report.html';

/** Milliseconds kept to the nanosecond. */
const MS_DECIMALS = 6;
/** Percentages kept to 4 decimals (a fraction's 6). */
const PERCENT_DECIMALS = 4;

/** Figures of one response-time distribution, in ns. */
export interface DistributionNs {
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

/** One category (reads, writes or all) compared, in ns. */
export interface CategoryNs {
  readonly count: number;
  readonly recorded: DistributionNs;
  readonly simulated: DistributionNs;
  readonly demerit: number;
}

const FIGURES = ['mean', 'p50', 'p90', 'p99'] as const;

/** The figures of ascending samples. */
export function distribution(sorted: Float64Array): DistributionNs {
  let sum = 0;
  for (const value of sorted) sum += value;
  return { mean: sum / sorted.length, p50: nearestRank(sorted, 50), p90: nearestRank(sorted, 90), p99: nearestRank(sorted, 99) };
}

/** Compares recorded and simulated samples of one category (same count); undefined when there are none. */
export function compareCategory(recorded: ArrayLike<number>, simulated: ArrayLike<number>): CategoryNs | undefined {
  if (recorded.length === 0) return undefined;
  const recordedSorted = sortedSamples(recorded);
  const simulatedSorted = sortedSamples(simulated);
  return { count: recorded.length, recorded: distribution(recordedSorted), simulated: distribution(simulatedSorted), demerit: demerit(recordedSorted, simulatedSorted) };
}

/** simulated / recorded - 1; undefined when the recorded figure is 0. */
export function relativeError(recorded: number, simulated: number): number | undefined {
  return recorded === 0 ? undefined : simulated / recorded - 1;
}

export type Category = 'read' | 'write' | 'all';
export const CATEGORIES: readonly Category[] = ['read', 'write', 'all'];

/** The recorded and simulated samples of each category, in ns. */
export interface Samples {
  readonly recorded: Record<Category, number[]>;
  readonly simulated: Record<Category, number[]>;
}

/** Splits a replay's samples by operation. */
export function samplesOf(trace: RecordedTrace, replay: ReplayResult): Samples {
  const recorded: Record<Category, number[]> = { read: [], write: [], all: [] };
  const simulated: Record<Category, number[]> = { read: [], write: [], all: [] };
  trace.requests.forEach((request, index) => {
    const simulatedNs = replay.simulatedNs[index]!;
    recorded[request.operation].push(request.recordedNs);
    simulated[request.operation].push(simulatedNs);
    recorded.all.push(request.recordedNs);
    simulated.all.push(simulatedNs);
  });
  return { recorded, simulated };
}

/** A category as validate.json holds it. */
export interface CategoryFile {
  readonly count: number;
  readonly recordedMs: Record<(typeof FIGURES)[number], number> | null;
  readonly simulatedMs: Record<(typeof FIGURES)[number], number> | null;
  readonly relativeError: Record<(typeof FIGURES)[number], number | null> | null;
  readonly demeritMs: number | null;
  /** The demerit as a percentage of the recorded mean. */
  readonly demeritPercent: number | null;
}

/** validate.json. */
export interface ValidateFile {
  readonly trace: { file: string; format: string; issue: string; action?: string; requests: number; reads: number; writes: number; unmatchedEvents?: number };
  readonly device: { source: string; preset?: string; model: string; scheduler: string; params: Record<string, unknown> };
  readonly seed: number;
  readonly simulatedSeconds: number;
  readonly read: CategoryFile;
  readonly write: CategoryFile;
  readonly all: CategoryFile;
}

const ms = (ns: number): number => roundTo(ns / 1e6, MS_DECIMALS);

function categoryFile(figures: CategoryNs | undefined): CategoryFile {
  if (figures === undefined) return { count: 0, recordedMs: null, simulatedMs: null, relativeError: null, demeritMs: null, demeritPercent: null };
  const inMs = (of: DistributionNs) => ({ mean: ms(of.mean), p50: ms(of.p50), p90: ms(of.p90), p99: ms(of.p99) });
  const error = (figure: (typeof FIGURES)[number]): number | null => {
    const value = relativeError(figures.recorded[figure], figures.simulated[figure]);
    return value === undefined ? null : fraction(value);
  };
  const share = figures.recorded.mean === 0 ? undefined : figures.demerit / figures.recorded.mean;
  return {
    count: figures.count,
    recordedMs: inMs(figures.recorded),
    simulatedMs: inMs(figures.simulated),
    relativeError: { mean: error('mean'), p50: error('p50'), p90: error('p90'), p99: error('p99') },
    demeritMs: ms(figures.demerit),
    demeritPercent: share === undefined ? null : roundTo(share * 100, PERCENT_DECIMALS),
  };
}

/** Parameters with their keys sorted, for a stable file. */
function sortedParams(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Builds validate.json's content from a trace, the device and the replay. */
export function buildValidateFile(trace: RecordedTrace, device: DeviceEntry & { source: string }, replay: ReplayResult): { file: ValidateFile; samples: Samples } {
  const samples = samplesOf(trace, replay);
  const category = (name: Category) => categoryFile(compareCategory(samples.recorded[name], samples.simulated[name]));
  const file: ValidateFile = {
    trace: {
      file: trace.file,
      format: trace.format,
      issue: trace.issue,
      ...(trace.action === undefined ? {} : { action: trace.action }),
      requests: trace.requests.length,
      reads: samples.recorded.read.length,
      writes: samples.recorded.write.length,
      ...(trace.format === 'blkparse' ? { unmatchedEvents: trace.unmatchedEvents } : {}),
    },
    device: { source: device.source, ...(device.preset === undefined ? {} : { preset: device.preset }), model: device.model, scheduler: device.scheduler, params: sortedParams(device.params) },
    seed: VALIDATE_SEED,
    simulatedSeconds: seconds(replay.endNs / 1e9),
    read: category('read'),
    write: category('write'),
    all: category('all'),
  };
  return { file, samples };
}

/** validate.json's text. */
export function validateJson(file: ValidateFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

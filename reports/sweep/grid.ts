/**
 * The sweep grid: `--set path=v1,v2` flags, their cartesian product as numbered points, and the
 * `--shard i/n` share of those points one machine runs.
 *
 * Points are numbered in nested-loop order: the first `--set` varies slowest, the last fastest.
 * Shard i of n (1-based) runs the points whose index mod n equals i - 1, so every shard gets an
 * even mix of the grid and the shards together cover each point exactly once.
 */
import { InputError } from '../../engine/errors.js';

/**
 * A value a swept field takes: numbers and booleans parsed from the flag, `[]` the empty list
 * (`snapshots.at=[]`), anything else text.
 */
export type SweepValue = string | number | boolean | EmptyList;

/** The one list a --set value can be: commas separate the values, so a list with elements cannot be one. */
export type EmptyList = readonly [];

/**
 * The field that turns snapshots off or leaves the scenario's schedule on: `--set snapshots=off`
 * (no preserve command), `--set snapshots=off,on` (each point with and without).
 */
export const SNAPSHOTS_SWITCH = 'snapshots';
export const SNAPSHOTS_SWITCH_VALUES: readonly string[] = ['off', 'on'];

/** One swept field and the values it takes, in the order given. */
export interface SweepParameter {
  /** Dotted path into the scenario, array elements by index: `workloads.0.jobs`. */
  readonly path: string;
  readonly values: readonly SweepValue[];
}

/** One point of the grid: its index in nested-loop order and the value of every swept field. */
export interface SweepPoint {
  readonly index: number;
  /** Swept path -> value, in the order of the parameters. */
  readonly values: Readonly<Record<string, SweepValue>>;
}

/** A share of the grid: shard `index` (1-based) of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.(?:[A-Za-z_][A-Za-z0-9_]*|\d+))*$/;
/** Names that reach Object.prototype when a path is followed through plain objects: setting one would change every object. */
const RESERVED_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Points a grid may have: every point's scenario is validated before any run, and each is kept. */
export const MAX_GRID_POINTS = 10_000;
/** Replications per point. */
export const MAX_REPLICATIONS = 1000;
/** Runs one sweep (or one shard) may make: each run's summary is held until sweep.json is written. */
export const MAX_SWEEP_RUNS = 10_000;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A value as typed on the command line: a number or boolean when it looks like one, `[]` the empty list, else text (sizes such as 64KiB stay text). */
export function parseSweepValue(text: string): SweepValue {
  const trimmed = text.trim();
  if (NUMBER.test(trimmed)) return Number(trimmed);
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  if (/^\[\s*\]$/.test(trimmed)) return [];
  return trimmed;
}

/** A swept value as people read it, and as sweep.csv and the reports show it: `[]` for the empty list. */
export function formatSweepValue(value: SweepValue): string {
  return Array.isArray(value) ? '[]' : String(value);
}

/** Parses one `--set path=v1,v2,...` flag. */
export function parseSetFlag(text: string): SweepParameter {
  const equals = text.indexOf('=');
  const fail = (expected: string): never => {
    throw new InputError('--set', JSON.stringify(text), expected);
  };
  if (equals < 0) fail('path=value1,value2,... such as engine.locks=global,chunk or workloads.0.jobs=1,4,16');
  const path = text.slice(0, equals).trim();
  if (!PATH.test(path)) fail(`a dotted field path before "=" (names and array indices: workloads.0.jobs), found "${path}"`);
  const reserved = path.split('.').find((segment) => RESERVED_SEGMENTS.has(segment));
  if (reserved !== undefined) fail(`a path of scenario fields, found "${reserved}" (no scenario field has that name)`);
  const parts = text.slice(equals + 1).split(',');
  if (parts.some((part) => part.trim() === '')) fail('a comma-separated list of values with none empty');
  const values = parts.map(parseSweepValue);
  // A list with elements cannot be one value: its commas would split it into several.
  const list = values.find((value) => typeof value === 'string' && (value.startsWith('[') || value.endsWith(']')));
  if (list !== undefined) fail(`values that are numbers, words or the empty list [] (commas separate the values, so a list with elements cannot be one; set its elements by index, such as snapshots.at.0=1s,2s), found "${String(list)}"`);
  if (path === SNAPSHOTS_SWITCH) {
    const other = values.find((value) => typeof value !== 'string' || !SNAPSHOTS_SWITCH_VALUES.includes(value));
    if (other !== undefined) {
      fail(
        `snapshots=off (no preserve command), snapshots=on (the scenario's own schedule) or both (snapshots=off,on), found ${JSON.stringify(formatSweepValue(other))}; ` +
          'to sweep the schedule itself set its fields, such as snapshots.every=250ms,1s or snapshots.at=[]',
      );
    }
  }
  const seen = new Set<string>();
  for (const value of values) {
    const key = JSON.stringify(value);
    if (seen.has(key)) fail(`each value once, found ${key} twice`);
    seen.add(key);
  }
  return { path, values };
}

/** Parses every `--set` flag; a field swept twice (or inside another swept field) is refused. */
export function parseSetFlags(texts: readonly string[]): SweepParameter[] {
  if (texts.length === 0) throw new InputError('--set', 'sweep grid', 'at least one --set path=value1,value2', 'none');
  const parameters = texts.map(parseSetFlag);
  parameters.forEach((parameter, index) => {
    for (const other of parameters.slice(0, index)) {
      const nested = parameter.path === other.path || parameter.path.startsWith(`${other.path}.`) || other.path.startsWith(`${parameter.path}.`);
      if (nested) throw new InputError('--set', parameter.path, `each field swept by one --set only, found it with ${other.path}`);
    }
  });
  const points = pointCount(parameters);
  if (points > MAX_GRID_POINTS) {
    throw new InputError('--set', 'sweep grid', `at most ${MAX_GRID_POINTS.toLocaleString('en-US')} points (every point is validated and kept; split the grid into several sweeps)`, `${points.toLocaleString('en-US')} points (${parameters.map((parameter) => parameter.values.length).join(' x ')})`);
  }
  return parameters;
}

/** Number of points of the grid. */
export function pointCount(parameters: readonly SweepParameter[]): number {
  return parameters.reduce((count, parameter) => count * parameter.values.length, 1);
}

/** The point at `index` in nested-loop order (first parameter slowest). */
export function pointAt(parameters: readonly SweepParameter[], index: number): SweepPoint {
  const values: Record<string, SweepValue> = {};
  let rest = index;
  const picks: number[] = [];
  for (let position = parameters.length - 1; position >= 0; position--) {
    const size = parameters[position]!.values.length;
    picks[position] = rest % size;
    rest = Math.floor(rest / size);
  }
  parameters.forEach((parameter, position) => (values[parameter.path] = parameter.values[picks[position]!]!));
  return { index, values };
}

/** Every point of the grid, in index order. */
export function gridPoints(parameters: readonly SweepParameter[]): SweepPoint[] {
  return Array.from({ length: pointCount(parameters) }, (_, index) => pointAt(parameters, index));
}

/** Parses `--shard i/n` (1 <= i <= n). */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count) {
    throw new InputError('--shard', 'shard', 'i/n with 1 <= i <= n, such as 2/8 (shard 2 of 8)', JSON.stringify(text));
  }
  return { index, count };
}

/** Refuses a sweep (or shard) of more than MAX_SWEEP_RUNS runs: points in the shard times replications. */
export function checkSweepRuns(parameters: readonly SweepParameter[], shard: Shard | undefined, replications: number): void {
  const total = pointCount(parameters);
  const mine = shard === undefined ? total : Math.floor(total / shard.count) + (shard.index - 1 < total % shard.count ? 1 : 0);
  const runs = mine * replications;
  if (runs > MAX_SWEEP_RUNS) {
    const share = shard === undefined ? `${mine} points` : `${mine} points of shard ${shard.index}/${shard.count}`;
    throw new InputError('--replications', 'sweep runs', `at most ${MAX_SWEEP_RUNS.toLocaleString('en-US')} runs per sweep or shard (each run's summary is kept until sweep.json is written; use --shard i/n to split it)`, `${share} x ${replications} replications = ${runs.toLocaleString('en-US')} runs`);
  }
}

/** Whether shard `shard` runs the point at `index`. */
export function inShard(index: number, shard: Shard | undefined): boolean {
  return shard === undefined || index % shard.count === shard.index - 1;
}

/** The point indices shard `shard` runs, in order. */
export function shardPointIndices(total: number, shard: Shard | undefined): number[] {
  return Array.from({ length: total }, (_, index) => index).filter((index) => inShard(index, shard));
}

/** A point as `path=value, path=value`. */
export function describeSweepPoint(values: Readonly<Record<string, SweepValue>>): string {
  return Object.entries(values)
    .map(([path, value]) => `${path}=${formatSweepValue(value)}`)
    .join(', ');
}

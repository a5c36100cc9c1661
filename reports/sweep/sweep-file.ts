/**
 * sweep.json: everything a sweep (or one shard of it) measured, the input of `cowsim merge`: the
 * scenario's identity, the grid, the replications and, per point, each replication's seed and
 * summary.json object. Written in a fixed key order, so equal results give equal files except
 * for the wall-clock seconds of each replication.
 */
import { createHash } from 'node:crypto';
import type { Shard, SweepParameter, SweepValue } from './grid.js';
import { sweepWarnings } from './sweep-warnings.js';

export const SWEEP_FORMAT = 'cowsim-sweep';
export const SWEEP_VERSION = 1;
export const SWEEP_JSON = 'sweep.json';
export const SWEEP_CSV = 'sweep.csv';
export const SWEEP_REPORT_HTML = 'report.html';

/** One run of one point. */
export interface ReplicationRecord {
  /** 0-based replication number. */
  readonly replication: number;
  readonly seed: number;
  /** Wall-clock seconds of the run (the only value that differs between identical sweeps). */
  readonly wallSeconds: number;
  /** The run's correctness verdict (also inside the summary). */
  readonly verdict: string;
  /** The run's summary.json object, without wallSeconds. */
  readonly summary: Readonly<Record<string, unknown>>;
}

/** One point with its replications. */
export interface PointRecord {
  readonly index: number;
  readonly values: Readonly<Record<string, SweepValue>>;
  readonly replications: readonly ReplicationRecord[];
}

/** The sweep.json object. */
export interface SweepFile {
  readonly format: typeof SWEEP_FORMAT;
  readonly version: typeof SWEEP_VERSION;
  readonly scenario: {
    readonly name: string;
    /** The scenario file as named on the command line. */
    readonly source: string;
    /** sha256 of the scenario as read (canonical JSON): shards of one sweep must agree on it. */
    readonly digest: string;
  };
  /** Base seed: replication r runs with replicationSeed(seed, r) at every point. */
  readonly seed: number;
  readonly replications: number;
  readonly parameters: readonly SweepParameter[];
  /** Points of the whole grid (not only this shard's). */
  readonly pointCount: number;
  /** The share of the points this file holds; null for a whole sweep. */
  readonly shard: Shard | null;
  /** The points this file holds, in index order. */
  readonly points: readonly PointRecord[];
  /**
   * What to know before comparing the points (sweep-warnings.ts), last and only when there is
   * something to say. Derived from the points each time the file is written, so a merge warns
   * about the whole sweep, not about one shard.
   */
  readonly warnings?: readonly string[];
}

/** sweep.json text: two-space indented JSON with a final newline, its warnings derived afresh from its points. */
export function sweepJson(file: SweepFile): string {
  const { warnings: _earlier, ...rest } = file;
  const warnings = sweepWarnings(file);
  return `${JSON.stringify(warnings.length === 0 ? rest : { ...rest, warnings }, null, 2)}\n`;
}

/** A summary.json object without its wall-clock seconds, for sweep.json. */
export function withoutWallSeconds(summary: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { wallSeconds: _wallSeconds, ...rest } = summary;
  return rest;
}

/** sha256 of a value's canonical JSON (object keys sorted), as `sha256:<hex>`. */
export function scenarioDigest(raw: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(raw)).digest('hex')}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, element]) => element !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, element]) => `${JSON.stringify(key)}:${canonicalJson(element)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

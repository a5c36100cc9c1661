/**
 * The CSV files of a run: one table per file, a header row, comma separated, numbers rounded
 * like summary.json, booleans as true/false, absent values as empty cells. Times are µs in
 * columns ending in Us and seconds in columns ending in Seconds.
 */
import { isDistributionFigure, unitOf } from './summary-units.js';
import type { LockPurpose } from '../../engine/lock-manager.js';
import { csvRowsText, type CsvCell } from '../csv-cells.js';
import { flattenFigures } from '../statistics/flatten-figures.js';
import { ioKinds, type RunResult } from '../../workloads/run-result.js';
import { CSV_FILES } from './output-files.js';
import { fraction, rate, seconds } from './round.js';
import { latencyFigures, latencyOrNull, type LatencyFiguresUs, type LockFiguresUs, type RunSummary } from './summary.js';

/** Name of one of a run's CSV files. */
export type CsvFileName = (typeof CSV_FILES)[number];

export type { CsvCell } from '../csv-cells.js';

/** A table before it becomes CSV text. */
export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly CsvCell[])[];
}

/** The CSV files of a run by file name, in the order they are listed to the user. */
export function buildRunCsvFiles(result: RunResult, summary: RunSummary): Record<CsvFileName, string> {
  return {
    'summary.csv': csvText(summaryTable(summary)),
    'timeline.csv': csvText(timelineTable(result)),
    'latency.csv': csvText(latencyTable(result)),
    'locks.csv': csvText(locksTable(summary)),
    'snapshots.csv': csvText(snapshotsTable(summary)),
    'devices.csv': csvText(devicesTable(result, summary)),
  };
}

/** CSV text of a table (RFC 4180 quoting, `\n` line ends, a final newline, text cells spreadsheet-safe: see csv-cells.ts). */
export function csvText(table: CsvTable): string {
  for (const row of table.rows) {
    if (row.length !== table.header.length) throw new Error(`bug: CSV row of ${row.length} cells under ${table.header.length} columns`);
  }
  return csvRowsText([table.header, ...table.rows]);
}

/**
 * summary.csv: figure,value,unit. The numbers as reports/statistics/flattenFigures keys them (the
 * keys `cowsim gate` rules name, booleans as 1/0) with their unit (summary.json's `units`), null
 * distribution figures (a latency with no I/Os) as an empty value, and the text values (scenario, verdict, names) in between with no
 * unit, all in summary.json's order.
 */
export function summaryTable(summary: RunSummary): CsvTable {
  const { units, ...figuresOnly } = summary;
  const figures = flattenFigures(figuresOnly);
  const rows: [string, CsvCell, CsvCell][] = [];
  visitLeaves(figuresOnly, '', (key, value) => {
    if (typeof value === 'string') rows.push([key, value, '']);
    else if (key in figures) rows.push([key, figures[key], units[key.replace(/\.\d+(?=\.|$)/g, '.*')] ?? unitOf(key)]);
    // A null distribution figure (a latency with no I/Os) keeps its row with an empty value, never a
    // 0; another null (a workload's profile, a snapshot not deleted) is an absent value.
    else if (value === null && isDistributionFigure(key)) rows.push([key, null, unitOf(key)]);
  });
  return { header: ['figure', 'value', 'unit'], rows };
}

/** timeline.csv: one row per interval; per-device queue depth and utilisation as columns. */
export function timelineTable(result: RunResult): CsvTable {
  const devices = timelineDeviceNames(result);
  const header = [
    'atSeconds',
    'ios',
    'iops',
    'throughputMBps',
    'p99Us',
    'readP99Us',
    'writeP99Us',
    'storeChunksUsed',
    'cowCopies',
    'dualWrites',
    ...devices.map((name) => `queueDepth.${name}`),
    ...devices.map((name) => `utilization.${name}`),
  ];
  const rows = result.timeline.rows.map((row) => [
    seconds(row.atSeconds),
    row.ios,
    rate(row.iops),
    rate(row.throughputMBps),
    // An interval in which no I/O of a kind completed has no p99 of it: an empty cell, never 0.
    row.p99Us,
    row.readP99Us,
    row.writeP99Us,
    row.storeChunksUsed,
    row.cowCopies,
    row.dualWrites,
    ...devices.map((name) => optional(row.queueDepth[name], rate)),
    ...devices.map((name) => optional(row.utilization[name], fraction)),
  ]);
  return { header, rows };
}

const latencyColumns = ['count', 'meanUs', 'p50Us', 'p90Us', 'p99Us', 'p999Us', 'maxUs'];

function latencyCells(figures: LatencyFiguresUs): CsvCell[] {
  return [figures.count, figures.mean, figures.p50, figures.p90, figures.p99, figures.p999, figures.max];
}

/**
 * latency.csv: per workload and operation (read, write, snapshotRead) the count and latency
 * percentiles; first the rows of all workloads together (workload `(all)`), with every operation.
 */
export function latencyTable(result: RunResult): CsvTable {
  const rows: CsvCell[][] = [];
  for (const kind of ioKinds) rows.push(['(all)', kind, ...latencyCells(latencyFigures(result.latency[kind]))]);
  for (const workload of result.workloads) {
    for (const kind of ioKinds) {
      const latency = workload.latency[kind];
      if (latency !== undefined) rows.push([workload.name, kind, ...latencyCells(latencyFigures(latency))]);
    }
  }
  return { header: ['workload', 'operation', ...latencyColumns], rows };
}

/** locks.csv: the lock policy's figures over all acquisitions (`scope` total) and per purpose. */
export function locksTable(summary: RunSummary): CsvTable {
  const { locks } = summary;
  const row = (scope: 'total' | LockPurpose, figures: LockFiguresUs): CsvCell[] => [
    locks.policy,
    locks.stripes,
    locks.maxLocks,
    scope,
    figures.acquisitions,
    figures.contended,
    fraction(figures.acquisitions === 0 ? 0 : figures.contended / figures.acquisitions),
    figures.waitMean,
    figures.waitP50,
    figures.waitP99,
    figures.waitMax,
    figures.holdMean,
    figures.holdP99,
    figures.holdMax,
    figures.maxQueue,
  ];
  return {
    header: [
      'policy',
      'stripes',
      'maxLocks',
      'scope',
      'acquisitions',
      'contended',
      'contendedFraction',
      'waitMeanUs',
      'waitP50Us',
      'waitP99Us',
      'waitMaxUs',
      'holdMeanUs',
      'holdP99Us',
      'holdMaxUs',
      'maxQueue',
    ],
    rows: [row('total', locks), ...(Object.entries(locks.byPurpose) as [LockPurpose, LockFiguresUs][]).map(([purpose, figures]) => row(purpose, figures))],
  };
}

/**
 * snapshots.csv: one row per snapshot, with its preserve command's I/Os in flight and the longest
 * of them from arrival to completion (longestInFlightIoUs; not a pause: the method holds nothing).
 */
export function snapshotsTable(summary: RunSummary): CsvTable {
  return {
    header: [
      'id',
      'state',
      'valid',
      'takenAtSeconds',
      'deletedAtSeconds',
      'cowCopies',
      'dualWrites',
      'storeChunksUsed',
      'storeChunksCapacity',
      'storeUsedFraction',
      'longestInFlightIoUs',
      'inFlightAtPreserve',
      'reason',
    ],
    rows: summary.snapshots.map((snapshot) => {
      const preserve = summary.preserves.find((event) => event.snapshotId === snapshot.id);
      return [
        snapshot.id,
        snapshot.state,
        snapshot.valid,
        snapshot.takenAtSeconds,
        snapshot.deletedAtSeconds,
        snapshot.cowCopies,
        snapshot.dualWrites,
        snapshot.storeChunksUsed,
        snapshot.storeChunksCapacity,
        fraction(snapshot.storeChunksCapacity === 0 ? 0 : snapshot.storeChunksUsed / snapshot.storeChunksCapacity),
        preserve?.longestInFlightIoUs,
        preserve?.inFlight,
        snapshot.reason,
      ];
    }),
  };
}

/**
 * devices.csv: one row per device: utilisation, rates, queue depths, response time percentiles,
 * mean queue and service times, then the disk model's own figures as `model.<figure>` columns
 * (the union over all devices; empty where a model does not report a figure).
 */
export function devicesTable(result: RunResult, summary: RunSummary): CsvTable {
  const figureNames: string[] = [];
  for (const device of summary.devices) for (const name of Object.keys(device.figures)) if (!figureNames.includes(name)) figureNames.push(name);
  const header = [
    'name',
    'role',
    'model',
    'preset',
    'scheduler',
    'utilization',
    'requests',
    'reads',
    'writes',
    'flushes',
    'iops',
    'throughputMBps',
    'meanQueueDepth',
    'meanInDrive',
    'meanInHost',
    'maxQueueDepth',
    ...latencyColumns.slice(1).map((column) => `response${column[0]!.toUpperCase()}${column.slice(1)}`),
    'meanQueueTimeUs',
    'meanServiceTimeUs',
    ...figureNames.map((name) => `model.${name}`),
  ];
  const rows = result.devices.map((device, index) => {
    const { stats } = device;
    const deviceSummary = summary.devices[index]!;
    return [
      deviceSummary.name,
      deviceSummary.role,
      deviceSummary.model,
      deviceSummary.preset,
      deviceSummary.scheduler,
      deviceSummary.utilization,
      deviceSummary.requests,
      stats.operations.read.requests,
      stats.operations.write.requests,
      stats.operations.flush.requests,
      deviceSummary.iops,
      deviceSummary.throughputMBps,
      deviceSummary.meanQueueDepth,
      rate(stats.queueDepth.meanInDrive),
      rate(stats.queueDepth.meanInHost),
      deviceSummary.maxQueueDepth,
      ...latencyCells(deviceSummary.responseTime).slice(1),
      latencyOrNull(stats.queueTimeUs.mean, stats.queueTimeUs.count),
      latencyOrNull(stats.serviceTimeUs.mean, stats.serviceTimeUs.count),
      ...figureNames.map((name) => deviceSummary.figures[name]),
    ];
  });
  return { header, rows };
}

/** Device names of the timeline columns: the run's devices first, then any other name the rows use. */
function timelineDeviceNames(result: RunResult): string[] {
  const names = result.devices.map((device) => device.stats.name);
  for (const row of result.timeline.rows) {
    for (const name of [...Object.keys(row.queueDepth), ...Object.keys(row.utilization)]) if (!names.includes(name)) names.push(name);
  }
  return names;
}

function optional(value: number | undefined, round: (value: number) => number): number | undefined {
  return value === undefined ? undefined : round(value);
}

/** Calls `visit` with each leaf (anything but a plain object or array) under its dotted key, in document order. */
function visitLeaves(value: unknown, key: string, visit: (key: string, leaf: unknown) => void): void {
  if (Array.isArray(value)) value.forEach((element, index) => visitLeaves(element, join(key, String(index)), visit));
  else if (typeof value === 'object' && value !== null) for (const [name, element] of Object.entries(value)) visitLeaves(element, join(key, name), visit);
  else if (key !== '') visit(key, value);
}

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

/**
 * compare.csv: one table with a `row` column. `operation` rows: one per arm and operation (read,
 * write, snapshotRead) with the arm's figures and, for read and write, the deltas against the
 * baseline. `stall` rows: one per arm, replication and preserve command. A column that does not
 * apply to a row is empty. Units are in the column names.
 */
import { csvRowsText, type CsvCell } from '../csv-cells.js';
import type { CompareArm, CompareFile } from './compare-file.js';
import type { IntervalFigure } from './versus-baseline.js';

const OPERATIONS = ['read', 'write', 'snapshotRead'] as const;

const interval = (name: string): string[] => [`${name}_mean`, `${name}_low`, `${name}_high`];

/** The header, in order. */
export const COMPARE_CSV_COLUMNS: readonly string[] = [
  'row',
  'arm',
  'strategy',
  'verdict',
  'operation',
  'count',
  'mean_us',
  'p50_us',
  'p90_us',
  'p99_us',
  'p999_us',
  'max_us',
  'iops',
  'throughput_mbps',
  'live_throughput_mbps',
  ...interval('throughput_ratio'),
  ...interval('p50_delta_us'),
  ...interval('p99_delta_us'),
  ...interval('p999_delta_us'),
  'application_writes',
  'origin_reads_per_write',
  'origin_writes_per_write',
  'origin_flushes_per_write',
  'store_reads_per_write',
  'store_writes_per_write',
  'store_flushes_per_write',
  'store_chunks_used',
  'store_bytes_used',
  'snapshots_taken',
  'snapshots_skipped',
  'replication',
  'seed',
  'command',
  'snapshot_id',
  'at_seconds',
  'window_seconds',
  'taken_after_us',
  'writes_received',
  'writes_matched',
  'writes_unmatched',
  'mean_extra_us',
  'p99_extra_us',
  'max_extra_us',
  'sum_extra_us',
];

const cells = (figure: IntervalFigure | null | undefined): CsvCell[] => [figure?.mean, figure?.low, figure?.high];

function operationRows(arm: CompareArm): Record<string, CsvCell>[] {
  return OPERATIONS.map((operation) => {
    const latency = arm.latency[operation];
    const versus = arm.versusBaseline;
    const deltas = operation === 'snapshotRead' ? undefined : versus?.latencyDeltaUs[operation];
    const [ratioMean, ratioLow, ratioHigh] = cells(versus?.throughputRatio);
    const [p50Mean, p50Low, p50High] = cells(deltas?.p50);
    const [p99Mean, p99Low, p99High] = cells(deltas?.p99);
    const [p999Mean, p999Low, p999High] = cells(deltas?.p999);
    const { origin, snapshotStore } = arm.amplification;
    return {
      row: 'operation',
      arm: arm.name,
      strategy: arm.strategy ?? '',
      verdict: arm.verdict,
      operation,
      count: latency.count,
      mean_us: latency.mean,
      p50_us: latency.p50,
      p90_us: latency.p90,
      p99_us: latency.p99,
      p999_us: latency.p999,
      max_us: latency.max,
      iops: arm.iops,
      throughput_mbps: arm.throughputMBps,
      live_throughput_mbps: arm.liveThroughputMBps,
      throughput_ratio_mean: ratioMean,
      throughput_ratio_low: ratioLow,
      throughput_ratio_high: ratioHigh,
      p50_delta_us_mean: p50Mean,
      p50_delta_us_low: p50Low,
      p50_delta_us_high: p50High,
      p99_delta_us_mean: p99Mean,
      p99_delta_us_low: p99Low,
      p99_delta_us_high: p99High,
      p999_delta_us_mean: p999Mean,
      p999_delta_us_low: p999Low,
      p999_delta_us_high: p999High,
      application_writes: arm.amplification.applicationWrites,
      origin_reads_per_write: origin.readsPerWrite,
      origin_writes_per_write: origin.writesPerWrite,
      origin_flushes_per_write: origin.flushesPerWrite,
      store_reads_per_write: snapshotStore.readsPerWrite,
      store_writes_per_write: snapshotStore.writesPerWrite,
      store_flushes_per_write: snapshotStore.flushesPerWrite,
      store_chunks_used: arm.store.chunksUsed,
      store_bytes_used: arm.store.bytesUsed,
      snapshots_taken: arm.snapshots.taken,
      snapshots_skipped: arm.snapshots.skipped,
    };
  });
}

function stallRows(arm: CompareArm): Record<string, CsvCell>[] {
  return (arm.versusBaseline?.stall.commands ?? []).map((stall) => ({
    row: 'stall',
    arm: arm.name,
    strategy: arm.strategy ?? '',
    verdict: arm.replications[stall.replication - 1]?.verdict,
    replication: stall.replication,
    seed: stall.seed,
    command: stall.command,
    snapshot_id: stall.snapshotId,
    at_seconds: stall.atSeconds,
    window_seconds: stall.windowSeconds,
    taken_after_us: stall.takenAfterUs,
    writes_received: stall.received,
    writes_matched: stall.matched,
    writes_unmatched: stall.unmatched,
    mean_extra_us: stall.meanExtraUs,
    p99_extra_us: stall.p99ExtraUs,
    max_extra_us: stall.maxExtraUs,
    sum_extra_us: stall.sumExtraUs,
  }));
}

/** compare.csv text: the operation rows of every arm, then the stall rows. */
export function compareCsv(file: CompareFile): string {
  const rows = [...file.arms.flatMap(operationRows), ...file.arms.flatMap(stallRows)];
  return csvRowsText([COMPARE_CSV_COLUMNS, ...rows.map((row) => COMPARE_CSV_COLUMNS.map((column) => row[column]))]);
}

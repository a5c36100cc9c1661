/**
 * A realistic RunResult built by hand, so the run outputs can be tested without the runner: the
 * embedded default scenario (an OLTP database and a backup reading the snapshot view; HDD origin,
 * SSD snapshot store; one preserve command at 2 s), 6 simulated seconds, a 50-row timeline.
 * Latencies are drawn from a fixed generator, so the fixture is the same on every call.
 */
import type { LockFigures } from '../../../engine/lock-manager.js';
import type { LatencySummaryUs } from '../../../sim/latency-histogram.js';
import type { SimDeviceStats } from '../../../sim/device-stats.js';
import { empiricalCdf } from '../../../reports/charts/index.js';
import type { CdfPoints, IoKind, Mismatch, RunResult, TimelineRow, WorkloadResult } from '../../../workloads/run-result.js';
import { loadDefaultScenario } from '../../../workloads/scenario/load.js';

/** A small deterministic generator (LCG) in [0, 1). */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 2 ** 32;
  };
}

/** Log-normal latencies in µs around `medianUs`, a fraction of them `tailFactor` times slower. */
function latencies(count: number, medianUs: number, seed: number, tailFactor = 6): number[] {
  const random = generator(seed);
  return Array.from({ length: count }, () => {
    const normal = Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random());
    const tail = random() < 0.015 ? tailFactor : 1;
    return Math.round(medianUs * Math.exp(0.5 * normal) * tail * 1000) / 1000;
  });
}

/** Nearest-rank summary of samples in µs. */
export function summarise(samplesUs: readonly number[]): LatencySummaryUs {
  const sorted = [...samplesUs].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { count: 0, mean: 0, min: 0, max: 0, p50: 0, p90: 0, p99: 0, p999: 0 };
  const at = (percentile: number): number => sorted[Math.max(0, Math.ceil((percentile / 100) * n) - 1)]!;
  return {
    count: n,
    mean: sorted.reduce((sum, value) => sum + value, 0) / n,
    min: sorted[0]!,
    max: sorted[n - 1]!,
    p50: at(50),
    p90: at(90),
    p99: at(99),
    p999: at(99.9),
  };
}

function cdf(samplesUs: readonly number[]): CdfPoints {
  return empiricalCdf(samplesUs, 300);
}

function lockFigures(acquisitions: number, contended: number, waitMeanNs: number): LockFigures {
  return {
    acquisitions,
    contended,
    waitMeanNs,
    waitP50Ns: 0,
    waitP99Ns: waitMeanNs * 41.5,
    waitMaxNs: waitMeanNs * 380.25,
    holdMeanNs: 9_876_543.21,
    holdP99Ns: 45_000_500,
    holdMaxNs: 120_333_777,
    maxQueue: contended === 0 ? 0 : 3,
  };
}

function deviceStats(name: string, model: string, scheduler: string, options: {
  utilization: number;
  reads: number;
  writes: number;
  flushes: number;
  readUs: readonly number[];
  writeUs: readonly number[];
  meanInDevice: number;
  figures: Record<string, number>;
}): SimDeviceStats {
  const elapsedNs = 6e9;
  const requests = options.reads + options.writes + options.flushes;
  const readBytes = options.reads * 16_384;
  const writeBytes = options.writes * 65_536;
  const all = summarise([...options.readUs, ...options.writeUs]);
  const operation = (requestCount: number, bytes: number, samples: readonly number[]) => ({
    requests: requestCount,
    bytes,
    responseTimeUs: summarise(samples),
    meanQueueTimeUs: summarise(samples).mean * 0.3,
    meanServiceTimeUs: summarise(samples).mean * 0.7,
  });
  return {
    name,
    model,
    scheduler,
    elapsedNs,
    busyNs: elapsedNs * options.utilization,
    utilization: options.utilization,
    requests,
    bytes: readBytes + writeBytes,
    iops: requests / 6,
    throughputMBps: (readBytes + writeBytes) / 1e6 / 6,
    operations: {
      read: operation(options.reads, readBytes, options.readUs),
      write: operation(options.writes, writeBytes, options.writeUs),
      flush: operation(options.flushes, 0, []),
    },
    queueTimeUs: summarise(options.readUs.map((value) => value * 0.3)),
    serviceTimeUs: summarise(options.readUs.map((value) => value * 0.7)),
    responseTimeUs: all,
    queueDepth: { meanInDevice: options.meanInDevice, meanInDrive: options.meanInDevice * 0.8, meanInHost: options.meanInDevice * 0.2, maxInDevice: 37 },
    payloadBytesAllocated: 1 << 20,
    figures: options.figures,
  };
}

const ROWS = 50;
const INTERVAL_SECONDS = 0.12;
const PRESERVE_AT_SECONDS = 2;

function timeline(): TimelineRow[] {
  const random = generator(99);
  const rows: TimelineRow[] = [];
  let cowCopies = 0;
  let dualWrites = 0;
  for (let index = 0; index < ROWS; index++) {
    const atSeconds = Math.round(index * INTERVAL_SECONDS * 1000) / 1000;
    const sincePreserve = atSeconds - PRESERVE_AT_SECONDS;
    const afterPreserve = sincePreserve >= 0;
    // The copies slow writes right after the command, then the hot chunks are all copied.
    const cowLoad = afterPreserve ? Math.exp(-sincePreserve / 0.8) : 0;
    const iops = Math.round(820 * (1 - 0.35 * cowLoad) + 40 * random() + (atSeconds >= 2.5 ? 60 : 0));
    const copies = afterPreserve ? Math.round(iops * INTERVAL_SECONDS * 0.3 * (0.2 + cowLoad)) : 0;
    cowCopies += copies;
    if (afterPreserve && sincePreserve < 0.3) dualWrites += 3 + index % 2;
    const writeP99Us = Math.round((28_000 + 40_000 * cowLoad + 3000 * random()) * 1000) / 1000;
    const readP99Us = Math.round((24_000 + 5000 * random()) * 1000) / 1000;
    rows.push({
      atSeconds,
      ios: Math.round(iops * INTERVAL_SECONDS),
      iops,
      throughputMBps: Math.round(iops * 0.009 * 1000 + (atSeconds >= 2.5 ? 18_000 : 0) * random()) / 1000,
      p99Us: Math.max(writeP99Us, readP99Us),
      readP99Us,
      writeP99Us,
      storeChunksUsed: cowCopies,
      cowCopies,
      dualWrites,
      queueDepth: { origin: 10 + 4 * random() + 6 * cowLoad, store: afterPreserve ? 0.2 + 2 * cowLoad + 0.3 * random() : 0 },
      utilization: { origin: Math.min(1, 0.86 + 0.1 * random() + 0.05 * cowLoad), store: afterPreserve ? Math.min(1, 0.05 + 0.4 * cowLoad + 0.05 * random()) : 0 },
    });
  }
  return rows;
}

/** Builds the fixture: a passing run, or with `failing` a run whose oracle found mismatches. */
export function makeRunResult(options: { failing?: boolean } = {}): RunResult {
  const scenario = loadDefaultScenario();
  const oltpRead = latencies(3000, 9000, 1);
  const oltpWrite = latencies(1300, 11_000, 2, 5);
  const backupRead = latencies(400, 4000, 3, 3);
  const workloads: WorkloadResult[] = [
    {
      name: 'oltp',
      profile: 'oltp',
      target: 'live',
      ios: oltpRead.length + oltpWrite.length,
      bytes: (oltpRead.length + oltpWrite.length) * 8192,
      errors: {},
      latency: { read: summarise(oltpRead), write: summarise(oltpWrite) },
      cdf: { read: cdf(oltpRead), write: cdf(oltpWrite) },
    },
    {
      name: 'backup',
      profile: 'backup',
      target: 'snapshot',
      ios: backupRead.length,
      bytes: backupRead.length * 1_048_576,
      errors: { 'snapshot deleted': 2, 'aborted at end of run': 1 },
      latency: { snapshotRead: summarise(backupRead) },
      cdf: { snapshotRead: cdf(backupRead) },
    },
  ];
  const latency: Record<IoKind, LatencySummaryUs> = {
    read: summarise(oltpRead),
    write: summarise(oltpWrite),
    snapshotRead: summarise(backupRead),
  };
  const rows = timeline();
  const last = rows[rows.length - 1]!;
  const failing = options.failing === true;
  const details: Mismatch[] = failing
    ? [
        { view: 'snapshot 1', block: 40_961, when: 'final check', expected: 'writer oltp.data#2 seq 1187', found: 'writer oltp.data#3 seq 1302' },
        { view: 'snapshot 1', block: 40_962, when: 'final check', expected: 'writer oltp.data#2 seq 1188', found: 'initial content' },
        { view: 'live', block: 7, when: 'read at 3.217 s', expected: 'writer oltp.log#0 seq 88', found: 'writer oltp.log#0 seq 87' },
      ]
    : [];
  // About 18 % of the acquisitions wait, as locks.total says (310 of 1700).
  const lockWaitSamplesUs = latencies(1700, 40, 7, 20).map((value, index) => (index % 11 < 2 ? value : 0));
  return {
    scenario,
    seed: 42,
    simulatedNs: 6_000_000_000,
    measuredNs: 6_000_000_000,
    wallSeconds: 2.345_678,
    events: 1_234_567,
    ios: { total: oltpRead.length + oltpWrite.length + backupRead.length, reads: oltpRead.length, writes: oltpWrite.length, snapshotReads: backupRead.length },
    bytes: { read: oltpRead.length * 8192 + backupRead.length * 1_048_576, written: oltpWrite.length * 8192 },
    latency,
    workloads,
    timeline: { intervalSeconds: INTERVAL_SECONDS, rows },
    preserves: [{ snapshotId: 1, atSeconds: PRESERVE_AT_SECONDS, longestInFlightIoUs: 48_123.4567, inFlight: 21 }],
    snapshots: [
      {
        id: 1,
        state: 'valid',
        reason: '',
        preserveSequence: 2911,
        createdAtNs: 2_000_000_000,
        cowCopies: last.cowCopies,
        dualWrites: last.dualWrites,
        storeChunksUsed: last.storeChunksUsed,
        storeChunksCapacity: 16_380,
        takenAtSeconds: PRESERVE_AT_SECONDS,
        valid: true,
      },
    ],
    cow: {
      copies: last.cowCopies,
      dualWrites: last.dualWrites,
      copyReads: last.cowCopies,
      imageWrites: last.cowCopies + last.dualWrites,
      imageReads: 40,
      metadataWrites: 57,
      metadataReads: 57,
      flushes: 12,
      storeChunksUsed: last.storeChunksUsed,
      storeChunksCapacity: 16_380,
    },
    strategy: { name: 'method', figures: {} },
    schedule: { commands: 1, skipped: 0, skippedAtSeconds: [] },
    locks: {
      policy: 'chunk',
      stripes: 64,
      mode: 'exclusive',
      maxLocks: 19,
      exclusiveAcquisitions: 1700,
      sharedAcquisitions: 0,
      total: lockFigures(1700, 310, 12_345.678),
      byPurpose: { write: lockFigures(1300, 290, 15_000.5), snapshotRead: lockFigures(400, 20, 3_000.25) },
    },
    lockWait: { policy: 'chunk', cdf: empiricalCdf(lockWaitSamplesUs, 300) },
    intake: {
      admitted: oltpWrite.length,
      reordered: 143,
      queueTimeUs: summarise(latencies(1300, 300, 8)),
      intakeTimeUs: summarise(latencies(1300, 2200, 9)),
      maxQueueLength: 11,
    },
    devices: [
      {
        role: 'origin',
        preset: 'hdd-7200-sata',
        stats: deviceStats('origin', 'hdd', 'deadline', {
          utilization: 0.934_567_89,
          reads: 3100,
          writes: 1400,
          flushes: 12,
          readUs: oltpRead,
          writeUs: oltpWrite,
          meanInDevice: 11.234_567,
          figures: { commands: 4512, seeks: 4300, meanSeekMs: 7.123_456_78, meanRotationalLatencyMs: 4.17, readAheadHits: 212 },
        }),
      },
      {
        role: 'snapshotStore',
        preset: 'ssd-sata',
        stats: deviceStats('store', 'ssd', 'fifo', {
          utilization: 0.121_212_12,
          reads: 400,
          writes: last.cowCopies + last.dualWrites,
          flushes: 12,
          readUs: backupRead,
          writeUs: latencies(last.cowCopies, 120, 10),
          meanInDevice: 0.456_789,
          figures: { writeAmplification: 1.083_333_333, gcCollections: 0, erases: 0, bufferHits: 88 },
        }),
      },
    ],
    correctness: {
      verdict: failing ? 'fail' : 'pass',
      checkedBlocks: 589_824,
      checkedReads: 3350,
      uncheckedReads: 50,
      mismatches: failing ? 17 : 0,
      details,
      reproduce: 'npx cowsim run --seed 42',
    },
  };
}

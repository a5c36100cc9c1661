/**
 * `cowsim plan` finds the known saturation point of an M/M/1 queue: the fixed disk model with one
 * server and exponential service of mean 100 µs (mu = 10,000/s), Poisson arrivals of random reads
 * of the live view (no CoW: reads copy nothing), no intake and a null-model snapshot store. The
 * mean response time is W = 1 / (mu - lambda), so the SLO W <= 1 ms holds up to
 * lambda = mu - 1/W = 10,000 - 1,000 = 9,000/s.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cowsim } from '../../../bin/cowsim.js';
import { parseCsv } from '../../../reports/sweep/csv-read.js';
import { buildSummary } from '../../../reports/run/summary.js';
import { scenarioFromObject } from '../../../workloads/scenario/load.js';
import { runScenario } from '../../../workloads/run.js';
import type { RawScenario } from '../../../workloads/scenario/schema.js';
import { bufferIo, temporaryDirectory, tinyScenario, writeScenarioFile } from '../sweep/fixtures.js';

const MU = 10_000;
const W_SLO_SECONDS = 0.001;
const ANALYTIC_RATE = MU - 1 / W_SLO_SECONDS;

const mm1: RawScenario = {
  name: 'mm1',
  seed: 3,
  // 10 s of simulated time (about 90,000 reads near the answer): the mean settles to a few per cent.
  duration: '10s',
  volume: { size: '64MiB', blockSize: '4KiB', chunkSize: '64KiB' },
  devices: {
    origin: { model: 'fixed', params: { servers: 1, meanServiceTimeUs: 100, distribution: 'exponential' } },
    snapshotStore: { model: 'null', size: '64MiB' },
  },
  engine: { intake: 'none' },
  workloads: [{ name: 'reader', rw: 'randread', blockSize: '4KiB', rate: { iops: 5000, arrival: 'poisson' } }],
  snapshots: { at: [0] },
};

describe('plan on an M/M/1 queue', () => {
  it('the application sees the device response time: nothing else adds delay to a live read', async () => {
    const result = await runScenario(scenarioFromObject({ ...mm1, workloads: [{ ...mm1.workloads[0]!, rate: { iops: 9000 } }] }, 'mm1'));
    const summary = buildSummary(result);
    const origin = summary.devices.find((device) => device.role === 'origin')!;
    expect(summary.latency.read.mean).toBe(origin.responseTime.mean);
    expect(summary.cow.copies).toBe(0);
    expect(summary.locks.contended).toBe(0);
    expect(summary.snapshots).toHaveLength(1);
    expect(summary.snapshots[0]!.valid).toBe(true);
    // Near the answer the mean is close to 1 / (mu - lambda) = 1 ms.
    expect(summary.latency.read.mean! / 1000).toBeCloseTo(1, 0);
  });

  it(`finds the largest rate with mean read latency <= 1 ms within 5 % of mu - 1/W = ${ANALYTIC_RATE}/s`, async () => {
    const directory = temporaryDirectory();
    const scenario = writeScenarioFile(directory, mm1);
    const io = bufferIo();
    const out = join(directory, 'plan');
    const code = await cowsim(['plan', '--scenario', scenario, '--slo', 'latency.read.mean<=1ms', '--tolerance', '1%', '--out', out], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const plan = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')) as { largestPassing: number; smallestFailing: number; searchRuns: number; knob: string; workload: string; runs: unknown[] };
    expect(plan).toMatchObject({ knob: 'rate', workload: 'reader' });
    console.log(`plan: ${plan.largestPassing} IOPS passes, ${plan.smallestFailing} fails, in ${plan.searchRuns} runs (analytic ${ANALYTIC_RATE})`);
    expect(Math.abs(plan.largestPassing - ANALYTIC_RATE) / ANALYTIC_RATE).toBeLessThan(0.05);
    expect(plan.smallestFailing).toBeGreaterThan(plan.largestPassing);
    expect((plan.smallestFailing - plan.largestPassing) / plan.smallestFailing).toBeLessThanOrEqual(0.01);
    expect(io.out()).toContain(`largest reader rate meeting latency.read.mean<=1ms with a snapshot active: ${Number(plan.largestPassing.toPrecision(4))} IOPS`);
    expect(io.out()).toMatch(new RegExp(`${plan.searchRuns} runs \\(${plan.searchRuns} for the search\\)`));
    const { rows } = parseCsv(readFileSync(join(out, 'plan.csv'), 'utf8'), 'plan.csv');
    expect(rows).toHaveLength(plan.runs.length);
    expect(rows[0]).toMatchObject({ run: '1', load: '5000', pass: 'pass', 'latency.read.mean.limit': '1000' });
  });
});

describe('plan on a closed-loop workload with snapshots', () => {
  it('varies jobs, sizes the store from the CoW copies of the snapshots, and writes every file', async () => {
    const directory = temporaryDirectory();
    const scenario = writeScenarioFile(directory, tinyScenario);
    const out = join(directory, 'plan');
    const io = bufferIo();
    const code = await cowsim(['plan', '--scenario', scenario, '--slo', 'latency.write.p99<=1s', '--max', '6', '--retention', '4', '--out', out], io);
    expect(code).toBe(0);
    const plan = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')) as {
      knob: string;
      outcome: string;
      largestPassing: number;
      runs: { load: number; purpose: string }[];
      store: { chunks: number; bytes: number; snapshotsRetained: number; growthChunksPerSecond: number; preserveIntervalSeconds: number };
    };
    expect(plan.knob).toBe('jobs');
    // A generous SLO: every job count up to --max passes, and the plan says so.
    expect(plan.outcome).toBe('all-pass');
    expect(plan.largestPassing).toBe(6);
    expect(io.out()).toContain('the answer is at least that (raise --max)');
    // --max without --min: the scenario's own 2 jobs is not on the search path, so one more run sizes the store.
    expect(plan.runs.at(-1)).toMatchObject({ load: 2, purpose: 'store' });
    expect(plan.store.snapshotsRetained).toBe(4);
    expect(plan.store.preserveIntervalSeconds).toBe(0.025);
    expect(plan.store.growthChunksPerSecond).toBeGreaterThan(0);
    expect(plan.store.bytes).toBe(plan.store.chunks * 65_536);
    const storeCsv = parseCsv(readFileSync(join(out, 'store.csv'), 'utf8'), 'store.csv');
    expect(storeCsv.header).toEqual(['atSeconds', 'storeChunksUsed', 'storeBytes']);
    expect(storeCsv.rows.some((row) => Number(row.storeChunksUsed) > 0)).toBe(true);
    expect(readFileSync(join(out, 'plan.html'), 'utf8')).toContain('Snapshot store chunks in use');
  });
});

import { describe, expect, it } from 'vitest';
import { InputError } from '../../../engine/errors.js';
import { searchLargestLoad } from '../../../reports/plan/load-search.js';
import { formatSloValue, isTimeFigure, parseSlo, sloHolds } from '../../../reports/plan/slo.js';

describe('SLO grammar', () => {
  it('reads time limits with units into µs, the unit of summary.json', () => {
    expect(parseSlo('latency.write.p99<=5ms')).toEqual({ text: 'latency.write.p99<=5ms', figure: 'latency.write.p99', operator: '<=', limit: 5000, time: true });
    expect(parseSlo(' latency.read.mean < 1.5 s ').limit).toBe(1_500_000);
    expect(parseSlo('locks.waitP99<=250us').limit).toBe(250);
    expect(parseSlo('workloads.0.latency.read.p99<=800µs').limit).toBe(800);
    expect(parseSlo('latency.read.mean<=1ms').operator).toBe('<=');
  });

  it('reads plain numbers for figures that are not times', () => {
    expect(parseSlo('correctness.mismatches<=0')).toMatchObject({ limit: 0, time: false });
    expect(parseSlo('devices.0.utilization<0.8')).toMatchObject({ operator: '<', limit: 0.8, time: false });
  });

  it('knows the time figures of summary.json', () => {
    for (const figure of ['latency.write.p99', 'latency.snapshotRead.max', 'locks.waitP99', 'locks.holdMean', 'preserves.0.pauseUs', 'devices.0.responseTime.p99', 'intake.queueTime.mean']) {
      expect(isTimeFigure(figure), figure).toBe(true);
    }
    for (const figure of ['iops', 'latency.read.count', 'locks.contended', 'cow.copies', 'devices.0.utilization']) expect(isTimeFigure(figure), figure).toBe(false);
  });

  it.each([['latency.write.p99>=5ms'], ['latency.write.p99<=5'], ['latency.write.p99<=5min'], ['iops<=5ms'], ['<=5ms'], ['latency.write.p99<=']])('refuses %s, naming --slo', (text) => {
    expect(() => parseSlo(text)).toThrowError(InputError);
    expect(() => parseSlo(text)).toThrowError(/^--slo: /);
  });

  it('holds at the limit for <= and not for <', () => {
    expect(sloHolds(parseSlo('latency.read.mean<=1ms'), 1000)).toBe(true);
    expect(sloHolds(parseSlo('latency.read.mean<1ms'), 1000)).toBe(false);
    expect(formatSloValue({ time: true }, 1234.6)).toBe('1.235 ms');
  });
});

describe('bracketing and bisection', () => {
  const threshold = (limit: number) => {
    const tried: number[] = [];
    return { tried, passes: async (load: number) => (tried.push(load), load <= limit) };
  };

  it('from the scenario\'s load: doubles until a load fails, then bisects to the tolerance', async () => {
    const { tried, passes } = threshold(9000);
    const result = await searchLargestLoad(passes, { start: 1000, integer: false, tolerance: 0.02 });
    expect(result.outcome).toBe('found');
    expect(tried.slice(0, 5)).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(result.largestPassing!).toBeLessThanOrEqual(9000);
    expect(result.smallestFailing!).toBeGreaterThan(9000);
    expect(result.smallestFailing! - result.largestPassing!).toBeLessThanOrEqual(0.02 * result.smallestFailing!);
    expect(result.probes).toHaveLength(tried.length);
  });

  it('halves when the scenario\'s own load already fails', async () => {
    const { tried, passes } = threshold(300);
    const result = await searchLargestLoad(passes, { start: 1000, integer: false, tolerance: 0.01 });
    expect(tried.slice(0, 3)).toEqual([1000, 500, 250]);
    expect(result.largestPassing!).toBeGreaterThan(300 * 0.99);
    expect(result.largestPassing!).toBeLessThanOrEqual(300);
  });

  it('within --min and --max: checks both ends first', async () => {
    const { tried, passes } = threshold(7777);
    const result = await searchLargestLoad(passes, { start: 1, min: 1000, max: 20000, integer: false, tolerance: 0.02 });
    expect(tried.slice(0, 2)).toEqual([1000, 20000]);
    expect(result.outcome).toBe('found');
    expect(result.largestPassing! / 7777).toBeGreaterThan(0.98);
    expect((await searchLargestLoad(threshold(50_000).passes, { start: 1, min: 1000, max: 20000, integer: false, tolerance: 0.02 })).outcome).toBe('all-pass');
    const none = await searchLargestLoad(threshold(10).passes, { start: 1, min: 1000, max: 20000, integer: false, tolerance: 0.02 });
    expect(none).toMatchObject({ outcome: 'none-pass', smallestFailing: 1000 });
    expect(none.largestPassing).toBeUndefined();
  });

  it('jobs: whole numbers, down to adjacent counts', async () => {
    const { tried, passes } = threshold(23);
    const result = await searchLargestLoad(passes, { start: 4, integer: true, tolerance: 0.02 });
    expect(result).toMatchObject({ outcome: 'found', largestPassing: 23, smallestFailing: 24 });
    for (const load of tried) expect(Number.isInteger(load)).toBe(true);
    expect((await searchLargestLoad(threshold(0).passes, { start: 4, integer: true, tolerance: 0.02 })).outcome).toBe('none-pass');
  });

  it('stops at the run limit', async () => {
    const result = await searchLargestLoad(async () => true, { start: 1, integer: false, tolerance: 0.02, maxRuns: 5 });
    expect(result.outcome).toBe('run-limit');
    expect(result.probes).toHaveLength(5);
    expect(result.largestPassing).toBe(16);
  });
});

import { describe, expect, it } from 'vitest';
import { buildSummary } from '../../../reports/run/summary.js';
import { isDistributionFigure, unitOf } from '../../../reports/run/summary-units.js';
import { flattenFigures, flattenNullableFigures } from '../../../reports/statistics/flatten-figures.js';
import { makeRunResult, summarise } from './fixture.js';

describe("summary.json's units", () => {
  const summary = buildSummary(makeRunResult());
  const starred = (key: string) => key.replace(/\.\d+(?=\.|$)/g, '.*');

  it('names the unit of every figure in the summary, array indices as *', () => {
    const { units, ...rest } = summary;
    const keys = Object.keys(flattenFigures(rest)).map(starred);
    expect(keys.length).toBeGreaterThan(50);
    for (const key of keys) expect(units[key], key).toBeDefined();
    expect(Object.keys(units).sort()).toEqual([...new Set(keys)].sort());
  });

  it('names the unit of null figures too: a distribution with no I/Os (nulls are figures), but not other nulls', () => {
    const result = makeRunResult();
    const empty = buildSummary({ ...result, latency: { ...result.latency, write: summarise([]) } });
    const { units, ...rest } = empty;
    const figures = flattenNullableFigures(rest);
    expect(figures['latency.write.p99']).toBeNull();
    const keys = Object.keys(figures).filter((key) => figures[key] !== null || isDistributionFigure(key)).map(starred);
    expect(Object.keys(units).sort()).toEqual([...new Set(keys)].sort());
    expect(units['latency.write.p99']).toBe('µs');
    expect(units['latency.write.mean']).toBe('µs');
    expect(units['latency.write.count']).toBe('count');
    // A null that is no distribution figure (a snapshot not deleted) is an absent value.
    expect(isDistributionFigure('snapshots.0.deletedAtSeconds')).toBe(false);
    expect(isDistributionFigure('locks.byPurpose.write.waitP99')).toBe(true);
    expect(isDistributionFigure('devices.0.responseTime.percentiles.99.99')).toBe(true);
  });

  it('gives times their unit and counts "count"', () => {
    const { units } = summary;
    expect(units['latency.read.p99']).toBe('µs');
    expect(units['locks.waitMax']).toBe('µs');
    expect(units['simulatedSeconds']).toBe('s');
    expect(units['iops']).toBe('I/Os per second');
    expect(units['throughputMBps']).toMatch(/^MB\/s/);
    expect(units['ios.total']).toBe('count');
    expect(units['devices.*.utilization']).toMatch(/^fraction/);
    expect(units['snapshots.*.valid']).toMatch(/^boolean/);
    expect(unitOf('strategy.holdUsMax')).toBe('µs');
    expect(unitOf('devices.0.figures.meanSeekMs')).toBe('ms');
    expect(unitOf('devices.0.figures.busyNs')).toBe('ns');
    expect(unitOf('devices.0.figures.writeAmplification')).toBe('ratio');
    expect(unitOf('devices.0.figures.bytesTransferred')).toBe('bytes');
    expect(unitOf('latency.read.percentiles.99.99')).toBe('µs');
    // A unit word names the unit of everything under it, and of array elements.
    expect(unitOf('baseline.latencyDeltaUs.read.p99')).toBe('µs');
    expect(unitOf('schedule.skippedAtSeconds.*')).toBe('s');
    expect(unitOf('baseline.throughputRatio')).toBe('ratio');
  });

  it('never calls a time a count: every key that names a latency, wait, hold or time has a time unit, or is its count', () => {
    for (const [key, unit] of Object.entries(summary.units)) {
      if (!/(latency|wait|hold|time|Time)/.test(key) || /\.count$/.test(key)) continue;
      expect(['µs', 'ms', 'ns', 's'], key).toContain(unit);
    }
  });
});

/**
 * Every look-up table keyed by text a user writes (size and duration units, SLO time units, gate
 * and plan figures, sweep paths) finds only its own entries: names of Object.prototype's members
 * (`constructor`, `__proto__`, `toString`) are unknown, not NaN, a hang or a wrong exit 1.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../engine/errors.js';
import { evaluateGate, evaluateSweepGate, parseRule } from '../../reports/gate/index.js';
import { parseSlo } from '../../reports/plan/slo.js';
import { parseSetFlag } from '../../reports/sweep/grid.js';
import { parseDurationNs, parseSize } from '../../workloads/scenario/units.js';

const PROTOTYPE_NAMES = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__proto__', '__defineGetter__'];

describe('size and duration units (workloads/scenario/units.ts)', () => {
  it.each(PROTOTYPE_NAMES)('"1%s" is neither a size nor a duration', (name) => {
    expect(parseSize(`1${name}`)).toBeUndefined();
    expect(parseDurationNs(`1${name}`)).toBeUndefined();
  });

  it('the real units still read', () => {
    expect(parseSize('4KiB')).toBe(4096);
    expect(parseSize('1.5MB')).toBe(1_500_000);
    expect(parseSize('2 t')).toBe(2 * 1024 ** 4);
    expect(parseDurationNs('250ms')).toBe(250_000_000);
    expect(parseDurationNs('50µs')).toBe(50_000);
    expect(parseDurationNs('2h')).toBe(7200e9);
    expect(parseDurationNs(1.5)).toBe(1.5e9);
  });

  it('a value too large to be finite is no size or duration', () => {
    expect(parseSize(`${'9'.repeat(400)}TiB`)).toBeUndefined();
    expect(parseDurationNs(`${'9'.repeat(400)}h`)).toBeUndefined();
    expect(parseDurationNs(1e300)).toBeUndefined();
  });
});

describe('SLO time units (reports/plan/slo.ts)', () => {
  it.each(PROTOTYPE_NAMES.filter((name) => /^[A-Za-z]+$/.test(name)))("'latency.write.p99<=5%s' is refused", (name) => {
    expect(() => parseSlo(`latency.write.p99<=5${name}`)).toThrowError(new RegExp(`expected a time limit with a unit \\(us, ms or s\\).*found unit '${name}'`));
  });

  it('the real units still read', () => {
    expect(parseSlo('latency.write.p99<=5ms').limit).toBe(5000);
    expect(parseSlo('latency.read.p50<2s').limit).toBe(2_000_000);
    expect(parseSlo('latency.read.p50<=7µs').limit).toBe(7);
  });
});

describe('gate figures (reports/gate/evaluate.ts)', () => {
  const summary = { iops: 100, latency: { write: { p99: 3 } } };

  it.each(PROTOTYPE_NAMES)("rule '%s<=5' names no figure of a summary: an InputError (exit 2), not a failed rule", (name) => {
    const rule = parseRule(`${name}<=5`);
    expect(() => evaluateGate({ baseline: summary, current: summary, rules: [rule] })).toThrowError(InputError);
    expect(() => evaluateGate({ baseline: summary, current: summary, rules: [rule] })).toThrowError(/found no such figure/);
  });

  it('nor of a sweep row', () => {
    const rows = [{ 'engine.locks': 'chunk', 'iops.mean': '100' }];
    expect(() => evaluateSweepGate({ baseline: rows, current: rows, parameters: ['engine.locks'], rules: [parseRule('constructor<=5')] })).toThrowError(/no such figure/);
  });

  it('a real figure still gates', () => {
    expect(evaluateGate({ baseline: summary, current: summary, rules: [parseRule('latency.write.p99<=5')] }).pass).toBe(true);
    expect(evaluateGate({ baseline: summary, current: summary, rules: [parseRule('iops>=101')] }).pass).toBe(false);
  });
});

describe('sweep paths (reports/sweep/grid.ts)', () => {
  it.each(['__proto__.polluted=1', 'constructor.polluted=1', 'workloads.0.__proto__=1', 'engine.prototype.x=2'])('--set %s is refused before it reaches withField', (text) => {
    expect(() => parseSetFlag(text)).toThrowError(/expected a path of scenario fields, found "(__proto__|constructor|prototype)"/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { InputError } from '../../../engine/errors.js';
import { gridPoints, inShard, parseSetFlag, parseSetFlags, parseShard, parseSweepValue, pointAt, pointCount, shardPointIndices } from '../../../reports/sweep/grid.js';
import { pointScenario, SweepPointError, withField } from '../../../reports/sweep/override.js';
import { replicationSeed } from '../../../reports/sweep/seeds.js';
import { tinyScenario } from './fixtures.js';

describe('--set values', () => {
  it('reads numbers and booleans as such and keeps everything else as text (sizes stay text for the schema)', () => {
    expect(parseSweepValue('16')).toBe(16);
    expect(parseSweepValue('0.5')).toBe(0.5);
    expect(parseSweepValue('1e3')).toBe(1000);
    expect(parseSweepValue('true')).toBe(true);
    expect(parseSweepValue('false')).toBe(false);
    expect(parseSweepValue('64KiB')).toBe('64KiB');
    expect(parseSweepValue('global')).toBe('global');
  });

  it('parses path=v1,v2 in the order given', () => {
    expect(parseSetFlag('engine.locks=global,chunk,striped')).toEqual({ path: 'engine.locks', values: ['global', 'chunk', 'striped'] });
    expect(parseSetFlag('workloads.0.jobs=1,4,16,64')).toEqual({ path: 'workloads.0.jobs', values: [1, 4, 16, 64] });
  });

  it.each([['engine.locks'], ['=1,2'], ['engine..locks=1'], ['workloads.0.jobs=1,,2'], ['engine.locks=global,global']])('refuses %s, naming --set', (text) => {
    expect(() => parseSetFlag(text)).toThrowError(InputError);
    expect(() => parseSetFlag(text)).toThrowError(/^--set: /);
  });

  it('refuses a field swept twice or inside another swept field', () => {
    expect(() => parseSetFlags(['engine.locks=global', 'engine.locks=chunk'])).toThrowError(/each field swept by one --set only/);
    expect(() => parseSetFlags(['engine.intake.servers=1,2', 'engine.intake=none'])).toThrowError(/each field swept by one --set only/);
    expect(() => parseSetFlags([])).toThrowError(/at least one --set/);
  });
});

describe('the grid', () => {
  const parameters = [
    { path: 'engine.locks', values: ['global', 'chunk', 'striped'] },
    { path: 'workloads.0.jobs', values: [1, 4] },
  ];

  it('is the cartesian product in nested-loop order, the first --set slowest', () => {
    expect(pointCount(parameters)).toBe(6);
    expect(gridPoints(parameters).map((point) => Object.values(point.values))).toEqual([
      ['global', 1],
      ['global', 4],
      ['chunk', 1],
      ['chunk', 4],
      ['striped', 1],
      ['striped', 4],
    ]);
    expect(pointAt(parameters, 3)).toEqual({ index: 3, values: { 'engine.locks': 'chunk', 'workloads.0.jobs': 4 } });
  });

  it('shard i/n holds the points whose index mod n is i - 1; the shards partition the grid', () => {
    expect(shardPointIndices(6, { index: 1, count: 3 })).toEqual([0, 3]);
    expect(shardPointIndices(6, { index: 2, count: 3 })).toEqual([1, 4]);
    expect(shardPointIndices(6, { index: 3, count: 3 })).toEqual([2, 5]);
    expect(shardPointIndices(2, { index: 3, count: 3 })).toEqual([]);
    for (let index = 0; index < 50; index++) {
      expect([1, 2, 3, 4].filter((shard) => inShard(index, { index: shard, count: 4 }))).toHaveLength(1);
    }
  });

  it.each([['0/3'], ['4/3'], ['1/0'], ['x'], ['1-3'], ['']])('refuses --shard %j', (text) => {
    expect(() => parseShard(text)).toThrowError(/^--shard: .*expected i\/n/);
  });
});

describe('applying a point to the scenario', () => {
  it('sets fields by dotted path with array indices, creating missing objects, without touching the original', () => {
    const raw = { name: 'x', workloads: [{ name: 'a', jobs: 1 }] };
    expect(withField(raw, 'workloads.0.jobs', 8)).toEqual({ name: 'x', workloads: [{ name: 'a', jobs: 8 }] });
    expect(withField(raw, 'engine.intake.servers', 4)).toEqual({ ...raw, engine: { intake: { servers: 4 } } });
    expect(raw.workloads[0]!.jobs).toBe(1);
    expect(() => withField(raw, 'workloads.1.jobs', 2)).toThrowError(/--set: workloads.1.jobs: expected an index below 1/);
    expect(() => withField(raw, 'name.first', 2)).toThrowError(/--set: name.first: expected a path through objects/);
  });

  it('validates the point with the scenario schema: a bad path or value names --set, the point and the field', () => {
    const source = 'tiny.yaml';
    const resolved = pointScenario(tinyScenario as Record<string, unknown>, { index: 0, values: { 'volume.chunkSize': '128KiB', 'engine.locks': 'global' } }, source);
    expect(resolved.volume.chunkSizeBytes).toBe(128 * 1024);
    expect(resolved.engine.locks).toBe('global');
    const bad = () => pointScenario(tinyScenario as Record<string, unknown>, { index: 1, values: { 'engine.locks': 'everything' } }, source);
    expect(bad).toThrowError(SweepPointError);
    expect(bad).toThrowError(/--set: the scenario tiny.yaml with engine.locks=everything is invalid:\n {2}engine.locks: expected one of "global", "chunk", "striped"/);
    expect(() => pointScenario(tinyScenario as Record<string, unknown>, { index: 0, values: { 'nosuch.path': 1 } }, source)).toThrowError(/nosuch.path=1 is invalid:\n {2}nosuch: expected no field named "nosuch"/);
  });
});

describe('replication seeds', () => {
  it('are deterministic 32-bit integers, distinct across replications and base seeds', () => {
    const seeds = Array.from({ length: 1000 }, (_, replication) => replicationSeed(42, replication));
    expect(new Set(seeds).size).toBe(1000);
    for (const seed of seeds) expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32).toBe(true);
    expect(replicationSeed(42, 3)).toBe(seeds[3]);
    expect(replicationSeed(43, 0)).not.toBe(replicationSeed(42, 0));
  });
});

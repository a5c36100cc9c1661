/**
 * Sharding and merging: three shards merged give byte for byte the sweep.csv (and report.html) of
 * the sweep run whole; merge refuses missing points, duplicate points and shards of another sweep.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mergeCommand } from '../../../reports/commands/merge-command.js';
import { sweepCommand } from '../../../reports/commands/sweep-command.js';
import { MergeError } from '../../../reports/sweep/merge.js';
import type { SweepFile } from '../../../reports/sweep/sweep-file.js';
import { chromiumAvailable, renderHtmlFile } from '../../helpers/chromium.js';
import { bufferIo, temporaryDirectory, tinyScenario, writeScenarioFile } from './fixtures.js';

const GRID = ['engine.locks=global,chunk', 'workloads.0.jobs=1,4,8'];

describe('sweep shards and merge', () => {
  let directory: string;
  let scenario: string;
  let whole: string;
  let shards: string[];

  beforeAll(async () => {
    directory = temporaryDirectory();
    scenario = writeScenarioFile(directory, tinyScenario);
    const run = async (out: string, shard?: string) => {
      const { exitCode } = await sweepCommand({ scenario, set: GRID, replications: 2, jobs: 1, out, quiet: true, ...(shard === undefined ? {} : { shard }) }, bufferIo());
      expect(exitCode).toBe(0);
      return out;
    };
    whole = await run(join(directory, 'whole'));
    shards = [];
    for (const shard of ['1/3', '2/3', '3/3']) shards.push(await run(join(directory, `shard-${shard[0]}`), shard));
  });

  it('a shard writes only its own points (index mod 3) to sweep.json', () => {
    const file = JSON.parse(readFileSync(join(shards[1]!, 'sweep.json'), 'utf8')) as SweepFile;
    expect(file.shard).toEqual({ index: 2, count: 3 });
    expect(file.pointCount).toBe(6);
    expect(file.points.map((point) => point.index)).toEqual([1, 4]);
  });

  it('merging the 3 shards gives the sweep.csv and report.html of the whole sweep, byte for byte', async () => {
    const io = bufferIo();
    // Shards in any order.
    const { exitCode, outDir } = await mergeCommand({ inputs: [shards[2]!, shards[0]!, shards[1]!], out: join(directory, 'merged') }, io);
    expect(exitCode).toBe(0);
    expect(io.out()).toContain('merged 3 sweep outputs of tiny: 6 points × 2 replications');
    expect(readFileSync(join(outDir, 'sweep.csv'), 'utf8')).toBe(readFileSync(join(whole, 'sweep.csv'), 'utf8'));
    expect(readFileSync(join(outDir, 'report.html'), 'utf8')).toBe(readFileSync(join(whole, 'report.html'), 'utf8'));
    const merged = JSON.parse(readFileSync(join(outDir, 'sweep.json'), 'utf8')) as SweepFile;
    expect(merged.shard).toBeNull();
    expect(merged.points.map((point) => point.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('refuses a missing shard, naming the points and the --shard to run', async () => {
    await expect(mergeCommand({ inputs: [shards[0]!, shards[1]!], out: join(directory, 'm1') }, bufferIo())).rejects.toThrowError(
      /2 of 6 sweep points are missing \(run --shard 3\/3\): 2 \(engine.locks=global, workloads.0.jobs=8\), 5 \(engine.locks=chunk, workloads.0.jobs=8\)/,
    );
  });

  it('refuses a point given twice', async () => {
    await expect(mergeCommand({ inputs: [...shards, shards[0]!], out: join(directory, 'm2') }, bufferIo())).rejects.toThrowError(MergeError);
    await expect(mergeCommand({ inputs: [whole, shards[0]!], out: join(directory, 'm2') }, bufferIo())).rejects.toThrowError(/point 0 .* is in both/);
  });

  it('refuses shards of a different grid or scenario', async () => {
    const other = join(directory, 'other');
    await sweepCommand({ scenario, set: ['engine.locks=global,striped', 'workloads.0.jobs=1,4,8'], replications: 2, jobs: 1, shard: '3/3', out: other, quiet: true }, bufferIo());
    await expect(mergeCommand({ inputs: [shards[0]!, shards[1]!, other], out: join(directory, 'm3') }, bufferIo())).rejects.toThrowError(/not shards of one sweep \(different grids/);
    const changed = writeScenarioFile(directory, { ...tinyScenario, seed: 12 }, 'changed.json');
    const otherScenario = join(directory, 'other-scenario');
    await sweepCommand({ scenario: changed, set: GRID, replications: 2, jobs: 1, shard: '3/3', out: otherScenario, quiet: true }, bufferIo());
    await expect(mergeCommand({ inputs: [shards[0]!, shards[1]!, otherScenario], out: join(directory, 'm4') }, bufferIo())).rejects.toThrowError(/different scenarios/);
  });

  it.skipIf(!chromiumAvailable())('the sweep report renders in Chromium with a chart per figure and no console errors', async () => {
    const page = await renderHtmlFile(join(whole, 'report.html'));
    expect(page.consoleErrors).toEqual([]);
    expect(page.externalRequests).toEqual([]);
    expect(page.svgCount).toBeGreaterThanOrEqual(8);
    expect(page.nonEmptySvgCount).toBe(page.svgCount);
    expect(page.svgs.map((svg) => svg.label)).toContain('IOPS');
  });
});

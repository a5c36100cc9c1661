/**
 * The pieces behind flag checks (issue 9): "did you mean" suggestions, bounded whole numbers,
 * --jobs lowered to the cores, sweep size limits, and the plan's load ceiling.
 */
import { describe, expect, it } from 'vitest';
import { boundedWholeNumber, jobsWithinCores } from '../../reports/commands/cli-values.js';
import { describeCommandLine, editDistance, suggestFlag } from '../../reports/commands/flag-suggestions.js';
import { loadCeiling } from '../../reports/plan/load-ceiling.js';
import { searchLargestLoad } from '../../reports/plan/load-search.js';
import { checkSweepRuns, parseSetFlags } from '../../reports/sweep/grid.js';

describe('did you mean', () => {
  it('edit distance counts a swap of neighbours as one edit', () => {
    expect(editDistance('replicatoins', 'replications')).toBe(1);
    expect(editDistance('sed', 'seed')).toBe(1);
    expect(editDistance('seed', 'seed')).toBe(0);
    expect(editDistance('abc', '')).toBe(3);
  });

  it('suggests the nearest flag, an unambiguous abbreviation, or nothing', () => {
    const flags = ['scenario', 'seed', 'set', 'replications', 'jobs', 'shard', 'out', 'quiet', 'help', 'version'];
    expect(suggestFlag('sed', flags)).toBe('seed');
    expect(suggestFlag('scenarios', flags)).toBe('scenario');
    expect(suggestFlag('--Quiet', flags)).toBe('quiet');
    expect(suggestFlag('rep', flags)).toBe('replications');
    // "s" abbreviates several flags and is one edit from none of the longer ones: no guess.
    expect(suggestFlag('sh', flags)).toBe(undefined);
    expect(suggestFlag('zzzzzz', flags)).toBe(undefined);
  });

  it('one message for all problems, with the command help', () => {
    expect(describeCommandLine(['Unknown argument: sed'], { command: 'run', flags: ['seed', 'out'] })).toBe(
      "command line: Unknown argument: sed (did you mean --seed?)\nRun 'cowsim run --help' for its options.",
    );
    expect(describeCommandLine(['Did you mean run?', 'Unknown argument: rn'], { flags: [], firstWord: 'rn' })).toBe(
      "command line: Unknown argument: rn (did you mean run?)\nRun 'cowsim --help' for the commands.",
    );
    expect(describeCommandLine(['Missing required argument: baseline'], { command: 'gate', flags: [] })).toContain('(gate needs --baseline FILE');
  });
});

describe('bounded flag values', () => {
  it('names the flag and the limit', () => {
    expect(boundedWholeNumber('7', '--replications', 1, 1000, 'why')).toBe(7);
    expect(() => boundedWholeNumber('0', '--replications', 1, 1000, 'why')).toThrowError('--replications: replications: expected a whole number of at least 1, found "0"');
    expect(() => boundedWholeNumber('1e9', '--replications', 1, 1000, 'runs of one point')).toThrowError(
      '--replications: replications: expected a whole number of at most 1,000 (runs of one point), found "1e9"',
    );
    expect(() => boundedWholeNumber('2.5', '--replications', 1, 1000, 'why')).toThrowError(/whole number of at least 1/);
  });

  it('--jobs above the cores is lowered to them with a notice; at or below, kept silently', () => {
    const notices: string[] = [];
    expect(jobsWithinCores(64, (line) => notices.push(line), 4)).toBe(4);
    expect(notices).toEqual(['cowsim: --jobs 64 is more than the 4 cores available; using 4']);
    expect(jobsWithinCores(3, (line) => notices.push(line), 4)).toBe(3);
    expect(jobsWithinCores(2, (line) => notices.push(line), 1)).toBe(1);
    expect(notices.at(-1)).toBe('cowsim: --jobs 2 is more than the 1 core available; using 1');
  });

  it('sweep runs count only the shard\'s points', () => {
    const parameters = parseSetFlags([`seed=${Array.from({ length: 100 }, (_, index) => index).join(',')}`]);
    expect(() => checkSweepRuns(parameters, undefined, 100)).not.toThrow();
    expect(() => checkSweepRuns(parameters, undefined, 101)).toThrowError('100 points x 101 replications = 10,100 runs');
    // 100 points over 3 shards: 34, 33 and 33.
    expect(() => checkSweepRuns(parameters, { index: 1, count: 3 }, 300)).toThrowError('34 points of shard 1/3 x 300 replications = 10,200 runs');
    expect(() => checkSweepRuns(parameters, { index: 2, count: 3 }, 300)).not.toThrow();
  });
});

describe('the plan never tries a load the scenario refuses', () => {
  it('finds the largest accepted load', () => {
    expect(loadCeiling((load) => load <= 37, 'jobs', 1)).toBe(37);
    expect(loadCeiling(() => true, 'jobs', 1)).toBe(4096);
    expect(loadCeiling(() => true, 'rate', 100)).toBe(10_000_000);
  });

  it('doubling stops at the ceiling: all loads up to it pass', async () => {
    const tried: number[] = [];
    const result = await searchLargestLoad(
      async (load) => {
        tried.push(load);
        return true;
      },
      { start: 3, integer: true, tolerance: 0.02, ceiling: 40 },
    );
    expect(result.outcome).toBe('all-pass');
    expect(result.largestPassing).toBe(40);
    expect(Math.max(...tried)).toBe(40);
    expect(tried).toEqual([3, 6, 12, 24, 40]);
  });
});

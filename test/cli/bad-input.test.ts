/**
 * Bad flags and flag values past their limits (issue 9) through `cowsim(argv, io)`: exit 2 with
 * one message naming the flag (and the nearest flag, or the limit), nothing written, and no run
 * started: runScenario is wrapped in a spy, so "nothing ran" is checked without timing anything.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

const runs = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../workloads/run.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../workloads/run.js')>();
  return {
    ...original,
    runScenario: (...args: Parameters<typeof original.runScenario>) => {
      runs.count++;
      return original.runScenario(...args);
    },
  };
});

const { cowsim } = await import('../../bin/cowsim.js');
const { bufferIo, temporaryDirectory, tinyScenario, writeScenarioFile } = await import('../reports/sweep/fixtures.js');

let directory: string;
let scenario: string;

beforeAll(() => {
  directory = temporaryDirectory('cowsim-bad-input-');
  scenario = writeScenarioFile(directory, tinyScenario);
});

afterEach(() => {
  runs.count = 0;
});

/** Runs a command line that must be refused before any work; returns its stderr. */
async function refused(argv: string[]): Promise<string> {
  const out = join(directory, `out-${Math.random().toString(36).slice(2)}`);
  const io = bufferIo();
  const code = await cowsim([...argv, '--out', out], io);
  expect(code, io.err()).toBe(2);
  expect(existsSync(out)).toBe(false);
  expect(runs.count).toBe(0);
  expect(io.out()).toBe('');
  const err = io.err();
  // One message: one "cowsim:" line, never a stack trace or an internal error.
  expect(err.match(/^cowsim:/gm)).toHaveLength(1);
  expect(err).not.toMatch(/internal error|\n\s+at /);
  return err;
}

describe('the spy on runScenario', () => {
  it('counts a run that happens (so a count of 0 means none did)', async () => {
    const io = bufferIo();
    expect(await cowsim(['run', '--scenario', scenario, '--out', join(directory, 'control'), '--quiet'], io)).toBe(0);
    expect(runs.count).toBe(1);
  });
});

describe('a misspelled or unknown flag stops before any work, with the flag it likely meant', () => {
  it.each([
    [['run', '--sed', '5'], 'Unknown argument: sed (did you mean --seed?)', 'run'],
    [['run', '--scenarios', 'X'], 'Unknown argument: scenarios (did you mean --scenario?)', 'run'],
    [['sweep', '--set', 'engine.locks=global', '--replicatoins', '2'], 'Unknown argument: replicatoins (did you mean --replications?)', 'sweep'],
    [['sweep', '--set', 'engine.locks=global', '--rep', '2'], 'Unknown argument: rep (did you mean --replications?)', 'sweep'],
    [['crash', '--flush-intervl', '1ms'], 'Unknown argument: flush-intervl (did you mean --flush-interval?)', 'crash'],
    [['plan', '--slo', 'iops<=5', '--mx', '9'], 'Unknown argument: mx (did you mean --max?)', 'plan'],
  ])('%j', async (argv, message, command) => {
    const err = await refused([...argv, ...(command === 'crash' ? [] : ['--scenario', scenario])]);
    expect(err).toContain(`cowsim: command line: ${message}`);
    expect(err).toContain(`Run 'cowsim ${command} --help' for its options.`);
  });

  it('several unknown flags in one message, a dashed one listed once', async () => {
    const err = await refused(['crash', '--flush-intervl', '1ms', '--sed', '3']);
    expect(err).toContain('Unknown arguments: flush-intervl (did you mean --flush-interval?), sed (did you mean --seed?)\n');
  });

  it('a word far from every flag gets no suggestion', async () => {
    const err = await refused(['run', '--scenario', scenario, '--zzzzzz', '1']);
    expect(err).toContain('Unknown argument: zzzzzz\n');
  });

  it('an unknown command is named with the command it likely meant', async () => {
    // refused() adds --out, a flag of no command once the command is unknown.
    const err = await refused(['rn']);
    expect(err).toContain('cowsim: command line: Unknown arguments: out, rn (did you mean run?)');
    expect(err).toContain("Run 'cowsim --help' for the commands.");
  });

  it('a single-valued flag given twice (yargs would pass an array on)', async () => {
    const err = await refused(['plan', '--scenario', scenario, '--slo', 'latency.write.p99<=50ms', '--retention', '0', '--retention', '__proto__']);
    expect(err).toContain('cowsim: command line: --retention given 2 times: give it once');
  });

  it('a flag without its value', async () => {
    const err = await refused(['run', '--scenario', scenario, '--seed']);
    expect(err).toContain('cowsim: command line: Not enough arguments following: seed');
  });
});

describe('missing required flags and arguments', () => {
  it('sweep without --set says what --set is, with no stack trace', async () => {
    const err = await refused(['sweep', '--scenario', scenario]);
    expect(err).toContain('cowsim: command line: Missing required argument: set (sweep needs at least one --set path=v1,v2, such as --set engine.locks=global,chunk)');
  });

  it('merge with no directory says so once', async () => {
    const err = await refused(['merge']);
    expect(err).toContain('(merge needs the output directories (or sweep.json files) of the shards to combine: cowsim merge DIR... [--out DIR])');
  });
});

describe('flag values past their limits', () => {
  it('sweep --replications 1e9', async () => {
    const err = await refused(['sweep', '--scenario', scenario, '--set', 'engine.locks=global', '--replications', '1e9']);
    expect(err).toContain('cowsim: --replications: replications: expected a whole number of at most 1,000');
  });

  it('sweep runs: points in the shard x replications', async () => {
    const err = await refused(['sweep', '--scenario', scenario, '--set', `seed=${Array.from({ length: 20 }, (_, index) => index).join(',')}`, '--replications', '1000']);
    expect(err).toContain('expected at most 10,000 runs per sweep or shard');
    expect(err).toContain('20 points x 1000 replications = 20,000 runs');
  });

  it('an 8-million-point grid', async () => {
    const values = Array.from({ length: 200 }, (_, index) => index + 1).join(',');
    const err = await refused(['sweep', '--scenario', scenario, '--set', `workloads.0.iodepth=${values}`, '--set', `workloads.0.jobs=${values}`, '--set', `seed=${values}`]);
    expect(err).toContain('--set: sweep grid: expected at most 10,000 points');
    expect(err).toContain('found 8,000,000 points (200 x 200 x 200)');
  });

  it.each([['__proto__.polluted=1'], ['constructor.polluted=1'], ['engine.prototype=1']])('sweep --set %s does not reach Object.prototype', async (set) => {
    const err = await refused(['sweep', '--scenario', scenario, '--set', set]);
    expect(err).toContain('expected a path of scenario fields');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('plan --max 1e308 is past the largest load the scenario accepts', async () => {
    const err = await refused(['plan', '--scenario', scenario, '--slo', 'latency.write.p99<=5ms', '--max', '1e308']);
    expect(err).toContain('cowsim: --max: 1e+308: expected at most 4096 jobs, the largest jobs of writers the scenario accepts');
  });

  it('plan --min past the ceiling too (jobs x iodepth in flight)', async () => {
    const err = await refused(['plan', '--scenario', scenario, '--slo', 'latency.write.p99<=5ms', '--min', '20000', '--max', '30000']);
    expect(err).toContain('--max: 30000: expected at most 4096 jobs');
  });

  it('crash --seeds 1e9 and seeds past 2^32-1', async () => {
    expect(await refused(['crash', '--seeds', '1e9'])).toContain('--seeds: expected at most 1,000,000 seeds per campaign');
    expect(await refused(['crash', '--seed', '4294967295', '--seeds', '2'])).toContain('--seeds: expected seeds that stay within 0..4294967295: at most 1 from seed 4294967295');
  });

  it('crash --flush-interval past 2^52 ns', async () => {
    expect(await refused(['crash', '--flush-interval', '1000000000h'])).toContain('--flush-interval: expected a duration of at most 2^52 ns (about 52 days), found "1000000000h"');
  });

  it('a scenario past a model limit is refused before the run, naming the field', async () => {
    const large = writeScenarioFile(directory, { ...tinyScenario, devices: { ...tinyScenario.devices, snapshotStore: { preset: 'ssd-sata', size: '64MiB', params: { capacityBytes: '80TB' } } } }, 'large-store.json');
    const err = await refused(['run', '--scenario', large]);
    expect(err).toContain(`cowsim: ${large}: devices.snapshotStore.params.capacityBytes: expected at most 16360545714176 bytes with this geometry`);
    expect(err).toContain('past the 2^32-1 the mapping tables address');
  });
});

describe('look-ups by a name the user gives never reach Object.prototype', () => {
  it.each([['__proto__<=5'], ['constructor<=5'], ['toString>=0']])("gate --rule '%s' is a figure the files lack: exit 2, not 1", async (rule) => {
    const summary = join(directory, 'summary.json');
    writeFileSync(summary, JSON.stringify({ iops: 5, latency: { write: { p99: 3 } } }));
    const io = bufferIo();
    expect(await cowsim(['gate', '--baseline', summary, '--current', summary, '--rule', rule], io)).toBe(2);
    expect(io.err()).toContain(`expected a numeric figure '${rule.split(/[<>=]/)[0]}'`);
    expect(io.err()).toContain('found no such figure');
  });

  it("plan --slo with a unit such as 'constructor'", async () => {
    const err = await refused(['plan', '--scenario', scenario, '--slo', 'latency.write.p99<=5constructor']);
    expect(err).toContain("--slo: 'latency.write.p99<=5constructor': expected a time limit with a unit (us, ms or s)");
  });
});

describe('--jobs above the cores is lowered to them, with a notice', () => {
  it('sweep --jobs 100000 runs with the cores available and says so', async () => {
    const out = join(directory, 'jobs-sweep');
    const io = bufferIo();
    expect(await cowsim(['sweep', '--scenario', scenario, '--set', 'engine.locks=global', '--jobs', '100000', '--out', out], io)).toBe(0);
    expect(io.err()).toMatch(/^cowsim: --jobs 100000 is more than the \d+ cores? available; using \d+$/m);
    expect(readdirSync(out)).toContain('sweep.json');
  });
});

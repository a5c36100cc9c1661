/** Bad input through the CLI function: exit code 2, a message naming the flag or file, nothing written. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cowsim } from '../../../bin/cowsim.js';
import { bufferIo, temporaryDirectory, tinyScenario, writeScenarioFile } from '../sweep/fixtures.js';

describe('bad input exits 2 and says which flag or file', () => {
  let directory: string;
  let scenario: string;

  beforeAll(() => {
    directory = temporaryDirectory();
    scenario = writeScenarioFile(directory, tinyScenario);
  });

  const expectBadInput = async (argv: string[], ...messages: (string | RegExp)[]) => {
    const io = bufferIo();
    expect(await cowsim(argv, io)).toBe(2);
    for (const message of messages) {
      if (typeof message === 'string') expect(io.err()).toContain(message);
      else expect(io.err()).toMatch(message);
    }
    expect(io.out()).toBe('');
    return io.err();
  };

  it('sweep --set nosuch.path=1: names --set, the point and the field', async () => {
    const out = join(directory, 'never');
    await expectBadInput(['sweep', '--scenario', scenario, '--set', 'nosuch.path=1', '--out', out], `cowsim: --set: the scenario ${scenario} with nosuch.path=1 is invalid:`, 'nosuch: expected no field named "nosuch"');
    expect(existsSync(out)).toBe(false);
  });

  it('sweep --set with a value the schema refuses, at one point of the grid', async () => {
    await expectBadInput(['sweep', '--scenario', scenario, '--set', 'workloads.0.jobs=1,0', '--jobs', '1'], 'with workloads.0.jobs=0 is invalid', 'workloads[0].jobs: expected a value of at least 1');
  });

  it('sweep --set without values or with an index past the list', async () => {
    await expectBadInput(['sweep', '--scenario', scenario, '--set', 'engine.locks'], '--set: "engine.locks": expected path=value1,value2');
    await expectBadInput(['sweep', '--scenario', scenario, '--set', 'workloads.2.jobs=1'], '--set: workloads.2.jobs: expected an index below 1');
  });

  it.each([['0/3'], ['4/3'], ['two/3'], ['1/']])('sweep --shard %s', async (shard) => {
    await expectBadInput(['sweep', '--scenario', scenario, '--set', 'engine.locks=global', '--shard', shard], `cowsim: --shard: shard: expected i/n with 1 <= i <= n`, JSON.stringify(shard));
  });

  it('sweep --replications and --jobs must be whole numbers of at least 1', async () => {
    await expectBadInput(['sweep', '--scenario', scenario, '--set', 'engine.locks=global', '--replications', '0'], '--replications: replications: expected a whole number of at least 1, found "0"');
    await expectBadInput(['sweep', '--scenario', scenario, '--set', 'engine.locks=global', '--jobs', 'many'], '--jobs: jobs: expected a whole number of at least 1');
  });

  it('sweep of a missing scenario file names the file', async () => {
    const missing = join(directory, 'absent.yaml');
    await expectBadInput(['sweep', '--scenario', missing, '--set', 'engine.locks=global'], `${missing}: (file): expected a readable scenario file (ENOENT)`);
  });

  it('gate with a missing baseline file names the file', async () => {
    const missing = join(directory, 'baseline-summary.json');
    await expectBadInput(['gate', '--baseline', missing, '--current', missing, '--rule', 'iops>=-2%'], `cowsim: ${missing}: (file): expected a summary.json`, 'ENOENT');
  });

  it('merge of a directory without a sweep.json names it', async () => {
    await expectBadInput(['merge', directory, '--out', join(directory, 'merged')], `${join(directory, 'sweep.json')}: (file): expected a readable sweep.json`);
  });

  it('plan with a malformed SLO, a time without a unit, or an unknown workload', async () => {
    await expectBadInput(['plan', '--scenario', scenario, '--slo', 'latency.write.p99=5ms'], "--slo: 'latency.write.p99=5ms': expected <figure><=<value><unit>");
    await expectBadInput(['plan', '--scenario', scenario, '--slo', 'latency.write.p99<=5'], 'expected a time limit with a unit (us, ms or s)');
    await expectBadInput(['plan', '--scenario', scenario, '--slo', 'iops<=5ms'], 'expected a plain number: iops is not a time');
    await expectBadInput(['plan', '--scenario', scenario, '--slo', 'latency.write.p99<=5ms', '--workload', 'nobody'], '--workload: nobody: expected the name of a workload');
    await expectBadInput(['plan', '--scenario', scenario, '--slo', 'latency.write.p99<=5ms', '--knob', 'rate'], '--knob: rate: expected an open-loop workload');
    await expectBadInput(['plan', '--scenario', scenario, '--slo', 'latency.write.p99<=5ms', '--tolerance', '2'], '--tolerance: tolerance: expected a percentage');
    await expectBadInput(['plan', '--scenario', scenario, '--slo', 'latency.write.p99<=5ms', '--retention', 'forever'], '--retention: retention: expected a number of snapshots (8) or a time window');
  });

  it('an unknown command or flag, or a missing required flag', async () => {
    await expectBadInput(['sweeep'], 'cowsim: command line:');
    await expectBadInput(['sweep', '--scenario', scenario], 'Missing required argument: set');
    await expectBadInput(['gate', '--baseline', 'a.json', '--current', 'b.json', '--rulez', 'x'], /Unknown argument/);
  });
});

describe('plan refuses an SLO on a figure the run does not measure', () => {
  it('a write-latency SLO for a workload that only reads', async () => {
    const directory = temporaryDirectory();
    const readOnly = writeScenarioFile(directory, { ...tinyScenario, duration: '20ms', workloads: [{ name: 'readers', rw: 'randread', blockSize: '4KiB', jobs: 2, iodepth: 4 }] });
    const io = bufferIo();
    expect(await cowsim(['plan', '--scenario', readOnly, '--slo', 'latency.write.p99<=5ms', '--out', join(directory, 'plan'), '--quiet'], io)).toBe(2);
    expect(io.err()).toContain("--slo: 'latency.write.p99<=5ms': expected a figure the run measures: latency.write counts no I/O at 2 jobs");
    const other = bufferIo();
    expect(await cowsim(['plan', '--scenario', readOnly, '--slo', 'latency.reed.p99<=5ms', '--out', join(directory, 'plan'), '--quiet'], other)).toBe(2);
    expect(other.err()).toMatch(/--slo: 'latency.reed.p99<=5ms': expected a figure of summary.json .* found no figure latency.reed.p99; similar: .*latency.read.p99/);
  });
});

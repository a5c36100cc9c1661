/** fio job files read as a storage engineer writes them (docs/fio.md is the table). */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFioJobText } from '../../../workloads/fio/fio-job-file.js';
import { fioJobsFromText } from '../../../workloads/fio/fio-options.js';
import { parseBssplit, parseFioSize, parseFioTimeNs } from '../../../workloads/fio/fio-values.js';
import { expandFioEntries, readFioJobFile } from '../../../workloads/fio/load-fio.js';
import { loadScenarioFile, scenarioFromObject } from '../../../workloads/scenario/load.js';
import { defaultScenario } from '../../../workloads/scenario/default-scenario.js';
import { ScenarioError } from '../../../workloads/scenario/scenario-error.js';

const twoJobs = `; two jobs sharing a [global] section
[global]
bs=4k
iodepth=16
runtime=2s
time_based
# sizes in fio's notation
size=1g

[randwrite-4k]
rw=randwrite
random_distribution=zipf:1.1

[oltp-mix]
rw=randrw
rwmixread=70
bssplit=4k/60:16k/30:64k/10
iodepth=4   ; a job's own option wins
numjobs=2
`;

function problems(text: string): string {
  try {
    fioJobsFromText(text, 'job.fio');
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as Error).message;
  }
  throw new Error('expected the job file to be refused');
}

describe('fio job files', () => {
  it('makes one workload of each job section, with the [global] options applied to each', () => {
    const { workloads, durationNs, warnings } = fioJobsFromText(twoJobs, 'job.fio');
    expect(warnings).toEqual([]);
    expect(durationNs).toBe(2e9);
    expect(workloads).toEqual([
      { name: 'randwrite-4k', rw: 'randwrite', blockSize: 4096, jobs: 1, iodepth: 16, range: { size: 1073741824 }, distribution: { zipf: 1.1 }, stopAt: '2000000000ns' },
      { name: 'oltp-mix', rw: 'randrw', readPercent: 70, blockSize: { 4096: 60, 16384: 30, 65536: 10 }, jobs: 2, iodepth: 4, range: { size: 1073741824 }, stopAt: '2000000000ns' },
    ]);
  });

  it('gives the jobs of a job file to a scenario that validates', () => {
    const { workloads } = fioJobsFromText(twoJobs, 'job.fio');
    const scenario = scenarioFromObject({ ...defaultScenario, duration: '2s', workloads }, 'test');
    expect(scenario.workloads.map((workload) => [workload.name, workload.rw, workload.readFraction, workload.jobs, workload.iodepth])).toEqual([
      ['randwrite-4k', 'randwrite', 0, 1, 16],
      ['oltp-mix', 'randrw', 0.7, 2, 4],
    ]);
  });

  it("reads sizes as fio does with its default kb_base=1024, and with kb_base=1000", () => {
    expect(parseFioSize('4k', 1024)).toBe(4096);
    expect(parseFioSize('4KB', 1024)).toBe(4096);
    expect(parseFioSize('4KiB', 1024)).toBe(4096);
    expect(parseFioSize('1m', 1024)).toBe(1048576);
    expect(parseFioSize('2g', 1024)).toBe(2 * 1024 ** 3);
    expect(parseFioSize('512', 1024)).toBe(512);
    expect(parseFioSize('4k', 1000)).toBe(4000);
    expect(parseFioSize('4KiB', 1000)).toBe(4096);
    expect(parseFioSize('abc', 1024)).toBeUndefined();
    expect(parseFioSize('4x', 1024)).toBeUndefined();
    const [job] = fioJobsFromText('[j]\nkb_base=1000\nbs=8k\nrw=write\n', 'j.fio').workloads;
    expect(job!.blockSize).toBe(8000);
  });

  it('reads times in each option\'s own unit when bare: seconds for runtime, microseconds for thinktime', () => {
    expect(parseFioTimeNs('10', 1e9)).toBe(10e9);
    expect(parseFioTimeNs('250ms', 1e9)).toBe(250e6);
    expect(parseFioTimeNs('2m', 1e9)).toBe(120e9);
    const [job] = fioJobsFromText('[j]\nrw=randread\nthinktime=50\nstartdelay=1\nramp_time=500ms\nruntime=3\n', 'j.fio').workloads;
    expect(job).toMatchObject({ thinkTime: '50000ns', startAt: '1000000000ns', rampUp: '500000000ns', stopAt: '4500000000ns' });
  });

  it('reads bssplit entries with and without percentages, and rwmixwrite', () => {
    expect(parseBssplit('4k/50:8k/:16k/', 1024)).toEqual(new Map([[4096, 50], [8192, 25], [16384, 25]]));
    expect(parseBssplit('4k/70:64k/30,8k/100', 1024)).toMatch(/no separate read and write block sizes/);
    const [job] = fioJobsFromText('[j]\nrw=rw\nrwmixwrite=20\n', 'j.fio').workloads;
    expect(job).toMatchObject({ rw: 'readwrite', readPercent: 80, loops: 1 });
  });

  it('maps rate_iops per job to a total rate, and the rest of the fio defaults', () => {
    const [job] = fioJobsFromText('[j]\nrw=randwrite\nrate_iops=500\nnumjobs=4\nrate_process=poisson\n', 'j.fio').workloads;
    expect(job).toEqual({ name: 'j', rw: 'randwrite', blockSize: 4096, jobs: 4, iodepth: 1, rate: { iops: 2000, arrival: 'poisson' } });
    const [plain] = fioJobsFromText('[plain]\n', 'j.fio').workloads;
    expect(plain).toEqual({ name: 'plain', rw: 'read', blockSize: 4096, jobs: 1, iodepth: 1, loops: 1 });
  });

  it('ends a random job without time_based after size bytes, as fio does', () => {
    const [job] = fioJobsFromText('[j]\nrw=randwrite\nbs=64k\nsize=64m\nnumjobs=2\n', 'j.fio').workloads;
    expect(job).toMatchObject({ ios: 2048, range: { size: 67108864 } });
  });

  it('treats ; and # lines (and a trailing comment after a blank) as comments', () => {
    const { sections } = parseFioJobText('# top\n;also\n[a]\n  ; indented\nbs=8k # trailing\n\n[b]\ntime_based\n');
    expect(sections).toEqual([
      { name: 'a', line: 3, options: [{ name: 'bs', value: '8k', line: 5 }] },
      { name: 'b', line: 7, options: [{ name: 'time_based', value: undefined, line: 8 }] },
    ]);
  });

  it('warns of each option it ignores, naming the file, the line and the option', () => {
    const { warnings, workloads } = fioJobsFromText('[global]\nioengine=libaio\ndirect=1\n[j]\nrw=write\nverify=crc32c\nfrobnicate=3\n', 'j.fio');
    expect(workloads).toHaveLength(1);
    expect(warnings).toEqual([
      expect.stringMatching(/^j\.fio:2: ioengine: ignored \(.*no files, page cache or I\/O engine/),
      expect.stringMatching(/^j\.fio:3: direct: ignored/),
      expect.stringMatching(/^j\.fio:6: verify: ignored \(cowsim checks every block/),
      'j.fio:7: frobnicate: ignored (not an option cowsim reads (see docs/fio.md))',
    ]);
  });

  it('refuses bad values naming the file, the line, the option and what was expected', () => {
    const message = problems('[global]\nbs=abc\n[a]\nrw=bogus\n[b]\nrw=randrw\nrwmixread=120\nrandom_distribution=normal\n');
    expect(message).toContain('job.fio: 4 problems');
    expect(message).toContain('line 2, bs: expected one block size such as 4k, 64k or 1m');
    expect(message).toContain('found "abc"');
    expect(message).toContain('line 4, rw: expected one of read, write, randread, randwrite, rw (readwrite), randrw');
    expect(message).toContain('found "bogus"');
    expect(message).toContain('line 7, rwmixread: expected a whole percentage from 0 to 100, found "120"');
    expect(message).toContain('line 8, random_distribution: expected random (uniform), zipf');
    // A bad [global] option is named once, not once for each job.
    expect(message.match(/line 2, bs/g)).toHaveLength(1);
    expect(problems('[j]\nrw=trim\n')).toContain('cowsim models no trim');
    expect(problems('[j]\niodepth=100000000\n')).toMatch(/^job\.fio: line 2, iodepth: expected a value of at most \d+ \(cowsim's iodepth\)$/);
    expect(problems('[j]\nbs=4k,8k\n')).toContain('no separate read and write block sizes');
    expect(problems('[j]\nruntime=soon\n')).toContain('line 2, runtime: expected a time such as 10s');
  });

  it('refuses text that is not a job file, and a file with no job', () => {
    expect(problems('bs=4k\n[j]\n')).toContain('line 1, bs: expected options inside a section');
    expect(problems('[j]\n!!!\n')).toContain('line 2: expected a section header such as [global], an option');
    expect(problems('[global]\nbs=4k\n')).toContain('(file): expected at least one job section');
  });

  it('does not show the content of a file that does not start with a section', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'cowsim-fio-'));
    const file = join(directory, 'secret.txt');
    await writeFile(file, 'password=hunter2\n[x]\n');
    await expect(readFioJobFile(file)).rejects.toThrow(`${file}: (file): expected a fio job file: its first line that is not blank or a comment is a section header such as [global] (content not shown: the file is not recognised as a fio job file)`);
    await expect(readFioJobFile(join(directory, 'none.fio'))).rejects.toThrow('expected a readable fio job file (ENOENT)');
  });

  it('replaces a scenario\'s `fio: FILE` entry with the jobs of FILE, relative to the scenario file', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'cowsim-fio-'));
    await writeFile(join(directory, 'jobs.fio'), '[w]\nrw=randwrite\nruntime=1s\nioengine=sync\n');
    const warnings: string[] = [];
    const raw = { name: 's', workloads: [{ fio: 'jobs.fio' }, { name: 'r', rw: 'randread' }] };
    const expanded = await expandFioEntries(raw, join(directory, 'scenario.yaml'), (warning) => void warnings.push(warning));
    expect(expanded.workloads).toEqual([{ name: 'w', rw: 'randwrite', blockSize: 4096, jobs: 1, iodepth: 1, stopAt: '1000000000ns' }, { name: 'r', rw: 'randread' }]);
    expect(expanded.duration).toBe('1000000000ns');
    expect(warnings).toEqual([expect.stringContaining(`${join(directory, 'jobs.fio')}:4: ioengine: ignored`)]);
    await writeFile(join(directory, 'scenario.yaml'), 'name: s\nvolume: { size: 256MiB }\ndevices: { origin: { preset: ssd-sata }, snapshotStore: { preset: ssd-sata } }\nworkloads:\n  - fio: jobs.fio\n');
    const scenario = await loadScenarioFile(join(directory, 'scenario.yaml'), { warn: () => {} });
    expect(scenario.workloads.map((workload) => [workload.name, workload.rw, workload.stopAtNs])).toEqual([['w', 'randwrite', 1e9]]);
    expect(scenario.durationNs).toBe(1e9);
    await expect(expandFioEntries({ workloads: [{ fio: 'jobs.fio', iodepth: 4 }] }, join(directory, 'scenario.yaml'), () => {})).rejects.toThrow('workloads[0].iodepth: expected a fio entry with only fio: FILE');
  });
});

/** `cowsim gate` through the CLI function: pass, fail and bad input give exit codes 0, 1, 2; JUnit and Markdown files are written. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { cowsim } from '../../../bin/cowsim.js';
import { bufferIo, temporaryDirectory } from '../sweep/fixtures.js';

/** A summary.json with the stable keys of design section 4. */
function summary(overrides: { writeP99?: number; iops?: number; mismatches?: number } = {}) {
  return {
    scenario: 'oltp',
    seed: 1,
    simulatedSeconds: 10,
    wallSeconds: 2.5,
    ios: { total: 200_000, reads: 120_000, writes: 80_000 },
    iops: overrides.iops ?? 20_000,
    throughputMBps: 78.125,
    latency: {
      read: { mean: 300, p50: 250, p90: 500, p99: 1200, p999: 3000, max: 9000 },
      write: { mean: 400, p50: 350, p90: 700, p99: overrides.writeP99 ?? 1000, p999: 4000, max: 12000 },
    },
    snapshots: [{ id: 1, takenAtSeconds: 5, cowCopies: 812, dualWrites: 3, storeChunksUsed: 812, valid: true }],
    correctness: { checkedBlocks: 4096, mismatches: overrides.mismatches ?? 0, verdict: overrides.mismatches ? 'fail' : 'pass' },
    locks: { acquisitions: 80_000, contended: 900, waitMean: 12, waitP99: 150, waitMax: 900, maxQueue: 7 },
    devices: [{ name: 'origin', model: 'nvme', utilization: 0.41 }],
  };
}

describe('cowsim gate', () => {
  let directory: string;
  const file = (name: string, content: unknown) => {
    const path = join(directory, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return path;
  };
  const rules = ['--rule', 'latency.write.p99<=+5%', '--rule', 'iops>=-2%', '--rule', 'correctness.mismatches==0'];

  beforeAll(() => {
    directory = temporaryDirectory();
  });

  it('exit 2 for summaries of different scenarios; --allow-different-scenarios compares them with a warning', async () => {
    const other = file('other.json', { ...summary({ iops: 19_900 }), scenario: 'another' });
    const refused = bufferIo();
    expect(await cowsim(['gate', '--baseline', file('base-s.json', summary()), '--current', other, ...rules], refused)).toBe(2);
    expect(refused.err()).toMatch(/ran 'oltp'; current .* ran 'another'.*--allow-different-scenarios/s);
    const allowed = bufferIo();
    expect(await cowsim(['gate', '--baseline', file('base-s2.json', summary()), '--current', other, ...rules, '--allow-different-scenarios'], allowed)).toBe(0);
    expect(allowed.err()).toMatch(/WARNING: comparing different scenarios/);
  });

  it('exit 0 when every rule passes; the table lists figure, baseline, current, change, rule and result', async () => {
    const io = bufferIo();
    const code = await cowsim(['gate', '--baseline', file('base.json', summary()), '--current', file('ok.json', summary({ writeP99: 1049, iops: 19_700 })), ...rules], io);
    expect(code).toBe(0);
    expect(io.err()).toBe('');
    expect(io.out()).toMatch(/^figure +baseline +current +change +change % +rule +result/);
    expect(io.out()).toMatch(/latency\.write\.p99 +1000 +1049 +\+49 +\+4\.9% +latency\.write\.p99<=\+5% +pass/);
    expect(io.out()).toContain('gate pass: all 3 rules passed');
  });

  it('exit 1 when a rule fails, with JUnit XML and Markdown written', async () => {
    const io = bufferIo();
    const junit = join(directory, 'gate.xml');
    const markdown = join(directory, 'gate.md');
    const code = await cowsim(
      ['gate', '--baseline', join(directory, 'base.json'), '--current', file('slow.json', summary({ writeP99: 1100, mismatches: 2 })), ...rules, '--junit', junit, '--markdown', markdown],
      io,
    );
    expect(code).toBe(1);
    expect(io.out()).toMatch(/latency\.write\.p99 +1000 +1100 +\+100 +\+10% +latency\.write\.p99<=\+5% +FAIL/);
    expect(io.out()).toContain('gate FAIL: 2 of 3 rules failed');
    const xml = readFileSync(junit, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const suite = new XMLParser({ ignoreAttributes: false }).parse(xml).testsuites?.testsuite ?? new XMLParser({ ignoreAttributes: false }).parse(xml).testsuite;
    expect(Number(suite['@_tests'])).toBe(3);
    expect(Number(suite['@_failures'])).toBe(2);
    const text = readFileSync(markdown, 'utf8');
    expect(text).toContain('FAIL');
    expect(text).toContain('| `latency.write.p99` | 1000 | 1100 | +100 | +10% | `latency.write.p99<=+5%` | **FAIL** |');
  });

  it('reads rules from a file too', async () => {
    const rulesFile = file('rules.yaml', '- latency.write.p99<=+5%\n- rule: iops>=-2%\n  description: throughput may drop 2 % at most\n');
    expect(await cowsim(['gate', '--baseline', join(directory, 'base.json'), '--current', join(directory, 'ok.json'), '--rules', rulesFile], bufferIo())).toBe(0);
    expect(await cowsim(['gate', '--baseline', join(directory, 'base.json'), '--current', join(directory, 'slow.json'), '--rules', rulesFile, '--quiet'], bufferIo())).toBe(1);
  });

  it('exit 2 for a missing or unparseable file, naming it', async () => {
    const missing = join(directory, 'no-such-baseline.json');
    let io = bufferIo();
    expect(await cowsim(['gate', '--baseline', missing, '--current', join(directory, 'ok.json'), ...rules], io)).toBe(2);
    expect(io.err()).toContain(`cowsim: ${missing}: (file): expected a summary.json`);
    expect(io.err()).toContain('ENOENT');
    io = bufferIo();
    const broken = file('broken.json', '{"iops": 1,');
    expect(await cowsim(['gate', '--baseline', join(directory, 'base.json'), '--current', broken, ...rules], io)).toBe(2);
    expect(io.err()).toContain(`${broken}: line 1, column 12: expected a summary.json`);
    expect(io.err()).toContain('found content that is not JSON');
  });

  it('names a file in no expected format without quoting it, and reads no more than a bound of /dev/zero', async () => {
    const secret = file('shadow', 'root:$6$SECRETHASH:19000:0:99999:7:::\n');
    for (const argv of [
      ['gate', '--baseline', secret, '--current', secret, ...rules],
      ['merge', secret],
      ['gate', '--baseline', file('secret.csv', 'user,password\nroot,hunter2\n'), '--current', join(directory, 'ok.json'), ...rules],
    ]) {
      const io = bufferIo();
      expect(await cowsim(argv, io), argv.join(' ')).toBe(2);
      expect(io.err()).not.toMatch(/SECRET|root|hunter2|password/);
    }
    if (existsSync('/dev/zero')) {
      const io = bufferIo();
      expect(await cowsim(['gate', '--baseline', '/dev/zero', '--current', '/dev/zero', ...rules], io)).toBe(2);
      expect(io.err()).toContain('/dev/zero: line 1: expected a summary.json');
    }
  });

  it('exit 2 for a bad rule, a figure the summary lacks, no rules at all, or a missing flag', async () => {
    const base = join(directory, 'base.json');
    const cases: [string[], RegExp][] = [
      [['--rule', 'latency.write.p99<=5ms'], /--rule: rule 'latency.write.p99<=5ms': expected a threshold/],
      [['--rule', 'latency.write.p98<=+5%'], /latency.write.p98: expected a numeric figure/],
      [[], /expected at least one rule/],
    ];
    for (const [extra, message] of cases) {
      const io = bufferIo();
      expect(await cowsim(['gate', '--baseline', base, '--current', base, ...extra], io)).toBe(2);
      expect(io.err()).toMatch(message);
    }
    const io = bufferIo();
    expect(await cowsim(['gate', '--baseline', base, ...rules], io)).toBe(2);
    expect(io.err()).toMatch(/Missing required argument: current/);
  });

  it('gates sweep.csv files row by row, matching points on the swept fields', async () => {
    const header = 'engine.locks,workloads.0.jobs,iops.mean,iops.low,iops.high,iops.n,latency.write.p99.mean,latency.write.p99.low,latency.write.p99.high,latency.write.p99.n\n';
    const baseline = file('base.csv', `${header}global,1,1000,990,1010,3,500,480,520,3\nchunk,1,2000,1990,2010,3,300,290,310,3\n`);
    const same = file('same.csv', `${header}chunk,1,2010,1990,2030,3,301,290,312,3\nglobal,1,1000,990,1010,3,500,480,520,3\n`);
    const worse = file('worse.csv', `${header}global,1,1000,990,1010,3,500,480,520,3\nchunk,1,2000,1990,2010,3,330,320,340,3\n`);
    const sweepRules = ['--rule', 'latency.write.p99.mean<=+5%', '--rule', 'iops.mean>=-2%'];
    let io = bufferIo();
    expect(await cowsim(['gate', '--baseline', baseline, '--current', same, ...sweepRules], io)).toBe(0);
    expect(io.out()).toMatch(/engine.locks=chunk, workloads.0.jobs=1 +latency.write.p99.mean +300 +301/);
    io = bufferIo();
    expect(await cowsim(['gate', '--baseline', baseline, '--current', worse, ...sweepRules], io)).toBe(1);
    expect(io.out()).toMatch(/engine.locks=chunk, workloads.0.jobs=1 +latency.write.p99.mean +300 +330 .* FAIL/);
    io = bufferIo();
    expect(await cowsim(['gate', '--baseline', baseline, '--current', join(directory, 'ok.json'), ...sweepRules], io)).toBe(2);
    expect(io.err()).toContain('expected the same kind of file as the baseline');
  });

  it('writes nothing when the input is bad', async () => {
    const junit = join(directory, 'never.xml');
    expect(await cowsim(['gate', '--baseline', join(directory, 'absent.json'), '--current', join(directory, 'ok.json'), ...rules, '--junit', junit], bufferIo())).toBe(2);
    expect(existsSync(junit)).toBe(false);
  });
});

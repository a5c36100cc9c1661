import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { InputError } from '../../engine/errors.js';
import {
  evaluateGate,
  evaluateSweepGate,
  gateExitCode,
  gateJUnitXml,
  gateMarkdown,
  parseRule,
  parseRulesFile,
  readRulesFile,
  renderGateTable,
  type GateRule,
} from '../../reports/gate/index.js';

/** A summary.json with the stable keys of design section 4. */
function summary(overrides: { writeP99?: number; iops?: number; mismatches?: number; readP99?: number; waitP99?: number; mbps?: number } = {}) {
  return {
    scenario: 'oltp-snapshot',
    seed: 1,
    simulatedSeconds: 10,
    wallSeconds: 2.5,
    ios: { total: 200_000, reads: 120_000, writes: 80_000 },
    iops: overrides.iops ?? 20_000,
    throughputMBps: overrides.mbps ?? 78.125,
    latency: {
      read: { mean: 300, p50: 250, p90: 500, p99: overrides.readP99 ?? 1200, p999: 3000, max: 9000 },
      write: { mean: 400, p50: 350, p90: 700, p99: overrides.writeP99 ?? 1000, p999: 4000, max: 12000 },
    },
    snapshots: [{ id: 's1', takenAtSeconds: 5, cowCopies: 812, dualWrites: 3, storeChunksUsed: 812, valid: true }],
    correctness: { checkedBlocks: 4096, mismatches: overrides.mismatches ?? 0, verdict: 'pass' },
    locks: { acquisitions: 80_000, contended: 900, waitMean: 12, waitP99: overrides.waitP99 ?? 150, waitMax: 900, maxQueue: 7 },
    devices: [{ name: 'origin', model: 'nvme', utilization: 0.41 }],
  };
}

const rules = (...texts: string[]): GateRule[] => texts.map((text) => parseRule(text));

function gate(current: ReturnType<typeof summary>, ...texts: string[]) {
  return evaluateGate({ baseline: summary(), current, rules: rules(...texts) });
}

function inputError(action: () => unknown): InputError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('rule grammar', () => {
  it.each([
    ['latency.write.p99<=+5%', 'latency.write.p99', '<=', { kind: 'percent', value: 5 }],
    ['iops>=-2%', 'iops', '>=', { kind: 'percent', value: -2 }],
    ['correctness.mismatches==0', 'correctness.mismatches', '==', { kind: 'absolute', value: 0 }],
    ['latency.read.p99<=2000', 'latency.read.p99', '<=', { kind: 'absolute', value: 2000 }],
    ['locks.waitP99<=+10', 'locks.waitP99', '<=', { kind: 'delta', value: 10 }],
    ['throughputMBps>=+0%', 'throughputMBps', '>=', { kind: 'percent', value: 0 }],
    ['  snapshots.0.cowCopies != 0 ', 'snapshots.0.cowCopies', '!=', { kind: 'absolute', value: 0 }],
    ['devices.0.utilization<0.9', 'devices.0.utilization', '<', { kind: 'absolute', value: 0.9 }],
    ['iops>1.5e4', 'iops', '>', { kind: 'absolute', value: 15000 }],
    ['latency.write.mean <= -2.5', 'latency.write.mean', '<=', { kind: 'delta', value: -2.5 }],
  ])('parses %s', (text, figure, operator, threshold) => {
    const rule = parseRule(text);
    expect(rule).toMatchObject({ figure, operator, threshold, text: text.trim() });
  });

  it.each([
    ['', 'empty rule'],
    ['latency.write.p99', 'no operator'],
    ['latency.write.p99=5', "'='"],
    ['latency.write.p99=<5', "'=<'"],
    ['<=5', "nothing before '<='"],
    ['latency.write.p99<=', "nothing after '<='"],
    ['latency..p99<=5', "'latency..p99'"],
    ['latency.write.p99<=5%', 'signed percentage'],
    ['latency.write.p99<=5ms', 'no unit suffix'],
    ['latency.write.p99<=fast', "'fast'"],
    ['latency.write.p99<=+5%%', "'+5%%'"],
  ])('rejects %j naming the rule and what was expected', (text, fragment) => {
    const error = inputError(() => parseRule(text));
    expect(error.file).toBe('--rule');
    expect(error.field).toContain(text.trim());
    expect(error.message).toContain('expected');
    expect(error.message).toContain(fragment);
  });
});

describe('gate on a summary', () => {
  it('passes when every rule holds, with exit code 0', () => {
    const evaluation = gate(
      summary({ writeP99: 1040, iops: 19_700 }),
      'latency.write.p99<=+5%',
      'iops>=-2%',
      'correctness.mismatches==0',
    );
    expect(evaluation.pass).toBe(true);
    expect(evaluation.passed).toBe(3);
    expect(gateExitCode(evaluation)).toBe(0);
    const [latency] = evaluation.results;
    expect(latency).toMatchObject({ figure: 'latency.write.p99', baseline: 1000, current: 1040, change: 40, limit: 1050 });
    expect(latency!.changePercent).toBeCloseTo(4, 12);
  });

  it('fails when one rule breaks, with exit code 1', () => {
    const evaluation = gate(summary({ writeP99: 1051 }), 'latency.write.p99<=+5%', 'iops>=-2%');
    expect(evaluation.pass).toBe(false);
    expect(evaluation.failed).toBe(1);
    expect(evaluation.results[0]!.pass).toBe(false);
    expect(evaluation.results[0]!.message).toBe('latency.write.p99 = 1051 is not <= 1050 (baseline 1000 +5%)');
    expect(evaluation.results[1]!.pass).toBe(true);
    expect(gateExitCode(evaluation)).toBe(1);
  });

  it('maps bad input to exit code 2', () => {
    expect(gateExitCode(new InputError('--rule', "rule 'x'", 'an operator'))).toBe(2);
  });

  it('treats a value exactly on a percentage limit as on the limit despite rounding', () => {
    // 0.1 + 0.1 * 10 / 100 = 0.11000000000000001 in binary floating point
    const evaluation = evaluateGate({
      baseline: { x: 0.1 },
      current: { x: 0.11 },
      rules: rules('x<=+10%', 'x>=+10%', 'x==+10%', 'x<+10%', 'x>+10%', 'x!=+10%'),
    });
    expect(evaluation.results.map((result) => result.pass)).toEqual([true, true, true, false, false, false]);
  });

  it.each([
    // rule, current, pass
    ['iops>=-2%', 19_600, true],
    ['iops>=-2%', 19_599, false],
    ['iops>-2%', 19_600, false],
    ['iops<+1%', 20_199, true],
    ['iops<+1%', 20_200, false],
    ['iops==+0%', 20_000, true],
    ['iops==+0%', 20_001, false],
    ['iops!=+0%', 20_001, true],
    ['iops>=+0%', 19_999, false],
    ['iops<=-5%', 19_000, true],
    ['iops<=-5%', 19_001, false],
  ])('percentage rule %s with current %d passes: %s', (text, iops, pass) => {
    expect(gate(summary({ iops }), text).results[0]!.pass).toBe(pass);
  });

  it.each([
    ['locks.waitP99<=+10', 160, true],
    ['locks.waitP99<=+10', 161, false],
    ['locks.waitP99<+10', 160, false],
    ['locks.waitP99>=-10', 140, true],
    ['locks.waitP99>=-10', 139, false],
    ['locks.waitP99==+0', 150, true],
    ['locks.waitP99!=+0', 150, false],
  ])('absolute-delta rule %s with current %d passes: %s', (text, waitP99, pass) => {
    expect(gate(summary({ waitP99 }), text).results[0]!.pass).toBe(pass);
  });

  it.each([
    ['latency.read.p99<=2000', 2000, true],
    ['latency.read.p99<=2000', 2001, false],
    ['latency.read.p99<2000', 2000, false],
    ['latency.read.p99>=1000', 1000, true],
    ['latency.read.p99>1000', 1000, false],
    ['latency.read.p99==1200', 1200, true],
    ['latency.read.p99!=1200', 1200, false],
  ])('absolute rule %s with current %d passes: %s', (text, readP99, pass) => {
    expect(gate(summary({ readP99 }), text).results[0]!.pass).toBe(pass);
  });

  it('distinguishes a percentage from an absolute delta on the same figure', () => {
    // baseline waitP99 150: +10% allows 165, +10 allows 160
    const evaluation = gate(summary({ waitP99: 163 }), 'locks.waitP99<=+10%', 'locks.waitP99<=+10');
    expect(evaluation.results.map((result) => [result.limit, result.pass])).toEqual([
      [165, true],
      [160, false],
    ]);
  });

  it('gates correctness absolutely and reads booleans as 1 / 0', () => {
    const evaluation = gate(summary({ mismatches: 2 }), 'correctness.mismatches==0', 'snapshots.0.valid==1');
    expect(evaluation.results.map((result) => result.pass)).toEqual([false, true]);
  });

  it('reports a percentile missing from the current summary as an InputError naming it and the percentiles there are', () => {
    const baseline = { ...summary(), latency: { ...summary().latency, write: { ...summary().latency.write, p95: 800 } } };
    const error = inputError(() =>
      evaluateGate({ baseline, current: summary(), rules: rules('latency.write.p95<=+5%'), currentName: 'B.json', baselineName: 'A.json' }),
    );
    expect(error.file).toBe('B.json');
    expect(error.field).toBe('latency.write.p95');
    expect(error.message).toBe(
      "B.json: latency.write.p95: expected a numeric figure 'latency.write.p95' (named by rule 'latency.write.p95<=+5%'), " +
        'found no such figure: latency.write has no percentile 95: the scenario lists no report.percentiles; its stable keys are p50, p90, p99, p999 ' +
        '(add report.percentiles: [..., 95] to the scenario to have it)',
    );
  });

  it('suggests similar figures for a misspelt one', () => {
    const error = inputError(() => gate(summary(), 'latency.wirte.p99<=+5%'));
    expect(error.message).toContain('found no such figure; similar: latency.write.p99');
  });

  it("addresses a scenario's percentile by p99.99 or percentiles.99.99, with a clear error naming those there are", () => {
    const withPercentiles = (value: number) => {
      const base = summary();
      return { ...base, latency: { ...base.latency, write: { ...base.latency.write, percentiles: { '50': 350, '99.99': value } } } };
    };
    const evaluation = evaluateGate({ baseline: withPercentiles(5000), current: withPercentiles(5400), rules: rules('latency.write.p99.99<=+5%', 'latency.write.percentiles.99.99<=+10%') });
    expect(evaluation.results.map((result) => [result.figure, result.baseline, result.current, result.pass])).toEqual([
      ['latency.write.p99.99', 5000, 5400, false],
      ['latency.write.percentiles.99.99', 5000, 5400, true],
    ]);
    const error = inputError(() => evaluateGate({ baseline: withPercentiles(5000), current: withPercentiles(5400), rules: rules('latency.write.p99.9999<=+5%') }));
    expect(error.message).toContain('found no such figure: latency.write has no percentile 99.9999: its report.percentiles are 50, 99.99');
  });

  it('a null figure (no I/Os of the operation) is an InputError, as a missing one is: never compared with 0, for relative and absolute rules', () => {
    const base = summary();
    const readOnly = { ...base, latency: { ...base.latency, write: { count: 0, mean: null, p50: null, p90: null, p99: null, p999: null, max: null } } };
    for (const [baseline, current, rule, file] of [
      [base, readOnly, 'latency.write.p99<=+5%', 'current'],
      [readOnly, base, 'latency.write.p99<=+5%', 'baseline'],
      [base, readOnly, 'latency.write.p99<=100000', 'current'],
    ] as const) {
      const error = inputError(() => evaluateGate({ baseline, current, rules: rules(rule) }));
      expect(error.file, rule).toBe(file);
      expect(error.message).toContain("found null: latency.write.count is 0, so there is no value to compare (a figure of nothing measured is null, never 0)");
      expect(gateExitCode(error)).toBe(2);
    }
    // An absolute rule does not need the baseline's figure, so a null there is no error.
    expect(evaluateGate({ baseline: readOnly, current: base, rules: rules('latency.write.p99<=100000') }).results[0]).toMatchObject({ baseline: null, current: 1000, pass: true });
  });

  it('reports a figure missing from the baseline for a relative rule, but not for an absolute one', () => {
    const current = { ...summary(), extra: { figure: 3 } };
    const error = inputError(() =>
      evaluateGate({ baseline: summary(), current, rules: rules('extra.figure<=+1'), baselineName: 'A.json' }),
    );
    expect(error.file).toBe('A.json');
    expect(error.field).toBe('extra.figure');
    const evaluation = evaluateGate({ baseline: summary(), current, rules: rules('extra.figure<=5') });
    expect(evaluation.results[0]).toMatchObject({ baseline: null, change: null, changePercent: null, pass: true });
  });

  it('refuses an empty rule list', () => {
    expect(() => evaluateGate({ baseline: summary(), current: summary(), rules: [] })).toThrow(InputError);
  });

  it('gives no percentage change against a zero baseline', () => {
    const evaluation = evaluateGate({ baseline: { x: 0 }, current: { x: 3 }, rules: rules('x<=+5%') });
    expect(evaluation.results[0]).toMatchObject({ change: 3, changePercent: null, limit: 0, pass: false });
  });
});

describe('gate on a sweep table', () => {
  const baseline = [
    { 'engine.locks': 'global', 'workloads.0.jobs': '1', 'latency.write.p99.mean': '900', 'iops.mean': '10000' },
    { 'engine.locks': 'global', 'workloads.0.jobs': '16', 'latency.write.p99.mean': '4000', 'iops.mean': '30000' },
    { 'engine.locks': 'chunk', 'workloads.0.jobs': '1', 'latency.write.p99.mean': '850', 'iops.mean': '10500' },
    { 'engine.locks': 'chunk', 'workloads.0.jobs': '16', 'latency.write.p99.mean': '1500', 'iops.mean': '80000' },
  ];
  const parameters = ['engine.locks', 'workloads.0.jobs'];

  it('compares row by row, matching rows on the swept parameters regardless of order', () => {
    const current = [
      { 'engine.locks': 'chunk', 'workloads.0.jobs': 16, 'latency.write.p99.mean': 1600, 'iops.mean': 80000 },
      { 'engine.locks': 'global', 'workloads.0.jobs': 1, 'latency.write.p99.mean': 900, 'iops.mean': 10000 },
    ];
    const evaluation = evaluateSweepGate({ baseline, current, parameters, rules: rules('latency.write.p99.mean<=+5%', 'iops.mean>=-2%') });
    expect(evaluation.results).toHaveLength(4);
    expect(evaluation.results[0]).toMatchObject({
      point: { 'engine.locks': 'chunk', 'workloads.0.jobs': '16' },
      baseline: 1500,
      current: 1600,
      pass: false,
    });
    expect(evaluation.results.slice(1).every((result) => result.pass)).toBe(true);
    expect(renderGateTable(evaluation)).toContain('engine.locks=chunk, workloads.0.jobs=16');
    expect(gateJUnitXml(evaluation)).toContain('latency.write.p99.mean&lt;=+5% [engine.locks=chunk, workloads.0.jobs=16]');
  });

  it('rejects a current point the baseline lacks, and duplicate points', () => {
    const extra = [{ 'engine.locks': 'striped', 'workloads.0.jobs': '1', 'iops.mean': '1' }];
    const error = inputError(() =>
      evaluateSweepGate({ baseline, current: extra, parameters, rules: rules('iops.mean>=-2%'), baselineName: 'base/sweep.csv' }),
    );
    expect(error.message).toContain('base/sweep.csv');
    expect(error.message).toContain('engine.locks=striped, workloads.0.jobs=1');
    expect(() =>
      evaluateSweepGate({ baseline: [...baseline, baseline[0]!], current: baseline, parameters, rules: rules('iops.mean>=-2%') }),
    ).toThrow(/one row per sweep point/);
  });

  it('names the sweep point of a missing figure', () => {
    const current = [{ 'engine.locks': 'global', 'workloads.0.jobs': '1', 'iops.mean': '' }];
    const error = inputError(() => evaluateSweepGate({ baseline, current, parameters, rules: rules('iops.mean>=-2%') }));
    expect(error.field).toBe('iops.mean at engine.locks=global, workloads.0.jobs=1');
  });
});

describe('rules file', () => {
  it('reads a YAML list of strings and {rule, description} objects', () => {
    const parsed = parseRulesFile(
      ['- latency.write.p99<=+5%', '- rule: iops>=-2%', '  description: throughput may drop 2 % at most', "- 'correctness.mismatches==0'"].join('\n'),
      'gate.yaml',
    );
    expect(parsed.map((rule) => rule.text)).toEqual(['latency.write.p99<=+5%', 'iops>=-2%', 'correctness.mismatches==0']);
    expect(parsed[1]!.description).toBe('throughput may drop 2 % at most');
  });

  it('reads JSON, bare or wrapped in {rules}', () => {
    expect(parseRulesFile('["iops>=-2%"]', 'gate.json')).toHaveLength(1);
    expect(parseRulesFile('{"rules": [{"rule": "iops>=-2%"}]}', 'gate.json')).toHaveLength(1);
  });

  it('names the file and entry of a malformed rule', () => {
    const error = inputError(() => parseRulesFile('- iops>=-2%\n- latency.write.p99 = 5\n', 'ci/gate.yaml'));
    expect(error.file).toBe('ci/gate.yaml');
    expect(error.field).toBe("[1] 'latency.write.p99 = 5'");
    expect(error.message).toContain('use == for equality');
  });

  it.each([
    ['iops: 5', 'top level'],
    ['[]', 'at least one rule'],
    ['- 42', 'number 42'],
    ['- {rule: "iops>=-2%", why: x}', 'key why'],
    ['- [unclosed', 'unparsable'],
  ])('rejects %j', (text, fragment) => {
    expect(inputError(() => parseRulesFile(text, 'r.yaml')).message).toContain(fragment);
  });

  it('reads a file from disk and reports an unreadable one as an InputError', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'cowsim-gate-'));
    const path = join(directory, 'rules.yaml');
    writeFileSync(path, '- iops>=-2%\n');
    expect(await readRulesFile(path)).toHaveLength(1);
    await expect(readRulesFile(join(directory, 'absent.yaml'))).rejects.toThrow(/absent\.yaml: file: expected a readable rules file, found ENOENT/);
  });
});

describe('gate output', () => {
  const evaluation = gate(
    summary({ writeP99: 1100, iops: 20_500 }),
    'latency.write.p99<=+5%',
    'iops>=-2%',
    'correctness.mismatches==0',
  );

  it('renders a text table with figure, baseline, current, change, rule and result', () => {
    const table = renderGateTable(evaluation);
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^figure\s+baseline\s+current\s+change\s+change %\s+rule\s+result$/);
    expect(lines[2]).toMatch(/^latency\.write\.p99\s+1000\s+1100\s+\+100\s+\+10%\s+latency\.write\.p99<=\+5%\s+FAIL$/);
    expect(lines[3]).toMatch(/^iops\s+20000\s+20500\s+\+500\s+\+2\.5%\s+iops>=-2%\s+pass$/);
    expect(lines.at(-1)).toBe('gate FAIL: 1 of 3 rules failed');
  });

  it('writes well-formed JUnit XML with one testcase per rule and a failure per failed rule', () => {
    const xml = gateJUnitXml(evaluation);
    expect(XMLValidator.validate(xml)).toBe(true);
    const document = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const suite = document.testsuites.testsuite;
    expect(suite.name).toBe('cowsim-gate');
    expect(suite.tests).toBe('3');
    expect(suite.failures).toBe('1');
    expect(suite.testcase).toHaveLength(3);
    expect(suite.testcase[0].name).toBe('latency.write.p99<=+5%');
    expect(suite.testcase[0].failure.message).toBe('latency.write.p99 = 1100 is not <= 1050 (baseline 1000 +5%)');
    expect(suite.testcase[1].failure).toBeUndefined();
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml.match(/<failure /g)).toHaveLength(1);
  });

  it('escapes XML in rule descriptions and names', () => {
    const tricky = evaluateGate({
      baseline: { x: 1 },
      current: { x: 2 },
      rules: [parseRule('x<1', undefined, 'a "quoted" <tag> & \'apostrophe\'\u0001 and a\nline break')],
    });
    const xml = gateJUnitXml(tricky, { suiteName: 'suite & "co"' });
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('a &quot;quoted&quot; &lt;tag&gt; &amp; &apos;apostrophe&apos;\uFFFD');
    expect(xml).toContain('name="suite &amp; &quot;co&quot;"');
  });

  it('writes a Markdown summary with a verdict line and a table', () => {
    const markdown = gateMarkdown(evaluation);
    expect(markdown).toContain('### cowsim gate: FAIL');
    expect(markdown).toContain('❌ **FAIL**: 1 of 3 rules failed.');
    expect(markdown).toContain('| Figure | Baseline | Current | Change | Change % | Rule | Result |');
    expect(markdown).toContain('| :-- | --: | --: | --: | --: | :-- | :-- |');
    expect(markdown).toContain('| `latency.write.p99` | 1000 | 1100 | +100 | +10% | `latency.write.p99<=+5%` | **FAIL** |');
    expect(markdown).toContain('| `iops` | 20000 | 20500 | +500 | +2.5% | `iops>=-2%` | pass |');
    const passing = gateMarkdown(gate(summary(), 'iops>=-2%'));
    expect(passing).toContain('✅ **PASS**: the 1 rule passed.');
    expect(passing).not.toContain('Failed rules');
  });
});

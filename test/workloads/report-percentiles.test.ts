/**
 * report.percentiles: the latency percentiles a scenario asks for drive the latency table of
 * report.html and a summary.json key of their own, leaving the stable keys as they were.
 */
import { describe, expect, it } from 'vitest';
import { buildSummary, renderRunReport } from '../../reports/run/index.js';
import { runScenario } from '../../workloads/run.js';
import { scenarioFromText } from '../../workloads/scenario/load.js';
import { ScenarioError } from '../../workloads/scenario/scenario-error.js';

const scenarioText = (percentiles?: string): string => `
name: percentiles
duration: 200ms
volume: { size: 64MiB }
devices:
  origin: { preset: ssd-sata }
  snapshotStore: { preset: ssd-sata }
workloads:
  - { name: db, rw: randrw, iodepth: 4 }
${percentiles === undefined ? '' : `report: { percentiles: ${percentiles} }`}
`;

function problems(percentiles: string): { field: string; expected: string }[] {
  try {
    scenarioFromText(scenarioText(percentiles), 'bad.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as ScenarioError).issues;
  }
  throw new Error('the scenario was accepted');
}

describe('report.percentiles in the scenario', () => {
  it('accepts up to 10 percentiles above 0 and below 100, p99.99 and p99.999 included', () => {
    expect(scenarioFromText(scenarioText('[50, 99.99, 99.999]'), 'ok.yaml').parsed.report.percentiles).toEqual([50, 99.99, 99.999]);
    expect(scenarioFromText(scenarioText('[0.1, 1, 10, 20, 30, 40, 50, 60, 70, 80]'), 'ok.yaml').parsed.report.percentiles).toHaveLength(10);
    expect(scenarioFromText(scenarioText(), 'ok.yaml').parsed.report.percentiles).toBeUndefined();
  });

  it('refuses percentiles outside (0, 100), repeats, an empty list and more than 10, naming the field', () => {
    expect(problems('[50, 0]')).toEqual([{ field: 'report.percentiles[1]', expected: 'a percentile above 0 and below 100, such as 99.99, found 0' }]);
    expect(problems('[100]')).toEqual([
      { field: 'report.percentiles[0]', expected: 'a percentile above 0 and below 100, such as 99.99, found 100 (the largest latency is reported as max)' },
    ]);
    expect(problems('[-5]')[0]!.field).toBe('report.percentiles[0]');
    expect(problems('[99, 99]')).toEqual([{ field: 'report.percentiles[1]', expected: 'each percentile once, found 99 again' }]);
    expect(problems('[]')).toEqual([{ field: 'report.percentiles', expected: 'at least one percentile, such as [50, 90, 99, 99.9, 99.99]' }]);
    expect(problems('[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]')).toEqual([{ field: 'report.percentiles', expected: 'at most 10 percentiles, found 11' }]);
    expect(problems('["p99"]')[0]!.field).toBe('report.percentiles[0]');
  });
});

describe('a run with report.percentiles', () => {
  it('adds latency.<operation>.percentiles to summary.json, keyed as written, and leaves the stable keys alone', async () => {
    const plain = buildSummary(await runScenario(scenarioFromText(scenarioText(), 'plain.yaml')));
    const result = await runScenario(scenarioFromText(scenarioText('[50, 99.9, 99.99]'), 'percentiles.yaml'));
    const summary = buildSummary(result);
    expect(plain.latency.read.percentiles).toBeUndefined();
    const { percentiles, ...stable } = summary.latency.read;
    expect(stable).toEqual(plain.latency.read);
    expect(Object.keys(percentiles!)).toEqual(['50', '99.9', '99.99']);
    expect(percentiles!['50']).toBe(summary.latency.read.p50);
    expect(percentiles!['99.9']).toBe(summary.latency.read.p999);
    expect(percentiles!['99.99']).toBeGreaterThanOrEqual(summary.latency.read.p999!);
    expect(percentiles!['99.99']).toBeLessThanOrEqual(summary.latency.read.max!);
    expect(Object.keys(summary.workloads[0]!.latency.write!.percentiles!)).toEqual(['50', '99.9', '99.99']);
    // Only the new key differs.
    const json = JSON.parse(JSON.stringify({ ...summary, wallSeconds: 0 })) as { latency: Record<string, Record<string, unknown>> };
    for (const kind of Object.keys(json.latency)) delete json.latency[kind]!.percentiles;
    expect(json.latency).toEqual(JSON.parse(JSON.stringify(plain.latency)));

    const html = renderRunReport(result, summary);
    const table = html.slice(html.indexOf('latency per workload and operation, after ramp-up'));
    const headings = [...table.slice(0, table.indexOf('</tr>')).matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((match) => match[1]);
    expect(headings).toEqual(['workload', 'operation', 'I/Os', 'mean', 'p50', 'p99.9', 'p99.99', 'max']);
  });

  it('keeps the table of the stable percentiles when the scenario gives none', async () => {
    const result = await runScenario(scenarioFromText(scenarioText(), 'plain.yaml'));
    const html = renderRunReport(result, buildSummary(result));
    const table = html.slice(html.indexOf('latency per workload and operation, after ramp-up'));
    const headings = [...table.slice(0, table.indexOf('</tr>')).matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((match) => match[1]);
    expect(headings).toEqual(['workload', 'operation', 'I/Os', 'mean', 'p50', 'p90', 'p99', 'p99.9', 'max']);
  });
});

/**
 * Every chart of a run's report.html plots a quantity that cannot be negative (latency, IOPS,
 * utilisation, queue depth, lock wait, store chunks, counts): no axis of one reads below zero, and
 * every axis says what it measures, in its unit. Checked on the chart options each report hands to
 * the renderer (not on pixels), for the default scenario, a run with faults and a sparse run.
 */
import type { EChartsOption } from 'echarts';
import { describe, expect, it, vi } from 'vitest';
import { axesOf, lowestShown, renderedCharts as rendered, type ChartAxis as Axis } from '../../helpers/chart-capture.js';
import { renderRunReport } from '../../../reports/run/html-report.js';
import { buildSummary } from '../../../reports/run/summary.js';
import { timedRun } from '../../../reports/run/timed-run.js';
import { loadDefaultScenario, loadScenarioFile, scenarioFromObject } from '../../../workloads/scenario/load.js';
import type { Scenario } from '../../../workloads/scenario/resolve.js';
import { tinyScenario } from '../sweep/fixtures.js';

vi.mock('../../../reports/charts/render.js', async (original) => (await import('../../helpers/chart-capture.js')).captureCharts(original));

/** The charts of the run report of `scenario`. */
async function reportCharts(scenario: Scenario): Promise<{ title: string; option: EChartsOption }[]> {
  rendered.length = 0;
  const result = await timedRun(scenario);
  renderRunReport(result, buildSummary(result));
  return [...rendered];
}

/** Values drawn by a series: the value of `[x, value]` pairs (horizontal bars have one value each). */
function drawnValues(option: EChartsOption): number[] {
  const series = (Array.isArray(option.series) ? option.series : [option.series]) as { type?: string; data?: unknown[] }[];
  return series
    .filter((entry) => entry.type === 'line' || entry.type === 'bar')
    .flatMap((entry) => (entry.data ?? []).map((point) => (Array.isArray(point) ? (point[1] as number) : (point as number))))
    .filter((value) => value !== null && !Number.isNaN(value));
}

/** Whether an axis names its unit: in its name, or in each of its labels (latency axes label each tick `850 µs`, `1.2 ms`; fractions `50%`). */
function namesUnit(axis: Axis): boolean {
  if (/\((µs|ms|s|%)[,)]/.test(axis.name ?? '') || /\(s\)$/.test(axis.name ?? '')) return true;
  const formatter = axis.axisLabel?.formatter;
  return typeof formatter === 'function' && /\d ?(µs|ms|s|%)$/.test(String((formatter as (value: number) => string)(1500)));
}

const sparse = scenarioFromObject(
  // 20 ms of writes alone and no preserve command: no lock ever waits, the snapshot store stays empty, no read completes.
  { ...tinyScenario, name: 'sparse', duration: '20ms', workloads: [{ name: 'writer', rw: 'randwrite', blockSize: '4KiB', jobs: 1, iodepth: 1 }], snapshots: { at: [] } },
  '(sparse test scenario)',
);

describe("the run report's charts", () => {
  for (const [name, load] of [
    ['the default scenario', async () => loadDefaultScenario()],
    ['examples/faults.yaml', () => loadScenarioFile('examples/faults.yaml')],
    ['a sparse run (writes alone, no snapshot)', async () => sparse],
  ] as const) {
    it(`${name}: no axis below zero, no value drawn below zero, and every axis named with its unit`, async () => {
      const charts = await reportCharts(await load());
      expect(charts.length).toBeGreaterThanOrEqual(8);
      for (const { title, option } of charts) {
        for (const axis of axesOf(option)) {
          if (axis.type === 'category') continue;
          expect(axis.name, `${title}: an axis without a name`).toBeTruthy();
          // A logarithmic axis never reaches 0; a linear one must be held there.
          if (axis.type !== 'log') expect(lowestShown(axis) ?? Number.NEGATIVE_INFINITY, `${title}: ${axis.name} may go below 0`).toBeGreaterThanOrEqual(0);
          if (/latency|wait|time/i.test(axis.name!)) expect(namesUnit(axis), `${title}: ${axis.name} names no unit`).toBe(true);
          if (/utili[sz]ation/i.test(axis.name!)) expect(axis.name, title).toContain('(%)');
        }
        for (const value of drawnValues(option)) expect(value, `${title}: a value below 0`).toBeGreaterThanOrEqual(0);
      }
    }, 60_000);
  }
});

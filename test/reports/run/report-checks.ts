/** Checks of a rendered run report shared by the report tests. */
import { expect } from 'vitest';
import type { RenderedPage } from '../../helpers/chromium.js';

/** The charts of a run's report, in page order. */
export const RUN_REPORT_CHARTS = [
  'Latency CDF per workload and operation',
  'Latency tail per workload and operation',
  'Latency percentiles per workload and operation',
  'IOPS over time',
  'p99 latency over time',
  'Snapshot store growth',
  'Copy-on-write activity',
  'Lock wait time of the acquisitions that waited',
  'Lock acquisitions per purpose',
  'Device utilisation over time',
  'Device queue depth over time',
];

/** Checks that every chart of the page is there, laid out and drawn. */
export function expectChartsDrawn(rendered: RenderedPage): void {
  expect(rendered.consoleErrors).toEqual([]);
  expect(rendered.externalRequests).toEqual([]);
  expect(rendered.svgs.map((svg) => svg.label)).toEqual(RUN_REPORT_CHARTS);
  expect(rendered.nonEmptySvgCount).toBe(RUN_REPORT_CHARTS.length);
  for (const svg of rendered.svgs) {
    expect(svg.width, svg.label ?? '').toBeGreaterThan(200);
    expect(svg.height, svg.label ?? '').toBeGreaterThan(100);
    // Axes, grid lines and data: far more than a background rectangle.
    expect(svg.shapes, svg.label ?? '').toBeGreaterThan(10);
    // Title, axis labels and names.
    expect(svg.texts, svg.label ?? '').toBeGreaterThan(5);
  }
}


import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, CHROMIUM_PATH, renderHtmlFile } from '../helpers/chromium.js';
import { sampleReportHtml } from './sample-report.js';

const skip = !chromiumAvailable();
if (skip) console.warn(`html-chromium.test: skipped, ${CHROMIUM_PATH} is absent (apt-get install chromium)`);

describe('HTML report in headless Chromium', () => {
  // Set COWSIM_REPORT_PREVIEW_DIR to keep the page and a screenshot for a human look.
  it.skipIf(skip)(`renders every chart kind, non-empty, without console errors (needs ${CHROMIUM_PATH})`, async () => {
    const previewDirectory = process.env.COWSIM_REPORT_PREVIEW_DIR;
    const directory = previewDirectory ?? mkdtempSync(join(tmpdir(), 'cowsim-report-'));
    mkdirSync(directory, { recursive: true });
    const path = join(directory, 'report.html');
    writeFileSync(path, sampleReportHtml());
    const rendered = await renderHtmlFile(path, previewDirectory === undefined ? {} : { screenshotPath: join(directory, 'report.png') });

    expect(rendered.consoleErrors).toEqual([]);
    expect(rendered.externalRequests).toEqual([]);
    expect(rendered.title).toBe('cowsim report: oltp-snapshot');
    expect(rendered.svgCount).toBe(7);
    expect(rendered.nonEmptySvgCount).toBe(7);
    for (const svg of rendered.svgs) {
      expect(svg.width).toBeGreaterThan(200);
      expect(svg.height).toBeGreaterThan(100);
      // Axes, grid lines and data: far more than a background rectangle.
      expect(svg.shapes).toBeGreaterThan(10);
      // Title, axis labels and names.
      expect(svg.texts).toBeGreaterThan(5);
    }
    expect(rendered.svgs.map((svg) => svg.label)).toEqual([
      'Latency CDF per operation',
      'p99 write latency over time',
      'Snapshot store growth',
      'Lock wait time per lock policy',
      'Device utilisation',
      'p99 write latency against jobs (95 % CI)',
      'IOPS per lock policy (95 % CI)',
    ]);
  });
});

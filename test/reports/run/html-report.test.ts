import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { buildSummary, renderRunReport } from '../../../reports/run/index.js';
import type { RunResult } from '../../../workloads/run-result.js';
import { chromiumAvailable, CHROMIUM_PATH, renderHtmlFile, type RenderedPage } from '../../helpers/chromium.js';
import { makeRunResult } from './fixture.js';
import { expectChartsDrawn } from './report-checks.js';

function report(result: RunResult): string {
  return renderRunReport(result, buildSummary(result));
}

describe('report.html', () => {
  const html = report(makeRunResult());

  it('is one self-contained page: no scripts, no external resources', () => {
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//i);
    expect(html).toContain('Content-Security-Policy');
  });

  it('shows the verdict at the top, before any chart', () => {
    const banner = html.indexOf('class="verdict pass"');
    expect(banner).toBeGreaterThan(0);
    expect(banner).toBeLessThan(html.indexOf('<svg'));
    expect(html).toContain('589,824 blocks and 3,350 reads checked, no mismatches');
  });

  it('on failure shows FAIL, the mismatches and the reproduce command at the top', () => {
    const failed = report(makeRunResult({ failing: true }));
    const banner = failed.indexOf('class="verdict fail"');
    expect(banner).toBeGreaterThan(0);
    const firstChart = failed.indexOf('<svg');
    for (const text of ['17 mismatches', 'the first 3 of 17 mismatches', 'writer oltp.data#3 seq 1302', 'npx cowsim run --seed 42']) {
      const position = failed.indexOf(text);
      expect(position, text).toBeGreaterThan(banner);
      expect(position, text).toBeLessThan(firstChart);
    }
  });

  it('says so plainly when verification was off', () => {
    const result = makeRunResult();
    result.correctness.verdict = 'skipped';
    const page = report(result);
    expect(page).toContain('NOT VERIFIED');
    expect(page).not.toContain('class="verdict pass"');
  });

  it('has the tables of summary.json', () => {
    for (const caption of [
      'latency per workload and operation, after ramp-up',
      'copy-on-write cost over all snapshots',
      'chunk locks, at most 19 at once',
      'devices; response time (resp.): queued to completed',
      'workloads, after ramp-up',
      'intake: between receipt and the chunk lock',
    ]) {
      expect(html).toContain(`<caption>${caption}`);
    }
    expect(html).toContain('longest I/O in flight across a command');
    expect(html).toContain('It is not a pause');
    expect(html).not.toMatch(/preserve pause/i);
    expect(html).toContain('writeAmplification');
  });

  it('echoes the scenario back as YAML', () => {
    const result = makeRunResult();
    const match = /as parsed: sizes in bytes, times in nanoseconds<\/div><pre class="echo">([\s\S]*?)<\/pre>/.exec(html);
    expect(match).not.toBeNull();
    const text = match![1]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(parseYaml(text)).toEqual(JSON.parse(JSON.stringify(result.scenario.parsed)));
  });

  it('escapes names that hold HTML', () => {
    const result = makeRunResult();
    result.workloads[0]!.name = '<img src=x onerror=alert(1)>';
    const page = report(result);
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('marks the preserve commands on the time charts', () => {
    expect(html.match(/>preserve s1</g)?.length).toBe(6);
  });
});

const skip = !chromiumAvailable();
if (skip) console.warn(`run report Chromium tests skipped: ${CHROMIUM_PATH} is absent (apt-get install chromium)`);

describe('report.html in headless Chromium', () => {
  // Set COWSIM_REPORT_PREVIEW_DIR to keep the pages and full-page screenshots for a human look.
  const previewDirectory = process.env.COWSIM_REPORT_PREVIEW_DIR;

  async function renderReport(result: RunResult, name: string): Promise<RenderedPage> {
    const directory = previewDirectory ?? mkdtempSync(join(tmpdir(), 'cowsim-run-report-'));
    mkdirSync(directory, { recursive: true });
    const path = join(directory, `${name}.html`);
    writeFileSync(path, report(result));
    return renderHtmlFile(path, previewDirectory === undefined ? {} : { screenshotPath: join(directory, `${name}.png`) });
  }

  it.skipIf(skip)('draws every chart, non-empty, with no console errors and no requests', async () => {
    const rendered = await renderReport(makeRunResult(), 'run-report-pass');
    expectChartsDrawn(rendered);
    expect(rendered.title).toBe('cowsim run: default');
  });

  it.skipIf(skip)('draws a failed run the same way', async () => {
    expectChartsDrawn(await renderReport(makeRunResult({ failing: true }), 'run-report-fail'));
  });
});

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

/** Debian's chromium package; tests that need a browser skip when it is absent. Never downloaded. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** True when the system Chromium is installed. */
export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

// The network is closed: keep Chromium from reaching for it (updates, sync, QUIC probes) and from first-run UI.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

// Runs in the page. A string, because the test project compiles without the DOM library.
// An SVG nested in another is part of its parent's drawing, not a chart of its own.
const MEASURE_SVGS = `Array.from(document.querySelectorAll('svg'))
  .filter((svg) => svg.parentElement === null || svg.parentElement.closest('svg') === null)
  .map((svg) => {
    const box = svg.getBoundingClientRect();
    const shapes = svg.querySelectorAll('path, rect, line, polyline, polygon, circle, ellipse').length;
    const texts = Array.from(svg.querySelectorAll('text')).filter((text) => (text.textContent || '').trim() !== '').length;
    return { width: box.width, height: box.height, shapes, texts, label: svg.getAttribute('aria-label') };
  })`;

/** What an SVG element looks like once laid out. */
export interface RenderedSvg {
  readonly width: number;
  readonly height: number;
  /** Number of path, rect, line, polyline, polygon, circle and ellipse descendants. */
  readonly shapes: number;
  /** Number of text descendants with non-blank content. */
  readonly texts: number;
  /** The SVG's aria-label, if any (chart titles). */
  readonly label: string | null;
}

/** The outcome of rendering a page in headless Chromium. */
export interface RenderedPage {
  /** Console messages of type error, uncaught page errors and failed resource loads. */
  readonly consoleErrors: string[];
  /** Every request the page made to something other than file: or data: URLs (a self-contained page makes none). */
  readonly externalRequests: string[];
  readonly svgCount: number;
  /** SVGs with a non-zero laid-out size and at least one shape or text descendant. */
  readonly nonEmptySvgCount: number;
  readonly svgs: RenderedSvg[];
  /** The page's document.title. */
  readonly title: string;
}

/** Options of renderHtmlFile. */
export interface RenderOptions {
  /** Write a full-page PNG screenshot here. */
  readonly screenshotPath?: string;
  /** Viewport width in CSS pixels; default 1280. */
  readonly viewportWidth?: number;
}

/**
 * Renders a local HTML file in headless system Chromium (via playwright-core over the DevTools protocol, with a fresh
 * temporary profile) and reports console errors, external requests and what the page's SVGs contain.
 */
export async function renderHtmlFile(path: string, options: RenderOptions = {}): Promise<RenderedPage> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: options.viewportWidth ?? 1280, height: 900 } });
    const consoleErrors: string[] = [];
    const externalRequests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
    page.on('requestfailed', (request) => consoleErrors.push(`failed to load ${request.url()}: ${request.failure()?.errorText ?? ''}`));
    page.on('request', (request) => {
      if (!/^(file|data|about):/.test(request.url())) externalRequests.push(request.url());
    });
    await page.goto(pathToFileURL(resolve(path)).href, { waitUntil: 'load' });
    const svgs = await page.evaluate<RenderedSvg[]>(MEASURE_SVGS);
    if (options.screenshotPath !== undefined) await page.screenshot({ path: options.screenshotPath, fullPage: true });
    const title = await page.title();
    const nonEmptySvgCount = svgs.filter((svg) => svg.width > 0 && svg.height > 0 && svg.shapes + svg.texts > 0).length;
    return { consoleErrors, externalRequests, svgCount: svgs.length, nonEmptySvgCount, svgs, title };
  } finally {
    await browser.close();
  }
}

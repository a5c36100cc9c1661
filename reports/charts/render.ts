import type { EChartsOption } from 'echarts';
import { loadECharts } from './echarts-module.js';

/** Pixel size of a chart; the SVG also carries a viewBox so that CSS can scale it. */
export interface ChartSize {
  readonly width?: number;
  readonly height?: number;
}

/** Options every chart function accepts besides its data. */
export interface ChartCommonOptions extends ChartSize {
  /** Prefix of the ids and CSS classes inside the SVG (`<prefix>-c0`), unique within a page. Default: `chart-<hash of the chart>`. */
  readonly idPrefix?: string;
}

export const DEFAULT_WIDTH = 600;
export const DEFAULT_HEIGHT = 340;

/**
 * Renders an ECharts option to a self-contained SVG string with ECharts' server-side SVG renderer (no browser, no DOM).
 * Animation is off, so equal options give byte-identical SVG; ids are rewritten to a stable per-chart prefix so that
 * several charts can share one HTML page. `title` becomes the SVG's accessible name.
 */
export function renderChartSvg(option: EChartsOption, title: string, options: ChartCommonOptions = {}): string {
  const width = options.width ?? DEFAULT_WIDTH;
  const height = options.height ?? DEFAULT_HEIGHT;
  const chart = loadECharts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  let svg: string;
  try {
    chart.setOption({ ...option, animation: false });
    svg = chart.renderToSVGString({ useViewBox: true });
  } finally {
    chart.dispose();
  }
  if (options.idPrefix !== undefined && !/^[A-Za-z][\w-]*$/.test(options.idPrefix)) {
    throw new RangeError(`renderChartSvg: idPrefix must be a letter followed by letters, digits, _ or -, got ${options.idPrefix}`);
  }
  const prefix = `${options.idPrefix ?? `chart-${hash(`${width}x${height}:${stableJson(option)}`)}`}-`;
  return finish(svg, prefix, title);
}

/**
 * Makes the SVG deterministic and page-safe: zrender names ids and CSS classes from process-wide counters
 * (`zr3-c0`, `zr3-cls-17`), so the painter prefix becomes `prefix` and classes are renumbered in order of appearance.
 */
function finish(svg: string, prefix: string, title: string): string {
  const painter = /(?:class="|id="|url\(#)(zr\d+-)/.exec(svg)?.[1];
  let result = painter === undefined ? svg : svg.split(painter).join(prefix);
  const classNumbers = new Map<string, number>();
  const escapedPrefix = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  result = result.replace(new RegExp(`${escapedPrefix}cls-(\\d+)`, 'g'), (_match, number: string) => {
    let renumbered = classNumbers.get(number);
    if (renumbered === undefined) classNumbers.set(number, (renumbered = classNumbers.size));
    return `${prefix}cls-${renumbered}`;
  });
  // ecmeta_* attributes only serve ECharts' client-side hydration, which a static report does not use.
  result = result.replace(/ ecmeta_[a-z_]+="[^"]*"/g, '');
  if (/<script/i.test(result)) throw new Error('bug: chart SVG contains a script element');
  return result.replace(/^<svg /, `<svg role="img" aria-label="${escapeAttribute(title)}" `);
}

/** JSON of an option with functions replaced by their source, so that equal charts hash equally. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, element: unknown) => (typeof element === 'function' ? String(element) : element)) ?? '';
}

/** FNV-1a, 32 bits, as 8 hex digits. */
function hash(text: string): string {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return (value >>> 0).toString(16).padStart(8, '0');
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

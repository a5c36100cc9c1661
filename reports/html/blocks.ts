import { escapeHtml } from './escape.js';

/** The verdict in plain sight: a green PASS or red FAIL banner followed by plain text. */
export function verdictBanner(verdict: 'pass' | 'fail', text: string): string {
  const word = verdict === 'pass' ? 'PASS' : 'FAIL';
  return `<div class="verdict ${verdict}" role="status"><span class="word">${word}</span><span>${escapeHtml(text)}</span></div>`;
}

/** Text echoed verbatim (a scenario file, a command line) in a `<pre>` block, with an optional label above it. */
export function preBlock(text: string, label?: string): string {
  const heading = label === undefined ? '' : `<div class="echo-label">${escapeHtml(label)}</div>`;
  return `${heading}<pre class="echo">${escapeHtml(text)}</pre>`;
}

/** A chart (an SVG string from reports/charts) in a figure with an optional plain-text caption. */
export function chartFigure(svg: string, caption?: string): string {
  const figcaption = caption === undefined ? '' : `<figcaption>${escapeHtml(caption)}</figcaption>`;
  return `<figure class="chart">${svg}${figcaption}</figure>`;
}

/** Figures laid out side by side where the page is wide enough, stacked otherwise. */
export function chartGrid(figures: readonly string[]): string {
  return `<div class="charts">\n${figures.join('\n')}\n</div>`;
}

/** A paragraph of plain text. */
export function paragraph(text: string): string {
  return `<p>${escapeHtml(text)}</p>`;
}

import { escapeHtml } from './escape.js';
import { REPORT_CSS } from './style.js';

/** A section of a report page: a heading and trusted HTML (tables, figures, banners built with this module). */
export interface PageSection {
  readonly heading: string;
  /** Trusted HTML; escape any user text with escapeHtml or the helpers of this module. */
  readonly html: string;
  /** Anchor id; default: derived from the heading. */
  readonly id?: string;
}

/** Content of an HTML report page. */
export interface PageOptions {
  readonly title: string;
  /** A line under the title, e.g. scenario, seed and simulated time. Plain text. */
  readonly subtitle?: string;
  /** Trusted HTML placed between the header and the first section, e.g. a verdict banner. */
  readonly lead?: string;
  readonly sections: readonly PageSection[];
  /** Plain text at the bottom, e.g. the command that reproduces the run. */
  readonly footer?: string;
}

// A page that loads nothing: any external resource is refused by the browser (and shows up as a console error).
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

/**
 * One self-contained HTML page: inline CSS, no scripts, no external resources (a Content-Security-Policy enforces it),
 * charts as inline SVG. A table of contents links the sections when there are three or more.
 */
export function htmlPage(options: PageOptions): string {
  const ids = sectionIds(options.sections);
  const toc =
    options.sections.length >= 3
      ? `<nav class="toc">${options.sections
          .map((section, index) => `<a href="#${escapeHtml(ids[index]!)}">${escapeHtml(section.heading)}</a>`)
          .join('\n')}</nav>`
      : '';
  const sections = options.sections
    .map(
      (section, index) =>
        `<section id="${escapeHtml(ids[index]!)}">\n<h2>${escapeHtml(section.heading)}</h2>\n${section.html}\n</section>`,
    )
    .join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(options.title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    '<header class="page">',
    `<h1>${escapeHtml(options.title)}</h1>`,
    options.subtitle === undefined ? '' : `<p class="subtitle">${escapeHtml(options.subtitle)}</p>`,
    toc,
    '</header>',
    options.lead ?? '',
    sections,
    options.footer === undefined ? '' : `<footer class="page">${escapeHtml(options.footer)}</footer>`,
    '</main>',
    '</body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

function sectionIds(sections: readonly PageSection[]): string[] {
  const used = new Map<string, number>();
  return sections.map((section) => {
    const base = section.id ?? (section.heading.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'section');
    const count = used.get(base) ?? 0;
    used.set(base, count + 1);
    return count === 0 ? base : `${base}-${count + 1}`;
  });
}

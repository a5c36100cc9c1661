import { describe, expect, it } from 'vitest';
import {
  chartFigure,
  chartGrid,
  escapeHtml,
  formatCell,
  htmlPage,
  htmlTable,
  keyValueTable,
  preBlock,
  verdictBanner,
} from '../../reports/html/index.js';
import { sampleReportHtml } from './sample-report.js';

describe('htmlPage', () => {
  const page = htmlPage({
    title: 'cowsim report: <oltp> & "friends"',
    subtitle: 'seed 1',
    lead: verdictBanner('fail', '2 mismatches'),
    sections: [
      { heading: 'Latency', html: '<p>a</p>' },
      { heading: 'Latency', html: '<p>b</p>' },
      { heading: 'Scenario & seed', html: preBlock('x') },
    ],
    footer: 'npx cowsim run --seed 1',
  });

  it('is one self-contained document: inline CSS, no scripts, nothing loaded from elsewhere', () => {
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain("Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'");
    expect(page).toMatch(/<style>[\s\S]*font-variant-numeric: tabular-nums[\s\S]*<\/style>/);
    expect(page).not.toMatch(/<script|<link|src=|@import|url\(http/i);
    expect(sampleReportHtml()).not.toMatch(/<script|<link|\ssrc=|@import|https?:\/\/(?!www\.w3\.org\/)/i);
  });

  it('escapes the title and headings and links sections from a table of contents', () => {
    expect(page).toContain('<title>cowsim report: &lt;oltp&gt; &amp; &quot;friends&quot;</title>');
    expect(page).toContain('<nav class="toc"><a href="#latency">Latency</a>\n<a href="#latency-2">Latency</a>\n<a href="#scenario-seed">Scenario &amp; seed</a></nav>');
    expect(page).toContain('<section id="latency-2">');
    expect(page).toContain('<footer class="page">npx cowsim run --seed 1</footer>');
  });

  it('puts the verdict before the first section', () => {
    expect(page.indexOf('class="verdict fail"')).toBeLessThan(page.indexOf('<section'));
  });
});

describe('htmlTable', () => {
  it('escapes every cell and heading and right-aligns numeric columns', () => {
    const table = htmlTable(
      [
        { device: '<origin>', utilization: 0.4123456, ios: 1234567 },
        { device: 'store & "journal"', utilization: null, ios: 12 },
      ],
      ['device', { key: 'utilization', label: 'utilisation <%>' }, 'ios'],
      { caption: 'devices' },
    );
    expect(table).toContain('<caption>devices</caption>');
    expect(table).toContain('<th>device</th><th class="num">utilisation &lt;%&gt;</th><th class="num">ios</th>');
    expect(table).toContain('<tr><td>&lt;origin&gt;</td><td class="num">0.412346</td><td class="num">1,234,567</td></tr>');
    expect(table).toContain('<tr><td>store &amp; &quot;journal&quot;</td><td class="num">—</td><td class="num">12</td></tr>');
  });

  it('takes alignment, formatting and cell classes from a column', () => {
    const table = htmlTable(
      [{ rule: 'iops>=-2%', pass: false }],
      [
        { key: 'rule', align: 'left' },
        { key: 'pass', label: 'result', format: (value) => (value ? 'pass' : 'FAIL'), cellClass: (value) => (value ? 'pass' : 'fail') },
      ],
    );
    expect(table).toContain('<td>iops&gt;=-2%</td><td class="fail">FAIL</td>');
  });

  it('shows a record as a figure / value table', () => {
    expect(keyValueTable({ iops: 20000 })).toContain('<td>iops</td><td class="num">20,000</td>');
  });

  it('formats cells for people', () => {
    expect([formatCell(true), formatCell(NaN), formatCell(Infinity), formatCell(undefined), formatCell(1.5), formatCell('x')]).toEqual([
      'yes',
      'n/a',
      '∞',
      '—',
      '1.5',
      'x',
    ]);
  });
});

describe('blocks', () => {
  it('shows the verdict in plain words', () => {
    expect(verdictBanner('pass', 'all <good>')).toBe(
      '<div class="verdict pass" role="status"><span class="word">PASS</span><span>all &lt;good&gt;</span></div>',
    );
    expect(verdictBanner('fail', 'x')).toContain('<span class="word">FAIL</span>');
  });

  it('echoes text verbatim, escaped, in a pre block', () => {
    expect(preBlock('a: <b>\n  c: "d"', 'scenario.yaml')).toBe(
      '<div class="echo-label">scenario.yaml</div><pre class="echo">a: &lt;b&gt;\n  c: &quot;d&quot;</pre>',
    );
  });

  it('wraps charts in figures with captions, in a grid', () => {
    expect(chartGrid([chartFigure('<svg></svg>', 'a & b')])).toBe(
      '<div class="charts">\n<figure class="chart"><svg></svg><figcaption>a &amp; b</figcaption></figure>\n</div>',
    );
    expect(escapeHtml(`<'&">`)).toBe('&lt;&#39;&amp;&quot;&gt;');
  });
});

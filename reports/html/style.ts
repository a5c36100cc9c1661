/** The report's inline stylesheet: system fonts, quiet colours, tables with right-aligned tabular numbers. */
export const REPORT_CSS = `
:root {
  color-scheme: light;
  --fg: #1f2328; --muted: #57606a; --border: #d0d7de; --subtle: #f6f8fa; --zebra: #fafbfc;
  --pass: #1a7f37; --pass-bg: #dafbe1; --fail: #cf222e; --fail-bg: #ffebe9; --link: #0969da;
}
* { box-sizing: border-box; }
body {
  margin: 0; background: #fff; color: var(--fg);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 1240px; margin: 0 auto; padding: 24px 32px 56px; }
header.page { border-bottom: 1px solid var(--border); padding-bottom: 12px; margin-bottom: 16px; }
h1 { font-size: 24px; margin: 0; font-weight: 650; }
.subtitle { color: var(--muted); margin: 4px 0 0; }
h2 { font-size: 18px; margin: 32px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--border); font-weight: 600; }
h3 { font-size: 15px; margin: 20px 0 8px; font-weight: 600; }
a { color: var(--link); text-decoration: none; }
a:hover { text-decoration: underline; }
nav.toc { font-size: 13px; color: var(--muted); margin: 8px 0 0; }
nav.toc a { margin-right: 14px; white-space: nowrap; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; }
code { font-size: 12.5px; background: var(--subtle); padding: 1px 4px; border-radius: 4px; }
.verdict {
  display: flex; align-items: baseline; gap: 12px; margin: 16px 0; padding: 12px 16px;
  border-radius: 6px; border: 1px solid; font-size: 15px;
}
.verdict .word { font-weight: 700; font-size: 18px; letter-spacing: 0.04em; }
.verdict.pass { background: var(--pass-bg); border-color: var(--pass); color: #0f5323; }
.verdict.fail { background: var(--fail-bg); border-color: var(--fail); color: #82071e; }
.table-wrap { overflow-x: auto; margin: 8px 0 16px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 13px; }
caption { caption-side: top; text-align: left; color: var(--muted); padding: 0 0 4px; }
th, td { padding: 4px 12px; border-bottom: 1px solid var(--border); vertical-align: top; }
th { background: var(--subtle); text-align: left; font-weight: 600; white-space: nowrap; }
tbody tr:nth-child(even) { background: var(--zebra); }
td.num, th.num { text-align: right; white-space: nowrap; }
td.pass { color: var(--pass); font-weight: 600; }
td.fail { color: var(--fail); font-weight: 600; }
pre.echo {
  background: var(--subtle); border: 1px solid var(--border); border-radius: 6px;
  padding: 12px 14px; overflow: auto; font-size: 12.5px; line-height: 1.45; max-height: 480px;
}
.echo-label { color: var(--muted); font-size: 12px; margin: 12px 0 4px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(540px, 1fr)); gap: 16px 20px; }
figure.chart { margin: 0; border: 1px solid var(--border); border-radius: 6px; padding: 6px; background: #fff; }
figure.chart svg { display: block; width: 100%; height: auto; }
figure.chart figcaption { color: var(--muted); font-size: 12.5px; padding: 4px 8px 2px; }
footer.page { margin-top: 40px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--border); padding-top: 8px; }
@media print {
  main { max-width: none; padding: 0; }
  figure.chart { break-inside: avoid; }
  pre.echo { max-height: none; }
}
`;

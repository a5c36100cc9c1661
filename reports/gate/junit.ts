import { describePoint, type GateEvaluation, type GateResult } from './evaluate.js';
import { formatChange, formatFigure, formatPercent } from './format.js';

/** Options of gateJUnitXml. */
export interface JUnitOptions {
  /** Name of the test suite; default `cowsim-gate`. */
  readonly suiteName?: string;
}

/**
 * The gate outcome as JUnit XML for CI systems: one `testsuite` (default name cowsim-gate) with one `testcase`
 * per rule (per rule and sweep point for sweeps); a failed rule carries a `failure` element with its message.
 */
export function gateJUnitXml(evaluation: GateEvaluation, options: JUnitOptions = {}): string {
  const suiteName = options.suiteName ?? 'cowsim-gate';
  const tests = evaluation.results.length;
  const counts = `tests="${tests}" failures="${evaluation.failed}" errors="0" skipped="0"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXmlAttribute(suiteName)}" ${counts} time="0">`,
    `  <testsuite name="${escapeXmlAttribute(suiteName)}" ${counts} time="0">`,
    ...evaluation.results.flatMap((result) => testcase(result, suiteName)),
    '  </testsuite>',
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}

function testcase(result: GateResult, suiteName: string): string[] {
  const name = result.point === undefined ? result.rule : `${result.rule} [${describePoint(result.point)}]`;
  const open = `    <testcase classname="${escapeXmlAttribute(suiteName)}" name="${escapeXmlAttribute(name)}" time="0">`;
  const details = [
    result.message,
    `figure: ${result.figure}`,
    `baseline: ${formatFigure(result.baseline)}`,
    `current: ${formatFigure(result.current)}`,
    `change: ${formatChange(result.change)} (${formatPercent(result.changePercent)})`,
    `limit: ${result.operator} ${formatFigure(result.limit)}`,
    ...(result.point === undefined ? [] : [`sweep point: ${describePoint(result.point)}`]),
    ...(result.description === undefined ? [] : [`description: ${result.description}`]),
  ].join('\n');
  const body = result.pass
    ? `      <system-out>${escapeXml(details)}</system-out>`
    : `      <failure message="${escapeXmlAttribute(result.message)}" type="GateRuleFailed">${escapeXml(details)}</failure>`;
  return [open, body, '    </testcase>'];
}

// Characters XML 1.0 cannot carry at all, even escaped.
const INVALID_XML_CHARACTERS = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text for XML element content; characters XML 1.0 forbids become U+FFFD. */
export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML_CHARACTERS, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Escapes text for an XML attribute value, keeping line breaks and tabs (a parser would turn them into spaces). */
export function escapeXmlAttribute(text: string): string {
  return escapeXml(text).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

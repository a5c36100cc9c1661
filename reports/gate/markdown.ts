import { describePoint, type GateEvaluation, type GateResult } from './evaluate.js';
import { formatChange, formatFigure, formatPercent } from './format.js';
import { gateVerdictLine } from './render-text.js';

/** Options of gateMarkdown. */
export interface MarkdownOptions {
  /** Heading of the summary; default `cowsim gate`. */
  readonly title?: string;
}

/**
 * The gate outcome as GitHub-flavoured Markdown (for a CI job summary or a pull-request comment):
 * a heading with the verdict, a verdict line, then a table of figure, baseline, current, change, rule and result.
 */
export function gateMarkdown(evaluation: GateEvaluation, options: MarkdownOptions = {}): string {
  const title = options.title ?? 'cowsim gate';
  const withPoints = evaluation.results.some((result) => result.point !== undefined);
  const headings = [
    ...(withPoints ? ['Sweep point'] : []),
    'Figure',
    'Baseline',
    'Current',
    'Change',
    'Change %',
    'Rule',
    'Result',
  ];
  const alignments = [...(withPoints ? [':--'] : []), ':--', '--:', '--:', '--:', '--:', ':--', ':--'];
  const rows = evaluation.results.map((result) => row(result, withPoints));
  const verdict = evaluation.pass ? '✅ **PASS**' : '❌ **FAIL**';
  const lines = [
    `### ${escapeMarkdown(title)}: ${evaluation.pass ? 'PASS' : 'FAIL'}`,
    '',
    `${verdict}: ${escapeMarkdown(gateVerdictLine(evaluation).replace(/^gate (pass|FAIL): /, ''))}.`,
    '',
    `| ${headings.join(' | ')} |`,
    `| ${alignments.join(' | ')} |`,
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ];
  const failures = evaluation.results.filter((result) => !result.pass);
  if (failures.length > 0) {
    lines.push('', '**Failed rules**', '');
    for (const failure of failures) {
      const where = failure.point === undefined ? '' : ` at ${escapeMarkdown(describePoint(failure.point))}`;
      lines.push(`- ${code(failure.rule)}${where}: ${escapeMarkdown(failure.message)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function row(result: GateResult, withPoints: boolean): string[] {
  const rule = result.description === undefined ? code(result.rule) : `${code(result.rule)} ${escapeMarkdown(result.description)}`;
  return [
    ...(withPoints ? [escapeMarkdown(result.point === undefined ? '' : describePoint(result.point))] : []),
    code(result.figure),
    formatFigure(result.baseline),
    formatFigure(result.current),
    formatChange(result.change),
    formatPercent(result.changePercent),
    rule,
    result.pass ? 'pass' : '**FAIL**',
  ];
}

/** A code span safe inside a table cell. */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')}${fence}`;
}

/** Escapes Markdown punctuation (and table pipes) in plain text; line breaks become spaces. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/([\\`*_{}[\]()#+!|<>~])/g, '\\$1');
}

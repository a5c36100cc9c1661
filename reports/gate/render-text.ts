import { describePoint, type GateEvaluation, type GateResult } from './evaluate.js';
import { formatChange, formatFigure, formatPercent } from './format.js';

interface Column {
  readonly heading: string;
  readonly alignRight: boolean;
  readonly cell: (result: GateResult) => string;
}

const COLUMNS: readonly Column[] = [
  { heading: 'figure', alignRight: false, cell: (result) => result.figure },
  { heading: 'baseline', alignRight: true, cell: (result) => formatFigure(result.baseline) },
  { heading: 'current', alignRight: true, cell: (result) => formatFigure(result.current) },
  { heading: 'change', alignRight: true, cell: (result) => formatChange(result.change) },
  { heading: 'change %', alignRight: true, cell: (result) => formatPercent(result.changePercent) },
  { heading: 'rule', alignRight: false, cell: (result) => result.rule },
  { heading: 'result', alignRight: false, cell: (result) => (result.pass ? 'pass' : 'FAIL') },
];

const POINT_COLUMN: Column = {
  heading: 'sweep point',
  alignRight: false,
  cell: (result) => (result.point === undefined ? '' : describePoint(result.point)),
};

/** The gate outcome as a plain-text table (figure, baseline, current, change, change %, rule, result) and a verdict line. */
export function renderGateTable(evaluation: GateEvaluation): string {
  const columns = evaluation.results.some((result) => result.point !== undefined) ? [POINT_COLUMN, ...COLUMNS] : COLUMNS;
  const rows = evaluation.results.map((result) => columns.map((column) => column.cell(result)));
  const widths = columns.map((column, index) => rows.reduce((width, row) => Math.max(width, row[index]!.length), column.heading.length));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, index) => (columns[index]!.alignRight ? cell.padStart(widths[index]!) : cell.padEnd(widths[index]!)))
      .join('  ')
      .trimEnd();
  const lines = [
    line(columns.map((column) => column.heading)),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
    '',
    gateVerdictLine(evaluation),
  ];
  return `${lines.join('\n')}\n`;
}

/** One line verdict, e.g. `gate FAIL: 1 of 5 rules failed` or `gate pass: all 5 rules passed`. */
export function gateVerdictLine(evaluation: GateEvaluation): string {
  const total = evaluation.results.length;
  const noun = total === 1 ? 'rule' : 'rules';
  return evaluation.pass
    ? `gate pass: ${total === 1 ? 'the' : 'all'} ${total} ${noun} passed`
    : `gate FAIL: ${evaluation.failed} of ${total} ${noun} failed`;
}

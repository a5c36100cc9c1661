import { InputError } from '../../engine/errors.js';
import { flattenNullableFigures, type NullableFigures } from '../statistics/flatten-figures.js';
import { missingPercentileHint, nullFigureReason, resolveFigureName } from '../statistics/figure-name.js';
import { formatFigure } from './format.js';
import { formatThreshold, type GateOperator, type GateRule, type GateThreshold } from './rule.js';

/** The outcome of one rule (at one sweep point, for sweeps). */
export interface GateResult {
  /** The rule as written. */
  readonly rule: string;
  readonly description?: string;
  readonly figure: string;
  readonly operator: GateOperator;
  readonly threshold: GateThreshold;
  /** Values of the swept parameters identifying the sweep point; absent for a single summary. */
  readonly point?: Readonly<Record<string, string>>;
  /** Baseline value; null only for an absolute rule whose figure the baseline lacks (it does not need it). */
  readonly baseline: number | null;
  readonly current: number;
  /** current - baseline, in the figure's unit; null without a baseline value. */
  readonly change: number | null;
  /** (current - baseline) / |baseline| * 100; null without a baseline value or when the baseline is 0 and the figure changed. */
  readonly changePercent: number | null;
  /** The value `current` was compared against with `operator`. */
  readonly limit: number;
  readonly pass: boolean;
  /** One sentence saying why the rule passed or failed. */
  readonly message: string;
}

/** The outcome of a whole gate. */
export interface GateEvaluation {
  /** True when every rule passed. */
  readonly pass: boolean;
  readonly passed: number;
  readonly failed: number;
  readonly results: readonly GateResult[];
}

/** A row of sweep.csv: swept parameter columns plus figure columns (numbers, or numeric strings as read from CSV). */
export type SweepRow = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** Input of evaluateGate: two summaries (summary.json objects, nested or already flattened) and the rules. */
export interface GateInput {
  readonly baseline: unknown;
  readonly current: unknown;
  readonly rules: readonly GateRule[];
  /** Names used in error messages, normally the file paths; default `baseline` and `current`. */
  readonly baselineName?: string;
  readonly currentName?: string;
}

/** Input of evaluateSweepGate: two sweep tables matched row by row on the swept parameter columns. */
export interface SweepGateInput {
  readonly baseline: readonly SweepRow[];
  readonly current: readonly SweepRow[];
  /** The swept parameter columns, e.g. ['engine.locks', 'workloads.0.jobs']; every other numeric column is a figure. */
  readonly parameters: readonly string[];
  readonly rules: readonly GateRule[];
  readonly baselineName?: string;
  readonly currentName?: string;
}

/** Exit codes of `cowsim gate`: 0 every rule passed, 1 a rule failed, 2 bad input. */
export const GATE_EXIT_CODES = { pass: 0, fail: 1, badInput: 2 } as const;

// Limits computed from a baseline (delta, percent) are compared with this relative tolerance, so that
// floating-point rounding in baseline * (1 + p/100) cannot flip a result sitting exactly on the limit.
const RELATIVE_TOLERANCE = 1e-9;

/**
 * Evaluates rules on a current summary against a baseline summary.
 * Throws InputError (exit code 2) when there are no rules or a rule names a figure missing from either summary,
 * or null in it (a latency of an operation with no I/Os): a null figure is never compared as 0 and never
 * passes silently. An absolute rule needs the figure only in the current summary.
 */
export function evaluateGate(input: GateInput): GateEvaluation {
  requireRules(input.rules);
  const baselineName = input.baselineName ?? 'baseline';
  const currentName = input.currentName ?? 'current';
  const baseline = flattenNullableFigures(input.baseline);
  const current = flattenNullableFigures(input.current);
  const results = input.rules.map((rule) =>
    evaluateRule(rule, lookup(baseline, rule, baselineName, undefined), lookupRequired(current, rule, currentName, undefined)),
  );
  return summarize(results);
}

/**
 * Evaluates rules on every row of a current sweep table against the baseline row at the same sweep point
 * (equal values of every parameter column). Baseline points missing from the current sweep are ignored;
 * a current point missing from the baseline, a duplicate point or a missing figure is an InputError.
 */
export function evaluateSweepGate(input: SweepGateInput): GateEvaluation {
  requireRules(input.rules);
  const baselineName = input.baselineName ?? 'baseline';
  const currentName = input.currentName ?? 'current';
  if (input.parameters.length === 0) {
    throw new InputError(currentName, 'parameters', 'at least one swept parameter column to match rows on', 'none');
  }
  const baselineRows = indexRows(input.baseline, input.parameters, baselineName);
  const currentRows = indexRows(input.current, input.parameters, currentName);
  const needsBaseline = input.rules.some((rule) => rule.threshold.kind !== 'absolute');
  const results: GateResult[] = [];
  for (const [key, currentRow] of currentRows) {
    const baselineRow = baselineRows.get(key);
    if (baselineRow === undefined && needsBaseline) {
      throw new InputError(
        baselineName,
        `sweep point ${describePoint(currentRow.point)}`,
        `a row for every sweep point of ${currentName}`,
        'no such row',
      );
    }
    for (const rule of input.rules) {
      const where = `${describePoint(currentRow.point)}`;
      const baselineValue =
        baselineRow === undefined ? null : lookup(baselineRow.figures, rule, baselineName, where);
      const currentValue = lookupRequired(currentRow.figures, rule, currentName, where);
      results.push(evaluateRule(rule, baselineValue, currentValue, currentRow.point));
    }
  }
  return summarize(results);
}

/** Process exit code for a gate outcome: 0 all rules pass, 1 any rule fails, 2 bad input (an InputError). */
export function gateExitCode(outcome: GateEvaluation | InputError): 0 | 1 | 2 {
  if (outcome instanceof InputError) return GATE_EXIT_CODES.badInput;
  return outcome.pass ? GATE_EXIT_CODES.pass : GATE_EXIT_CODES.fail;
}

/** A sweep point as `name=value, name=value`. */
export function describePoint(point: Readonly<Record<string, string>>): string {
  return Object.entries(point)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
}

function evaluateRule(
  rule: GateRule,
  baseline: number | null,
  current: number,
  point?: Readonly<Record<string, string>>,
): GateResult {
  const { threshold, operator } = rule;
  let limit: number;
  let tolerance = 0;
  if (threshold.kind === 'absolute') {
    limit = threshold.value;
  } else {
    if (baseline === null) throw new Error(`bug: relative rule ${rule.text} evaluated without a baseline`);
    limit =
      threshold.kind === 'delta' ? baseline + threshold.value : baseline + (Math.abs(baseline) * threshold.value) / 100;
    tolerance = RELATIVE_TOLERANCE * Math.max(Math.abs(baseline), Math.abs(limit));
  }
  const pass = compare(current, operator, limit, tolerance);
  const change = baseline === null ? null : current - baseline;
  const changePercent =
    baseline === null || change === null
      ? null
      : change === 0
        ? 0
        : baseline === 0
          ? null
          : (change / Math.abs(baseline)) * 100;
  const limitSource =
    threshold.kind === 'absolute'
      ? formatFigure(limit)
      : `${formatFigure(limit)} (baseline ${formatFigure(baseline)} ${formatThreshold(threshold)})`;
  const message = `${rule.figure} = ${formatFigure(current)} ${pass ? 'satisfies' : 'is not'} ${operator} ${limitSource}`;
  const result: GateResult = {
    rule: rule.text,
    figure: rule.figure,
    operator,
    threshold,
    baseline,
    current,
    change,
    changePercent,
    limit,
    pass,
    message,
    ...(rule.description === undefined ? {} : { description: rule.description }),
    ...(point === undefined ? {} : { point }),
  };
  return result;
}

/** Values within `tolerance` of the limit count as equal to it. */
function compare(current: number, operator: GateOperator, limit: number, tolerance: number): boolean {
  switch (operator) {
    case '<=':
      return current <= limit + tolerance;
    case '<':
      return current < limit - tolerance;
    case '>=':
      return current >= limit - tolerance;
    case '>':
      return current > limit + tolerance;
    case '==':
      return Math.abs(current - limit) <= tolerance;
    case '!=':
      return Math.abs(current - limit) > tolerance;
  }
}

function summarize(results: GateResult[]): GateEvaluation {
  const failed = results.filter((result) => !result.pass).length;
  return { pass: failed === 0, passed: results.length - failed, failed, results };
}

function requireRules(rules: readonly GateRule[]): void {
  if (rules.length === 0) {
    throw new InputError('--rule', 'rules', 'at least one rule (--rule or a rules file)', 'none');
  }
}

/** The baseline value a rule needs: required for relative rules, optional (null) for absolute ones. */
function lookup(figures: NullableFigures, rule: GateRule, name: string, where: string | undefined): number | null {
  if (rule.threshold.kind === 'absolute') {
    const key = resolveFigureName(figures, rule.figure);
    return key === undefined ? null : (figures[key] ?? null);
  }
  return lookupRequired(figures, rule, name, where);
}

/** The figure's value; an InputError when the summary lacks it or has it as null (nothing measured). */
function lookupRequired(figures: NullableFigures, rule: GateRule, name: string, where: string | undefined): number {
  const key = resolveFigureName(figures, rule.figure);
  if (key === undefined) throw missingFigure(figures, rule, name, where);
  const value = figures[key]!;
  if (value === null) {
    const field = where === undefined ? rule.figure : `${rule.figure} at ${where}`;
    throw new InputError(name, field, `a numeric figure '${rule.figure}' (named by rule '${rule.text}')`, `null: ${nullFigureReason(figures, key)}`);
  }
  return value;
}

function missingFigure(figures: NullableFigures, rule: GateRule, name: string, where: string | undefined): InputError {
  const similar = similarFigures(rule.figure, Object.keys(figures));
  const percentile = missingPercentileHint(figures, rule.figure);
  const found =
    percentile !== undefined ? `no such figure: ${percentile}` : similar.length === 0 ? 'no such figure' : `no such figure; similar: ${similar.join(', ')}`;
  const field = where === undefined ? rule.figure : `${rule.figure} at ${where}`;
  return new InputError(name, field, `a numeric figure '${rule.figure}' (named by rule '${rule.text}')`, found);
}

/** Up to five figure names close to `wanted`: same last segment, or a small edit distance. */
function similarFigures(wanted: string, available: readonly string[]): string[] {
  const lastSegment = wanted.slice(wanted.lastIndexOf('.') + 1).toLowerCase();
  const scored = available
    .map((name) => {
      const distance = editDistance(wanted.toLowerCase(), name.toLowerCase());
      const sameLeaf = name.toLowerCase().endsWith(`.${lastSegment}`) || name.toLowerCase() === lastSegment;
      return { name, score: sameLeaf ? Math.min(distance, 3) : distance };
    })
    .filter((candidate) => candidate.score <= 3)
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  return scored.slice(0, 5).map((candidate) => candidate.name);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}

interface IndexedRow {
  readonly point: Readonly<Record<string, string>>;
  readonly figures: NullableFigures;
}

function indexRows(rows: readonly SweepRow[], parameters: readonly string[], name: string): Map<string, IndexedRow> {
  const indexed = new Map<string, IndexedRow>();
  rows.forEach((row, rowIndex) => {
    const point: Record<string, string> = {};
    for (const parameter of parameters) {
      const value = row[parameter];
      if (value === undefined || value === null) {
        throw new InputError(name, `row ${rowIndex + 1}: ${parameter}`, 'a value for the swept parameter column', 'none');
      }
      point[parameter] = String(value);
    }
    const key = JSON.stringify(parameters.map((parameter) => point[parameter]));
    if (indexed.has(key)) {
      throw new InputError(name, `row ${rowIndex + 1}`, 'one row per sweep point', `a second row for ${describePoint(point)}`);
    }
    indexed.set(key, { point, figures: rowFigures(row, parameters) });
  });
  return indexed;
}

/**
 * Numeric cells of a sweep row other than the parameter columns; an empty cell of a figure's mean
 * (no replication measured it: `latency.write.p99.mean` with `.n` 0) is null; other non-numeric cells are left out.
 */
function rowFigures(row: SweepRow, parameters: readonly string[]): NullableFigures {
  const figures: NullableFigures = {};
  for (const [column, value] of Object.entries(row)) {
    if (parameters.includes(column)) continue;
    const empty = value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
    const number = typeof value === 'number' ? value : typeof value === 'string' && !empty ? Number(value) : NaN;
    if (Number.isFinite(number)) figures[column] = number;
    else if (empty && column.endsWith('.mean')) figures[column] = null;
  }
  return figures;
}

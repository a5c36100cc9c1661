import { InputError } from '../../engine/errors.js';

/** Comparison of a rule: the current figure must stand in this relation to the rule's limit. */
export type GateOperator = '<=' | '<' | '>=' | '>' | '==' | '!=';

/**
 * The right-hand side of a rule.
 * - absolute: the limit is the number itself (`latency.read.p99<=2000`).
 * - delta: the limit is baseline + value, in the figure's unit (`locks.waitP99<=+10`).
 * - percent: the limit is baseline + |baseline| * value / 100 (`latency.write.p99<=+5%`).
 */
export type GateThreshold =
  | { readonly kind: 'absolute'; readonly value: number }
  | { readonly kind: 'delta'; readonly value: number }
  | { readonly kind: 'percent'; readonly value: number };

/** A parsed gate rule. */
export interface GateRule {
  /** The rule as written, trimmed, e.g. `latency.write.p99<=+5%`. */
  readonly text: string;
  /** Dotted figure name, as produced by flattenFigures (`latency.write.p99`, `snapshots.0.cowCopies`). */
  readonly figure: string;
  readonly operator: GateOperator;
  readonly threshold: GateThreshold;
  /** Optional human explanation, from a rules file. */
  readonly description?: string;
}

/** Where a rule came from, for error messages: the file (`--rule` for the CLI flag) and the field within it. */
export interface RuleOrigin {
  readonly file: string;
  readonly field?: string;
}

/** The rule grammar, as shown to users in error messages and documentation. */
export const RULE_GRAMMAR = [
  'rule      = figure operator threshold            (spaces allowed around the operator)',
  'figure    = segment { "." segment }              segment = 1*( letter | digit | "_" | "-" )',
  'operator  = "<=" | "<" | ">=" | ">" | "==" | "!="',
  'threshold = number                               absolute limit, in the figure\'s unit',
  '          | sign number                          limit = baseline + signed number (same unit)',
  '          | sign number "%"                      limit = baseline + |baseline| * signed number / 100',
  'sign      = "+" | "-"                            number = digits [ "." digits ] [ exponent ]',
].join('\n');

const OPERATORS: readonly GateOperator[] = ['<=', '<', '>=', '>', '==', '!='];
const FIGURE = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;
const NUMBER = '(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?';
const ABSOLUTE = new RegExp(`^${NUMBER}$`);
const SIGNED = new RegExp(`^[+-]${NUMBER}$`);
const SIGNED_PERCENT = new RegExp(`^[+-]${NUMBER}%$`);
const UNSIGNED_PERCENT = new RegExp(`^${NUMBER}%$`);
const WITH_UNIT = new RegExp(`^[+-]?${NUMBER}\\s*[A-Za-zµ]+$`);

const EXPECTED_RULE = 'a rule <figure><operator><threshold>, e.g. latency.write.p99<=+5%, iops>=-2%, correctness.mismatches==0';
const EXPECTED_FIGURE = 'a dotted figure name (letters, digits, _ and -, separated by dots), e.g. latency.write.p99';
const EXPECTED_OPERATOR = 'one of the operators <=, <, >=, >, ==, != between the figure and the threshold';
const EXPECTED_THRESHOLD =
  'a threshold: a plain number (absolute limit, e.g. 2000), a signed number (change from baseline in the figure\'s unit, e.g. +10) or a signed percentage (change from baseline, e.g. +5%)';

/**
 * Parses one rule string (grammar in RULE_GRAMMAR); throws InputError naming the rule and what was expected.
 * `origin` names the source for the error: file `--rule` for a CLI flag, or the rules file and entry.
 */
export function parseRule(text: string, origin: RuleOrigin = { file: '--rule' }, description?: string): GateRule {
  const trimmed = text.trim();
  const field = origin.field === undefined ? `rule '${trimmed}'` : `${origin.field} '${trimmed}'`;
  const fail = (expected: string, found: string): never => {
    throw new InputError(origin.file, field, expected, found);
  };
  if (trimmed === '') fail(EXPECTED_RULE, 'an empty rule');

  const operatorMatch = /[<>=!]+/.exec(trimmed);
  if (operatorMatch === null) return fail(EXPECTED_OPERATOR, 'no operator');
  const operatorToken = operatorMatch[0];
  if (!(OPERATORS as readonly string[]).includes(operatorToken)) {
    const hint = operatorToken === '=' ? ' (use == for equality)' : '';
    return fail(EXPECTED_OPERATOR, `'${operatorToken}'${hint}`);
  }
  const operator = operatorToken as GateOperator;
  const figure = trimmed.slice(0, operatorMatch.index).trim();
  const thresholdText = trimmed.slice(operatorMatch.index + operatorToken.length).trim();

  if (figure === '') fail(EXPECTED_FIGURE, `nothing before '${operator}'`);
  if (!FIGURE.test(figure)) fail(EXPECTED_FIGURE, `'${figure}'`);
  if (thresholdText === '') fail(EXPECTED_THRESHOLD, `nothing after '${operator}'`);

  const threshold = parseThreshold(thresholdText, fail);
  return description === undefined
    ? { text: trimmed, figure, operator, threshold }
    : { text: trimmed, figure, operator, threshold, description };
}

function parseThreshold(text: string, fail: (expected: string, found: string) => never): GateThreshold {
  if (SIGNED_PERCENT.test(text)) return { kind: 'percent', value: Number(text.slice(0, -1)) };
  if (SIGNED.test(text)) return { kind: 'delta', value: Number(text) };
  if (ABSOLUTE.test(text)) return { kind: 'absolute', value: Number(text) };
  if (UNSIGNED_PERCENT.test(text)) {
    return fail(
      `a signed percentage such as +${text} or -${text} (percentages are changes relative to the baseline)`,
      `'${text}'`,
    );
  }
  if (WITH_UNIT.test(text)) {
    return fail(`${EXPECTED_THRESHOLD}; no unit suffix: thresholds are in the figure's own unit (latencies in µs)`, `'${text}'`);
  }
  return fail(EXPECTED_THRESHOLD, `'${text}'`);
}

/** The rule's threshold written back in rule syntax, e.g. `+5%`, `-2`, `2000`. */
export function formatThreshold(threshold: GateThreshold): string {
  const sign = threshold.value < 0 || Object.is(threshold.value, -0) ? '-' : '+';
  const magnitude = String(Math.abs(threshold.value));
  switch (threshold.kind) {
    case 'absolute':
      return String(threshold.value);
    case 'delta':
      return `${sign}${magnitude}`;
    case 'percent':
      return `${sign}${magnitude}%`;
  }
}

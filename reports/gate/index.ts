export { parseRule, formatThreshold, RULE_GRAMMAR, type GateOperator, type GateRule, type GateThreshold, type RuleOrigin } from './rule.js';
export { parseRulesFile, readRulesFile } from './rules-file.js';
export {
  evaluateGate,
  evaluateSweepGate,
  gateExitCode,
  describePoint,
  GATE_EXIT_CODES,
  type GateEvaluation,
  type GateInput,
  type GateResult,
  type SweepGateInput,
  type SweepRow,
} from './evaluate.js';
export { renderGateTable, gateVerdictLine } from './render-text.js';
export { gateJUnitXml, escapeXml, escapeXmlAttribute, type JUnitOptions } from './junit.js';
export { gateMarkdown, escapeMarkdown, type MarkdownOptions } from './markdown.js';
export { formatFigure, formatChange, formatPercent } from './format.js';

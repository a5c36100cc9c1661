/**
 * What a FaultyDevice injects (design.md sections 6 and 7): fault kinds in the manner of fio,
 * dm-flakey and TigerBeetle's simulator, each with a probability given as an integer ratio, and
 * optionally limited to a window of virtual time, a range of blocks and some operations.
 */

export const faultKinds = [
  'readError',
  'writeError',
  'tornWrite',
  'droppedWrite',
  'bitFlip',
  'misdirectedWrite',
  'latencySpike',
  'grayFailure',
] as const;

export type FaultKind = (typeof faultKinds)[number];

/**
 * `survive`: the stack is expected to carry on correctly (a delay, an error that surfaces).
 * `detect`: silent corruption the stack above must detect (acknowledged, yet wrong on the media).
 */
export type FaultTag = 'survive' | 'detect';
export const faultTags: readonly FaultTag[] = ['survive', 'detect'];

export type FaultOperation = 'read' | 'write';

/** An exact probability numerator / denominator, decided without floating-point drift. */
export interface Ratio {
  readonly numerator: number;
  readonly denominator: number;
}

/** Largest denominator: a draw has 32 bits, so larger ones would only pretend to more precision. */
export const MAX_DENOMINATOR = 2 ** 32;

/** One line of a plan, as the FaultyDevice takes it; probability may still be text such as "1/1000". */
export interface FaultRuleInput {
  readonly kind: FaultKind;
  readonly probability: Ratio | string;
  /** Only operations issued at virtual times in [fromNs, untilNs). */
  readonly window?: { readonly fromNs: number; readonly untilNs: number };
  /** Only operations that touch device blocks in [from, until). */
  readonly blocks?: { readonly from: number; readonly until: number };
  /** Only these operations (default: what the kind can strike, see kindOperations). */
  readonly operations?: readonly FaultOperation[];
  /** latencySpike and grayFailure: delay added to the operation, ns. */
  readonly extraNs?: number;
  /** grayFailure: the operation takes this many times its normal time (>= 1). */
  readonly factor?: number;
}

/** A checked rule with its probability as a Ratio and its operations filled in. */
export interface FaultRule extends FaultRuleInput {
  readonly probability: Ratio;
  readonly operations: readonly FaultOperation[];
}

export type FaultPlan = readonly FaultRuleInput[];

/** The tag of every kind: corruption that is acknowledged must be detected, the rest survived. */
export function faultTagOf(kind: FaultKind): FaultTag {
  switch (kind) {
    case 'tornWrite':
    case 'droppedWrite':
    case 'bitFlip':
    case 'misdirectedWrite':
      return 'detect';
    default:
      return 'survive';
  }
}

/** The operations a kind can strike: reads fail, writes go wrong, latency strikes both. */
export function kindOperations(kind: FaultKind): readonly FaultOperation[] {
  switch (kind) {
    case 'readError':
      return ['read'];
    case 'latencySpike':
    case 'grayFailure':
      return ['read', 'write'];
    default:
      return ['write'];
  }
}

/** True for the kinds that delay an operation rather than change its outcome. */
export function isLatencyKind(kind: FaultKind): boolean {
  return kind === 'latencySpike' || kind === 'grayFailure';
}

/** Parses "1/1000" (or checks a Ratio); undefined when it is not n/d with 0 <= n <= d <= 2^32, d >= 1. */
export function parseRatio(value: Ratio | string): Ratio | undefined {
  let ratio: Ratio;
  if (typeof value === 'string') {
    const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
    if (!match) return undefined;
    ratio = { numerator: Number(match[1]), denominator: Number(match[2]) };
  } else {
    ratio = value;
  }
  const { numerator, denominator } = ratio;
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator)) return undefined;
  if (denominator < 1 || denominator > MAX_DENOMINATOR || numerator < 0 || numerator > denominator) return undefined;
  return { numerator, denominator };
}

/** A problem with one rule: the field (as a scenario file names it) and what was expected. */
export interface FaultRuleProblem {
  readonly field: 'kind' | 'probability' | 'window' | 'blocks' | 'operations' | 'extra' | 'factor';
  readonly expected: string;
}

/** Everything wrong with a rule for a device of `blockCount` blocks; empty when it is sound. */
export function faultRuleProblems(rule: FaultRuleInput, blockCount: number): FaultRuleProblem[] {
  const problems: FaultRuleProblem[] = [];
  if (!(faultKinds as readonly string[]).includes(rule.kind)) {
    return [{ field: 'kind', expected: `one of ${faultKinds.map((kind) => JSON.stringify(kind)).join(', ')}, found ${JSON.stringify(rule.kind)}` }];
  }
  if (parseRatio(rule.probability) === undefined) {
    problems.push({ field: 'probability', expected: `a ratio n/d of integers with 0 <= n <= d and 1 <= d <= 2^32, such as "1/1000", found ${JSON.stringify(rule.probability)}` });
  }
  if (rule.window !== undefined) {
    const { fromNs, untilNs } = rule.window;
    const fromOk = Number.isSafeInteger(fromNs) && fromNs >= 0;
    const untilOk = untilNs === Number.POSITIVE_INFINITY || Number.isSafeInteger(untilNs);
    if (!fromOk || !untilOk || untilNs <= fromNs) problems.push({ field: 'window', expected: `from before until, both non-negative times, found from ${milliseconds(fromNs)} until ${milliseconds(untilNs)}` });
  }
  if (rule.blocks !== undefined) {
    const { from, until } = rule.blocks;
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(until) || from < 0 || until <= from || until > blockCount) {
      problems.push({ field: 'blocks', expected: `a non-empty range of blocks inside the device (0..${blockCount}), found ${from}..${until}` });
    }
  }
  const allowed = kindOperations(rule.kind);
  if (rule.operations !== undefined && (rule.operations.length === 0 || rule.operations.some((operation) => !allowed.includes(operation)))) {
    problems.push({ field: 'operations', expected: `a non-empty list of ${allowed.map((operation) => JSON.stringify(operation)).join(' and ')} for ${rule.kind}, found ${JSON.stringify(rule.operations)}` });
  }
  const latency = isLatencyKind(rule.kind);
  if (rule.extraNs !== undefined) {
    if (!latency) problems.push({ field: 'extra', expected: `nothing for ${rule.kind} (only latencySpike and grayFailure add time)` });
    else if (!Number.isSafeInteger(rule.extraNs) || rule.extraNs < 0) problems.push({ field: 'extra', expected: `a non-negative duration, found ${milliseconds(rule.extraNs)}` });
  }
  if (rule.factor !== undefined) {
    if (rule.kind !== 'grayFailure') problems.push({ field: 'factor', expected: `nothing for ${rule.kind} (only grayFailure slows by a factor)` });
    else if (!Number.isFinite(rule.factor) || rule.factor < 1) problems.push({ field: 'factor', expected: `a number of at least 1, found ${rule.factor}` });
  }
  if (rule.kind === 'latencySpike' && !((rule.extraNs ?? 0) > 0)) problems.push({ field: 'extra', expected: 'a positive duration for latencySpike, such as 5ms' });
  if (rule.kind === 'grayFailure' && !((rule.extraNs ?? 0) > 0) && !((rule.factor ?? 1) > 1)) {
    problems.push({ field: 'factor', expected: 'a factor above 1 or a positive extra time for grayFailure, such as factor: 4 or extra: 2ms' });
  }
  return problems;
}

/** Checks a plan and fills in defaults; a bad rule is a programming error here (scenario files are checked on load). */
export function checkedPlan(plan: FaultPlan, blockCount: number, deviceName: string): FaultRule[] {
  return plan.map((rule, index) => {
    const problems = faultRuleProblems(rule, blockCount);
    if (problems.length > 0) {
      throw new RangeError(`FaultyDevice ${deviceName}: fault rule ${index} (${rule.kind}): ${problems.map((problem) => `${problem.field}: expected ${problem.expected}`).join('; ')}`);
    }
    return { ...rule, probability: parseRatio(rule.probability)!, operations: rule.operations ?? kindOperations(rule.kind) };
  });
}

/** Virtual nanoseconds as users write them: "250 ms". */
function milliseconds(ns: number): string {
  return `${ns / 1e6} ms`;
}

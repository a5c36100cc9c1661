/**
 * crash.json: a crash campaign's inputs, its figures (the keys design.md section 7 and issue 8
 * name stay at the top level), its verdict, and the failures with the command that reproduces
 * each. Plain JSON with stable key order.
 */
import type { EngineMutant } from '../../engine/mutants.js';
import type { CampaignResult, FailingSeed } from '../../workloads/crash/crash-campaign.js';
import type { CrashFailure, CrashFigures } from '../../workloads/crash/crash-figures.js';

export const CRASH_JSON = 'crash.json';

/** What the campaign was asked to do. */
export interface CrashCampaignInputs {
  scenario: string;
  source: string;
  engine: EngineMutant;
  firstSeed: number;
  seeds: number;
  points: number;
  statesPerCut: number;
  faultEvery: number;
  deleteWindow: number;
  flushIntervalNs: number;
  /** A replay of one cut (and state). */
  only?: { cut: number; state?: number };
}

export interface CrashReport extends CrashFigures {
  scenario: string;
  source: string;
  engine: string;
  seeds: number;
  firstSeed: number;
  points: number;
  statesPerCut: number;
  faultEvery: number;
  deleteWindow: number;
  flushIntervalUs: number;
  replay: { cut: number; state?: number } | null;
  verdict: 'pass' | 'fail';
  /** Mean and largest number of boundaries in one seed's operation log. */
  logBoundaries: { mean: number; max: number };
  wallSeconds: number;
  failures: CrashFailure[];
  failingSeeds: FailingSeed[];
  failingSeedsOmitted: number;
}

/** Builds the report of a finished campaign. */
export function buildCrashReport(inputs: CrashCampaignInputs, result: CampaignResult, wallSeconds: number): CrashReport {
  const { figures } = result;
  return {
    scenario: inputs.scenario,
    source: inputs.source,
    engine: inputs.engine === 'none' ? 'real engine' : inputs.engine,
    firstSeed: inputs.firstSeed,
    points: inputs.points,
    statesPerCut: inputs.statesPerCut,
    faultEvery: inputs.faultEvery,
    deleteWindow: inputs.deleteWindow,
    flushIntervalUs: inputs.flushIntervalNs / 1000,
    replay: inputs.only ?? null,
    ...figures,
    verdict: figures.violations === 0 ? 'pass' : 'fail',
    logBoundaries: { mean: Math.round(result.boundaries.mean * 10) / 10, max: result.boundaries.max },
    wallSeconds: Math.round(wallSeconds * 1000) / 1000,
    failures: result.failures,
    failingSeeds: result.failingSeeds,
    failingSeedsOmitted: result.failingSeedsOmitted,
  };
}

/** crash.json's text. */
export function crashJson(report: CrashReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

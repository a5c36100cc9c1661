/**
 * `cowsim selftest`: runs the self-test scenario once with the real engine and once per run
 * mutant; then a short crash campaign (the embedded crash scenario) with the real engine and per
 * crash mutant. The checker must pass the real engine and catch every mutant (a run mutant by a
 * failed verdict, a crash mutant by a violation of S1-S4 or liveness); otherwise the checker could
 * not be trusted and the command exits 1.
 */
import { type EngineMutant, engineMutants } from '../../engine/mutants.js';
import { runCampaign } from '../../workloads/crash/crash-campaign.js';
import { DEFAULT_DELETE_WINDOW, DEFAULT_FAULT_EVERY, DEFAULT_POINTS, DEFAULT_STATES_PER_CUT, defaultFlushIntervalNs } from '../../workloads/crash/crash-defaults.js';
import { counterOf, type CrashProperty } from '../../workloads/crash/crash-figures.js';
import { crashScenario } from '../../workloads/crash/crash-scenario.js';
import { reproduceLine } from '../../workloads/crash/reproduce.js';
import { scenarioFromObject } from '../../workloads/scenario/scenario-object.js';
import { runPhase } from './selftest-run-phase.js';

export interface SelftestRow {
  /** 'run': one run checked by the oracle; 'crash': a crash campaign checked for S1-S5. */
  phase: 'run' | 'crash';
  engine: EngineMutant;
  breaks: string;
  /** Run rows: what the variant changes in the scenario (lock policy, a store that fills). */
  setting?: string;
  expected: 'pass' | 'fail';
  verdict: string;
  /** Oracle mismatches (run) or violations (crash). */
  mismatches: number;
  dualWrites: number;
  cowCopies: number;
  /** Crash rows: violations by property, such as "S2 12, S3 1". */
  properties?: string;
  /** Crash rows: the command that replays the first failing seed. */
  reproduce?: string;
  ok: boolean;
}

/** Seeds of each selftest crash campaign, from the crash scenario's own seed on. */
export const SELFTEST_CRASH_SEEDS = 24;

/** Properties whose violation shows a crash mutant: pure crashes, no injected fault (S5). */
const crashOrdering: readonly CrashProperty[] = ['S1', 'S2', 'S3', 'S4', 'liveness', 'run'];

/** Runs every variant; `onRow` reports each as it finishes. */
export async function selftest(onRow?: (row: SelftestRow) => void): Promise<{ rows: SelftestRow[]; ok: boolean }> {
  const rows: SelftestRow[] = [];
  const add = (row: SelftestRow): void => {
    rows.push(row);
    onRow?.(row);
  };
  await runPhase(add);
  const realEngine = { engine: 'none' as const, breaks: 'nothing: the real engine' };
  for (const variant of [realEngine, ...engineMutants.filter((mutant) => mutant.phase === 'crash').map((mutant) => ({ engine: mutant.name, breaks: mutant.breaks }))]) {
    add(await crashRow(variant.engine, variant.breaks));
  }
  return { rows, ok: rows.every((row) => row.ok) };
}

/** One short crash campaign: the real engine must have no violation, a crash mutant one of S1-S4 or liveness. */
async function crashRow(engine: EngineMutant, breaks: string): Promise<SelftestRow> {
  const scenario = scenarioFromObject(crashScenario, '(embedded crash scenario)');
  const reproduce = engine === 'none' ? {} : { mutant: engine };
  const seeds = Array.from({ length: SELFTEST_CRASH_SEEDS }, (_, index) => scenario.seed + index);
  const campaign = await runCampaign(scenario, seeds, {
    points: DEFAULT_POINTS,
    deleteWindow: DEFAULT_DELETE_WINDOW,
    statesPerCut: DEFAULT_STATES_PER_CUT,
    faultEvery: DEFAULT_FAULT_EVERY,
    flushIntervalNs: defaultFlushIntervalNs(scenario),
    mutant: engine,
    maxFailures: 1,
    reproduce,
  });
  const { figures } = campaign;
  const byProperty = new Map<CrashProperty, number>(
    (['S1', 'S2', 'S3', 'S4', 'S5', 'liveness', 'run'] as const).map((property) => [
      property,
      property === 'S5' ? figures.silentCorruptions + figures.unclearErrors : figures[counterOf(property)],
    ]),
  );
  const caught = crashOrdering.some((property) => byProperty.get(property)! > 0);
  const expected = engine === 'none' ? 'pass' : 'fail';
  const firstFailing = campaign.failingSeeds[0];
  return {
    phase: 'crash',
    engine,
    breaks,
    expected,
    verdict: figures.violations === 0 ? 'pass' : 'fail',
    mismatches: figures.violations,
    dualWrites: figures.dualWrites,
    cowCopies: figures.cowCopies,
    properties: [...byProperty].filter(([, count]) => count > 0).map(([property, count]) => `${property} ${count}`).join(', '),
    ...(firstFailing === undefined ? {} : { reproduce: reproduceLine(reproduce, firstFailing.seed) }),
    ok: engine === 'none' ? figures.violations === 0 : caught,
  };
}

/** The table `cowsim selftest` prints; failing crash rows are followed by their reproduce line. */
export function selftestTable(rows: SelftestRow[]): string {
  const header = ['phase', 'engine', 'expected', 'verdict', 'failures', 'dual writes', 'copies', 'result'];
  const numeric = new Set([4, 5, 6]);
  const body = rows.map((row) => [
    row.phase,
    `${row.engine === 'none' ? 'real engine' : row.engine}${row.setting ? ` (${row.setting})` : ''}`,
    row.expected,
    row.verdict,
    String(row.mismatches),
    String(row.dualWrites),
    String(row.cowCopies),
    resultText(row),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  const lines = [line(header), widths.map((width) => '-'.repeat(width)).join('  ')];
  rows.forEach((row, index) => {
    lines.push(line(body[index]!));
    if (row.phase === 'crash' && row.reproduce !== undefined && (row.engine === 'none' || !row.ok)) lines.push(`      reproduce: ${row.reproduce}`);
  });
  return lines.join('\n');
}

function resultText(row: SelftestRow): string {
  const by = row.properties ? ` (${row.properties})` : '';
  if (row.engine === 'none') return row.ok ? `ok: passes${by}` : `FAILED${by}`;
  return row.ok ? `ok: caught${by}` : `NOT CAUGHT${by}`;
}

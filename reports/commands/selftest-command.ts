/**
 * `cowsim selftest`: runs the self-test scenario once with the real engine and once per engine
 * mutant. The checker must pass the real engine and catch (verdict fail) every mutant; otherwise
 * the oracle could not be trusted and the command exits 1.
 */
import { type EngineMutant, engineMutants } from '../../engine/mutants.js';
import { scenarioFromObject } from '../../workloads/scenario/load.js';
import { selftestScenario } from '../../workloads/scenario/selftest-scenario.js';
import { runScenario } from '../../workloads/run.js';

export interface SelftestRow {
  engine: EngineMutant;
  breaks: string;
  expected: 'pass' | 'fail';
  verdict: string;
  mismatches: number;
  dualWrites: number;
  cowCopies: number;
  ok: boolean;
}

/** Runs every variant; `onRow` reports each as it finishes. */
export async function selftest(onRow?: (row: SelftestRow) => void): Promise<{ rows: SelftestRow[]; ok: boolean }> {
  const scenario = scenarioFromObject(selftestScenario, '(embedded self-test scenario)');
  const variants: { engine: EngineMutant; breaks: string }[] = [{ engine: 'none', breaks: 'nothing: the real engine' }, ...engineMutants.map((mutant) => ({ engine: mutant.name, breaks: mutant.breaks }))];
  const rows: SelftestRow[] = [];
  for (const variant of variants) {
    const result = await runScenario(scenario, { mutant: variant.engine });
    const expected = variant.engine === 'none' ? 'pass' : 'fail';
    const row: SelftestRow = {
      ...variant,
      expected,
      verdict: result.correctness.verdict,
      mismatches: result.correctness.mismatches,
      dualWrites: result.cow.dualWrites,
      cowCopies: result.cow.copies,
      ok: result.correctness.verdict === expected,
    };
    rows.push(row);
    onRow?.(row);
  }
  return { rows, ok: rows.every((row) => row.ok) };
}

/** The table `cowsim selftest` prints. */
export function selftestTable(rows: SelftestRow[]): string {
  const header = ['engine', 'expected', 'verdict', 'mismatches', 'dual writes', 'copies', 'result'];
  const body = rows.map((row) => [
    row.engine === 'none' ? 'real engine' : row.engine,
    row.expected,
    row.verdict,
    String(row.mismatches),
    String(row.dualWrites),
    String(row.cowCopies),
    row.ok ? (row.engine === 'none' ? 'ok: passes' : 'ok: caught') : row.engine === 'none' ? 'FAILED' : 'NOT CAUGHT',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column >= 3 && column <= 5 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...body.map(line)].join('\n');
}

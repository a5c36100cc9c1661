#!/usr/bin/env node
/**
 * `npm run bench`: runs every wall-clock benchmark, prints a table and writes
 * cowsim-out/bench.json. Run node with --expose-gc so the lookup table's heap figure is steady.
 * The end-to-end figures (reports/bench/end-to-end.ts) run dist/bin/cowsim.js in child processes,
 * so build first (npm run bench does).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchLookupTable, benchMemoryEngine } from '../reports/bench/engine.js';
import { benchEngineSim } from '../reports/bench/engine-sim.js';
import { benchEndToEnd } from '../reports/bench/end-to-end.js';
import { benchFloors } from '../reports/bench/floors.js';
import { benchMemory } from '../reports/bench/memory.js';
import { benchKernel, benchSimDevice } from '../reports/bench/sim.js';

interface Goal {
  readonly value: number;
  /** Whether the figure must be at least (higher is better) or at most the goal. */
  readonly direction: 'at least' | 'at most';
}

/** Goals the issues set; figures without one are printed for the record. */
const goals: Record<string, Goal> = {
  lookupTableBytesPerEntry: { value: 16, direction: 'at most' },
  engineSimIosPerSec: { value: 500_000, direction: 'at least' },
  // Issue 12, end to end: whole `cowsim run` commands in child processes, in CPU seconds (user +
  // system) because the machine is shared; wall figures are printed beside them for the record.
  startupCpuSeconds: { value: 0.4, direction: 'at most' },
  defaultScenarioCpuSeconds: { value: 1.5, direction: 'at most' },
  nullScenarioIosPerCpuSecond: { value: 400_000, direction: 'at least' },
  mm1VsSimpy: { value: 5, direction: 'at least' },
  // A 1 TiB volume touching 52 M blocks with a snapshot active (reports/bench/memory.ts).
  memory1TiBMaxRssGiB: { value: 4, direction: 'at most' },
};

const OUT_DIR = 'cowsim-out';

function format(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(2);
}

function printTable(figures: Record<string, number>): void {
  const rows = Object.entries(figures).map(([name, value]) => {
    const goal = goals[name];
    const met = goal === undefined ? '' : (goal.direction === 'at least' ? value >= goal.value : value <= goal.value) ? 'met' : 'NOT MET';
    return [name, format(value), goal === undefined ? '' : `${goal.direction === 'at least' ? '>=' : '<='} ${format(goal.value)}`, met];
  });
  const header = ['figure', 'value', 'goal', ''];
  const widths = header.map((title, column) => rows.reduce((width, row) => Math.max(width, row[column]!.length), title.length));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 1 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(row));
}

async function main(): Promise<void> {
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') {
    console.warn('bench: run node with --expose-gc for a steady lookup-table memory figure (npm run bench does)');
  }
  const figures: Record<string, number> = {};
  const step = async <T extends object>(name: string, bench: () => Promise<T> | T): Promise<void> => {
    process.stderr.write(`bench: ${name} ... `);
    const started = performance.now();
    Object.assign(figures, await bench());
    process.stderr.write(`${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  };
  // The simulator and engine benches run first, on a small heap; the 100 M entry table last.
  await step('kernel', () => benchKernel());
  await step('SimDevice', () => benchSimDevice());
  await step('engine on SimDevices', () => benchEngineSim());
  await step('engine on MemoryDevices', () => benchMemoryEngine());
  // Child processes: `cowsim run` end to end (start-up, default, null and nvme scenarios; M/M/1 against SimPy).
  await step('end to end (cowsim run in child processes)', () => benchEndToEnd());
  // The same I/Os without the harness (reports/bench/floors.ts): how far the goals above can go.
  await step('floors (the end-to-end scenarios straight into the engine, in child processes)', () => benchFloors());
  if (figures.mm1SimpyCpuSeconds !== undefined && figures.mm1FloorCpuSeconds !== undefined) {
    figures.mm1VsSimpyCeiling = figures.mm1SimpyCpuSeconds / figures.mm1FloorCpuSeconds;
  }
  await step('memory: 1 TiB volume, 52 M blocks written with a snapshot active (minutes)', () => benchMemory());
  await step('lookup table, 100 M entries', () => benchLookupTable());
  printTable(figures);
  mkdirSync(OUT_DIR, { recursive: true });
  const file = path.join(OUT_DIR, 'bench.json');
  writeFileSync(file, `${JSON.stringify({ ...figures, nodeVersion: process.version, date: new Date().toISOString() }, null, 2)}\n`);
  console.log(`\nwrote ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

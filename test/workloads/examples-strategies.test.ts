/**
 * Every snapshot strategy passes the oracle on every example scenario (design.md section 8): the
 * designs the method competes with are checked exactly as the method is (examples.test.ts runs
 * the method).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StrategyName } from '../../engine/snapshot-strategy.js';
import { runScenario } from '../../workloads/run.js';
import { loadScenarioFile } from '../../workloads/scenario/load.js';
import { withoutSnapshots, withStrategy } from '../../workloads/scenario/snapshots-off.js';
import { liveThroughputMBps } from '../../reports/compare/arms.js';
import { buildSummary } from '../../reports/run/summary.js';
import type { RunResult } from '../../workloads/run-result.js';

const files = readdirSync('examples').filter((name) => name.endsWith('.yaml'));
const strategies: StrategyName[] = ['quiesce', 'redirect-on-write'];
/** The default scenario's run with each strategy, for the README's table. */
const defaults = new Map<string, RunResult>();

describe.each(strategies)('the %s strategy', (strategy) => {
  it.each(files)(`runs %s and passes verification`, async (file) => {
    const result = await runScenario(withStrategy(await loadScenarioFile(`examples/${file}`), strategy));
    if (file === 'default.yaml') defaults.set(strategy, result);
    expect(result.correctness.details).toEqual([]);
    expect(result.correctness.verdict).toBe('pass');
    expect(result.strategy.name).toBe(strategy);
    // Quiesce drains before every snapshot: the dual-write row never arises.
    if (strategy === 'quiesce') expect(result.cow.dualWrites).toBe(0);
  });
});

describe("the README's table of the default scenario (section Snapshot strategies)", () => {
  it('gives IOPS, live MB/s, write p99 and the throughput change of each arm as the README quotes them', async () => {
    const scenario = await loadScenarioFile('examples/default.yaml');
    defaults.set('no snapshots', await runScenario(withoutSnapshots(scenario)));
    defaults.set('method', await runScenario(scenario));
    const baseline = liveThroughputMBps(defaults.get('no snapshots')!);
    const row = (arm: string) => {
      const result = defaults.get(arm)!;
      const summary = buildSummary(result);
      const live = liveThroughputMBps(result);
      return [Math.round(summary.iops), Math.round(live * 100) / 100, Math.round(summary.latency.write.p99! / 1000), Math.round((live / baseline - 1) * 1000) / 10];
    };
    expect(['no snapshots', 'method', 'quiesce', 'redirect-on-write'].map(row)).toEqual([
      [1039, 8.42, 138, 0],
      [715, 5.56, 160, -33.9],
      [469, 3.64, 297, -56.8],
      [790, 6.26, 257, -25.7],
    ]);
    // `run --baseline` on the default: "write p99 +22 ms, read p99 +24.5 ms" (README).
    const [method, off] = [buildSummary(defaults.get('method')!), buildSummary(defaults.get('no snapshots')!)];
    expect([Math.round((method.latency.write.p99! - off.latency.write.p99!) / 1000), Math.round((method.latency.read.p99! - off.latency.read.p99!) / 100) / 10]).toEqual([22, 24.5]);
    // Quiesce held writes for up to 248 ms at a command (from the command to the snapshot taken).
    expect(Math.round(defaults.get('quiesce')!.strategy.figures.holdNsMax! / 1e6)).toBe(248);
  });
});

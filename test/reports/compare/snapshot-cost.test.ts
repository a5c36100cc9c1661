/**
 * docs/snapshot-cost.md: the experiment after Leach 2010 (first writes, rewrites, reads of a
 * snapshotted volume, and a read of data redirect-on-write moved). Every figure the document
 * quotes is asserted here, so the document stays true.
 */
import { describe, expect, it } from 'vitest';
import { buildCompareFile, compareArms, runComparison } from '../../../reports/compare/index.js';
import { loadScenarioFile } from '../../../workloads/scenario/load.js';

const DIR = 'docs/experiments/lvm-snapshot-cost';

/** Per arm, the named workload's mean latency (ms, 2 decimals) and how much slower than the baseline (%, 1 decimal). */
async function experiment(file: string, workload: string): Promise<Record<string, { meanMs: number; slowerPercent: number }>> {
  const scenario = await loadScenarioFile(`${DIR}/${file}`);
  const runs = await runComparison({ arms: compareArms(scenario, ['method', 'quiesce', 'redirect-on-write']), seeds: [scenario.seed], stallWindowNs: 1e9 });
  const compared = buildCompareFile(runs, { source: file, seed: scenario.seed, wallSeconds: 0 });
  const meanUs = (arm: (typeof compared.arms)[number]): number => {
    const figures = arm.workloads.find((candidate) => candidate.name === workload)!;
    return (figures.latency.write ?? figures.latency.read)!.mean!;
  };
  const baseline = meanUs(compared.arms[0]!);
  for (const arm of compared.arms) expect(arm.verdict, arm.name).toBe('pass');
  return Object.fromEntries(
    compared.arms.map((arm) => [arm.name, { meanMs: Math.round(meanUs(arm) / 10) / 100, slowerPercent: Math.round((1 - baseline / meanUs(arm)) * 1000) / 10 }]),
  );
}

describe('docs/snapshot-cost.md', () => {
  it('first writes after the snapshot: 97.9 % slower with the method and quiesce, 2.2 % with redirect-on-write', async () => {
    expect(await experiment('first-write.yaml', 'dd')).toEqual({
      'no snapshots': { meanMs: 0.31, slowerPercent: 0 },
      method: { meanMs: 14.71, slowerPercent: 97.9 },
      quiesce: { meanMs: 14.71, slowerPercent: 97.9 },
      'redirect-on-write': { meanMs: 0.32, slowerPercent: 2.2 },
    });
  });

  it('rewrites of chunks already copied: 21.3 % slower with the method and quiesce, 42.0 % with redirect-on-write', async () => {
    expect(await experiment('rewrite.yaml', 'rewrite')).toEqual({
      'no snapshots': { meanMs: 0.3, slowerPercent: 0 },
      method: { meanMs: 0.38, slowerPercent: 21.3 },
      quiesce: { meanMs: 0.38, slowerPercent: 21.3 },
      'redirect-on-write': { meanMs: 0.52, slowerPercent: 42 },
    });
  });

  it('reads: no slower with any strategy', async () => {
    expect(await experiment('read.yaml', 'dd')).toEqual({
      'no snapshots': { meanMs: 0.3, slowerPercent: 0 },
      method: { meanMs: 0.3, slowerPercent: 0 },
      quiesce: { meanMs: 0.3, slowerPercent: 0 },
      'redirect-on-write': { meanMs: 0.3, slowerPercent: 0 },
    });
  });

  it('a sequential read of data random writes moved: 93.6 % slower with redirect-on-write, no slower with the others', async () => {
    expect(await experiment('fragmented-read.yaml', 'scan')).toEqual({
      'no snapshots': { meanMs: 0.31, slowerPercent: 0 },
      method: { meanMs: 0.31, slowerPercent: 0 },
      quiesce: { meanMs: 0.31, slowerPercent: 0 },
      'redirect-on-write': { meanMs: 4.8, slowerPercent: 93.6 },
    });
  });
});

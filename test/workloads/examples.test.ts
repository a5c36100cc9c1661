/** Every example scenario in examples/ runs and passes verification; some figures they exist to show. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../workloads/scenario/load.js';
import { runScenario } from '../../workloads/run.js';
import type { RunResult } from '../../workloads/run-result.js';
import { buildSummary } from '../../reports/run/summary.js';

const files = readdirSync('examples').filter((name) => name.endsWith('.yaml'));
const results = new Map<string, RunResult>();

describe('example scenarios', () => {
  it('are all here', () => {
    expect(files).toEqual(['default.yaml', 'faults.yaml', 'oltp-nvme-locks.yaml', 'open-loop-fixed.yaml', 'store-full.yaml', 'trace-replay.yaml', 'vm-image-ssd.yaml']);
  });

  it.each(files)('%s runs and passes verification', async (file) => {
    const result = await runScenario(await loadScenarioFile(`examples/${file}`));
    results.set(file, result);
    expect(result.correctness.verdict).toBe('pass');
    expect(result.ios.total).toBeGreaterThan(0);
  });

  it('open-loop-fixed: M/M/1 at utilisation 0.5 has a mean response near 1 / (mu - lambda) = 200 us', () => {
    const { latency } = results.get('open-loop-fixed.yaml')!;
    expect(Math.abs(latency.read.mean - 200) / 200).toBeLessThan(0.05);
  });

  it('store-full: the snapshot is invalid with its reason, the live volume stays correct', () => {
    const result = results.get('store-full.yaml')!;
    expect(result.snapshots[0]).toMatchObject({ state: 'invalid', valid: false, reason: expect.stringMatching(/^snapshot store full/) });
    // The reader read the snapshot until it became invalid, then waited for a valid one.
    expect(result.workloads.find((workload) => workload.name === 'reader')!.ios).toBeGreaterThan(0);
    expect(result.correctness.checkedBlocks).toBe(result.scenario.volume.blockCount); // only the live view is left to check
  });

  it('trace-replay: every record of the trace is replayed', () => {
    expect(results.get('trace-replay.yaml')!.ios.total).toBe(4000);
  });

  it('vm-image-ssd: retention keeps 3 snapshots and deletes the rest', () => {
    const { snapshots } = results.get('vm-image-ssd.yaml')!;
    expect(snapshots.filter((snapshot) => snapshot.state !== 'deleted')).toHaveLength(3);
    expect(snapshots.filter((snapshot) => snapshot.state === 'deleted').length).toBeGreaterThan(0);
  });

  it('oltp-nvme-locks: a fresh run reproduces the CI baseline of docs/gates.md exactly (examples/ci/baseline-summary.json)', () => {
    const fresh = { ...buildSummary(results.get('oltp-nvme-locks.yaml')!), wallSeconds: 0 };
    const baseline = JSON.parse(readFileSync('examples/ci/baseline-summary.json', 'utf8')) as Record<string, unknown>;
    expect(JSON.parse(JSON.stringify(fresh))).toEqual({ ...baseline, wallSeconds: 0 });
  });
});


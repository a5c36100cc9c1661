/**
 * `cowsim plan --knob jobs` on a profile with several parts (oltp: data and log) varies one part's
 * jobs, says so, and its run at the scenario's own load is the scenario as written (before, jobs
 * set on the profile entry set every part's, the log writers' too).
 */
import { describe, expect, it } from 'vitest';
import { buildSummary } from '../../../reports/run/summary.js';
import { runPlan } from '../../../reports/plan/plan.js';
import { parseSlo } from '../../../reports/plan/slo.js';
import { scenarioFromObject } from '../../../workloads/scenario/load.js';
import { runScenario } from '../../../workloads/run.js';
import type { RawScenario } from '../../../workloads/scenario/schema.js';

const scenario: RawScenario = {
  name: 'oltp-parts',
  seed: 5,
  duration: '200ms',
  volume: { size: '256MiB', blockSize: '4KiB', chunkSize: '64KiB' },
  devices: { origin: { preset: 'nvme-pcie4', params: { capacityBytes: '1GiB' } }, snapshotStore: { preset: 'nvme-pcie4', size: '128MiB', params: { capacityBytes: '1GiB' } } },
  workloads: [{ name: 'oltp', profile: 'oltp', jobs: 2 }],
  snapshots: { at: ['50ms'] },
};

describe('plan --knob jobs on a profile with several parts', () => {
  it('varies the first part only, says so, and reproduces the scenario as written at its own load', async () => {
    const asWritten = buildSummary(await runScenario(scenarioFromObject(scenario, 'oltp-parts')));
    const plan = await runPlan({ raw: scenario, source: 'oltp-parts', slos: [parseSlo('latency.write.p99<=10s'), parseSlo('ios.total<=100000000')], workload: 'oltp', knob: 'jobs', max: 3, tolerance: 0.05 });
    expect(plan.workload).toBe('oltp.data');
    expect(plan.scenarioLoad).toBe(2);
    expect(plan.notes.join('\n')).toContain('--knob jobs varies the jobs of oltp.data only; oltp.log keeps its 2 jobs');
    const own = plan.runs.find((run) => run.load === 2)!;
    expect(own.figures['ios.total<=100000000']).toBe(asWritten.ios.total);
    expect(own.figures['latency.write.p99<=10s']).toBe(asWritten.latency.write.p99);
    const larger = plan.runs.find((run) => run.load === 3)!;
    expect(larger.figures['ios.total<=100000000']).toBeGreaterThan(asWritten.ios.total);
  });
});

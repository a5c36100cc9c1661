/**
 * The smoke crash campaign of `npm test` (issue 8's budget): at least 200 seeds and 5,000 crash
 * states of the embedded crash scenario against the real engine, every property S1-S5 checked,
 * no violation. `npm run soak` runs the long campaign through the CLI.
 */
import { describe, expect, it } from 'vitest';
import { campaignSeeds, runCampaign } from '../../../workloads/crash/crash-campaign.js';
import { DEFAULT_DELETE_WINDOW, DEFAULT_FAULT_EVERY, DEFAULT_POINTS, DEFAULT_STATES_PER_CUT, defaultFlushIntervalNs } from '../../../workloads/crash/crash-defaults.js';
import { crashScenario } from '../../../workloads/crash/crash-scenario.js';
import type { ExploreOptions } from '../../../workloads/crash/crash-explorer.js';
import { scenarioFromObject } from '../../../workloads/scenario/load.js';
import type { Scenario } from '../../../workloads/scenario/resolve.js';
import { describeFailure } from '../../../reports/crash/text-summary.js';

const SEEDS = 200;

/** The campaign's defaults, as `cowsim crash` uses them, with the real engine. */
function options(scenario: Scenario): ExploreOptions {
  return {
    points: DEFAULT_POINTS,
    deleteWindow: DEFAULT_DELETE_WINDOW,
    statesPerCut: DEFAULT_STATES_PER_CUT,
    faultEvery: DEFAULT_FAULT_EVERY,
    flushIntervalNs: defaultFlushIntervalNs(scenario),
    mutant: 'none',
    maxFailures: 5,
    reproduce: {},
  };
}

describe('the smoke crash campaign', () => {
  it(`explores ${SEEDS} seeds and at least 5,000 crash states of the crash scenario with no violation`, async () => {
    const scenario = scenarioFromObject(crashScenario, '(embedded crash scenario)');
    const campaign = await runCampaign(scenario, campaignSeeds(scenario.seed, SEEDS), options(scenario));
    const { figures } = campaign;
    expect(figures.seeds).toBe(SEEDS);
    expect(figures.crashStatesTested).toBeGreaterThanOrEqual(5000);
    // The campaign cut through every durable path: copies, dual writes, full images, deletes, faults.
    expect(figures.cowCopies).toBeGreaterThan(SEEDS);
    expect(figures.dualWrites).toBeGreaterThan(0);
    expect(figures.storeFullSnapshots).toBeGreaterThan(0);
    expect(figures.snapshotsDeleted).toBeGreaterThan(SEEDS);
    expect(figures.faultsInjected).toBeGreaterThan(1000);
    expect(figures.faultsDetected).toBeGreaterThan(0);
    expect(campaign.failures.slice(0, 10).map(describeFailure).join('\n')).toBe('');
    expect(figures.violations).toBe(0);
  });

  it('explores 40 seeds of the crash scenario with the quiesce strategy with no violation: its snapshots survive crashes too', async () => {
    const base = scenarioFromObject(crashScenario, '(embedded crash scenario)');
    const scenario = { ...base, engine: { ...base.engine, strategy: 'quiesce' as const } };
    const campaign = await runCampaign(scenario, campaignSeeds(scenario.seed, 40), options(scenario));
    const { figures } = campaign;
    expect(figures.crashStatesTested).toBeGreaterThanOrEqual(1000);
    expect(figures.cowCopies).toBeGreaterThan(0);
    // Quiesce drains before each snapshot: the dual-write row never arises.
    expect(figures.dualWrites).toBe(0);
    expect(campaign.failures.slice(0, 10).map(describeFailure).join('\n')).toBe('');
    expect(figures.violations).toBe(0);
  });
});

/**
 * Progress bars say what they are doing: a run's bar names its phase (simulating, final check,
 * writing reports) and moves through the final check; a sweep's bar gives no time left before a
 * run has ended, nor do crash's and compare's before a seed or a run has, and they name their
 * phase. The bars show only on a terminal, so these test what drives them.
 */
import { describe, expect, it } from 'vitest';
import { CampaignProgress, campaignProgressFormat } from '../../reports/campaign-progress.js';
import { phaseText, RunProgress, runProgressFormat, type ProgressBarLike } from '../../reports/run/run-progress.js';
import { timedRun } from '../../reports/run/timed-run.js';
import { buildSummary } from '../../reports/run/summary.js';
import { formatRemaining, SWEEP_PROGRESS_FORMAT, sweepEtaText } from '../../reports/sweep/sweep-progress.js';
import { loadScenarioFile } from '../../workloads/scenario/load.js';
import { temporaryDirectory, tinyScenario, writeScenarioFile } from './sweep/fixtures.js';

/** A bar that records what it is told: `phase value` per draw. */
function recordingBar(): ProgressBarLike & { draws: string[]; stopped: number } {
  const bar = {
    draws: [] as string[],
    stopped: 0,
    start: (_total: number, value: number, payload?: object) => void bar.draws.push(`${(payload as { phase: string }).phase} ${value}`),
    update: (value: number, payload?: object) => void bar.draws.push(`${(payload as { phase: string }).phase} ${value}`),
    stop: () => void (bar.stopped += 1),
  };
  return bar;
}

describe("a run's progress bar", () => {
  it('names the phase and its share done', () => {
    expect(runProgressFormat('default')).toBe('default [{bar}] {phase} | {duration_formatted}');
    expect(phaseText('simulating', 0.456)).toBe('simulating 45%');
    expect(phaseText('final check', 1)).toBe('final check 100%');
    expect(phaseText('writing reports', 0)).toBe('writing reports');
  });

  it('fills the bar again for each phase, and stops once', () => {
    const bar = recordingBar();
    const progress = new RunProgress(bar);
    progress.update(0.5);
    progress.phase('final check');
    progress.update(0.25);
    progress.phase('writing reports');
    progress.stop();
    progress.stop();
    expect(bar.draws).toEqual(['simulating 0% 0', 'simulating 50% 50', 'final check 0% 0', 'final check 25% 25', 'writing reports 100']);
    expect(bar.stopped).toBe(1);
  });

  it('moves through the final check to 100 %, leaves the bar to the caller, and changes no figure', async () => {
    const scenario = await loadScenarioFile(writeScenarioFile(temporaryDirectory(), tinyScenario));
    const bar = recordingBar();
    const result = await timedRun(scenario, { progress: new RunProgress(bar) });
    const checks = bar.draws.filter((draw) => draw.startsWith('final check'));
    const phases = bar.draws.map((draw) => draw.split(/ \d/)[0]);
    // Simulating, then the final check: never back.
    expect(phases.indexOf('final check')).toBeGreaterThan(phases.lastIndexOf('simulating'));
    expect(checks[0]).toBe('final check 0% 0');
    expect(checks.at(-1)).toBe('final check 100% 100');
    expect(bar.stopped).toBe(0);
    const plain = await timedRun(scenario);
    const { wallSeconds: _a, ...withBar } = buildSummary(result);
    const { wallSeconds: _b, ...without } = buildSummary(plain);
    expect(withBar).toEqual(without);
  });
});

describe("a sweep's progress bar", () => {
  it('gives no time left before the first run ends, then the rate of the runs done so far', () => {
    expect(SWEEP_PROGRESS_FORMAT).toContain('{timeLeft}');
    // {eta} and {eta_formatted} are cli-progress's own, which read 0 before any run ends.
    expect(SWEEP_PROGRESS_FORMAT).not.toMatch(/{eta(_formatted)?}/);
    expect(sweepEtaText(0, 12, 30)).toBe('eta after the first run');
    expect(sweepEtaText(3, 12, 30)).toBe('eta 1m30s');
    expect(sweepEtaText(0, 5, 1, 'seed')).toBe('eta after the first seed');
    expect(sweepEtaText(12, 12, 120)).toBe('eta 0s');
    expect(formatRemaining(4.2)).toBe('5s');
    expect(formatRemaining(7500)).toBe('2h05m');
  });
});

describe("crash's and compare's progress bars", () => {
  /** A bar that records each draw's payload and value. */
  function payloadBar(): ProgressBarLike & { draws: { value: number; phase: string; done: number; count: number; timeLeft: string }[]; stopped: number } {
    const bar = {
      draws: [] as { value: number; phase: string; done: number; count: number; timeLeft: string }[],
      stopped: 0,
      start: (_total: number, value: number, payload?: object) => void bar.draws.push({ value, ...(payload as { phase: string; done: number; count: number; timeLeft: string }) }),
      update: (value: number, payload?: object) => void bar.draws.push({ value, ...(payload as { phase: string; done: number; count: number; timeLeft: string }) }),
      stop: () => void (bar.stopped += 1),
    };
    return bar;
  }

  it("name their phase and their units, and leave cli-progress's {eta} and {total} out", () => {
    expect(campaignProgressFormat('crash', 'seeds')).toBe('crash [{bar}] {phase} | {done}/{count} seeds | {duration_formatted} | {timeLeft}');
    expect(campaignProgressFormat('compare', 'runs')).not.toMatch(/{eta(_formatted)?}|{total}|{value}/);
  });

  it('give no time left before the first unit ends, however far the running one is, then the rate of the units done', () => {
    let nowMs = 0;
    const bar = payloadBar();
    const progress = new CampaignProgress(bar, 4, 'run', 'running no snapshots, seed 42', () => nowMs);
    nowMs = 30_000;
    progress.update(0, 0.9, 'running no snapshots, seed 42');
    nowMs = 40_000;
    progress.update(1, 0, 'running method, seed 42');
    progress.phase('writing reports');
    progress.stop();
    progress.stop();
    expect(bar.draws.map((draw) => draw.timeLeft)).toEqual(['eta after the first run', 'eta after the first run', 'eta 2m00s', 'eta 2m00s']);
    // The bar moves within a run (hundredths of a run), and says what runs.
    expect(bar.draws.map((draw) => draw.value)).toEqual([0, 90, 100, 100]);
    expect(bar.draws.map((draw) => `${draw.phase} ${draw.done}/${draw.count}`)).toEqual([
      'running no snapshots, seed 42 0/4',
      'running no snapshots, seed 42 0/4',
      'running method, seed 42 1/4',
      'writing reports 1/4',
    ]);
    expect(bar.stopped).toBe(1);
  });

  it('count seeds for crash: the estimate waits for a seed, and reads 0s only once every seed has ended', () => {
    let nowMs = 0;
    const bar = payloadBar();
    const progress = new CampaignProgress(bar, 3, 'seed', 'exploring crash states', () => nowMs);
    nowMs = 5_000;
    progress.update(1);
    nowMs = 10_000;
    progress.update(3, 0.5);
    expect(bar.draws.map((draw) => draw.timeLeft)).toEqual(['eta after the first seed', 'eta 10s', 'eta 0s']);
    expect(bar.draws.at(-1)!.value).toBe(300);
  });
});

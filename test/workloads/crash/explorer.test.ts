/**
 * The crash explorer can fail: each crash mutant is caught by a crash-ordering property (S1-S4)
 * and its reproduce line replays the failure; a lost flushed write, garbage, an image left out at
 * a flush point and a silent wrong snapshot read after a fault are each flagged; the lock probe
 * names a lock left held; a seed explores the same way twice.
 */
import { describe, expect, it } from 'vitest';
import { engineMutants, type EngineMutant } from '../../../engine/mutants.js';
import { campaignSeeds, runCampaign } from '../../../workloads/crash/crash-campaign.js';
import { DEFAULT_DELETE_WINDOW, DEFAULT_POINTS, DEFAULT_STATES_PER_CUT, defaultFlushIntervalNs } from '../../../workloads/crash/crash-defaults.js';
import { exploreSeed, type ExploreOptions } from '../../../workloads/crash/crash-explorer.js';
import { crashScenario } from '../../../workloads/crash/crash-scenario.js';
import { buildCrashState, statePolicy } from '../../../workloads/crash/crash-state.js';
import { checkInjectedFault } from '../../../workloads/crash/fault-check.js';
import { validImages } from '../../../workloads/crash/image-faults.js';
import { probeLocks, recordRun } from '../../../workloads/crash/recorded-run.js';
import { imageBlocksOf } from '../../../workloads/crash/reopen.js';
import { checkCrashState, CutViews } from '../../../workloads/crash/state-check.js';
import { ImageLayout } from '../../../engine/snapshot-image-format.js';
import { scenarioFromObject } from '../../../workloads/scenario/load.js';

const scenario = scenarioFromObject(crashScenario, '(embedded crash scenario)');
const flushIntervalNs = defaultFlushIntervalNs(scenario);

function options(mutant: EngineMutant, more: Partial<ExploreOptions> = {}): ExploreOptions {
  return {
    points: DEFAULT_POINTS,
    deleteWindow: DEFAULT_DELETE_WINDOW,
    statesPerCut: DEFAULT_STATES_PER_CUT,
    faultEvery: 0,
    flushIntervalNs,
    mutant,
    maxFailures: 20,
    reproduce: mutant === 'none' ? {} : { mutant },
    ...more,
  };
}

const crashMutants = ['no-copy-flush', 'entry-not-durable', 'late-delete-mark'] as const;

describe('the crash explorer against the crash mutants', () => {
  it('knows every crash mutant the engine offers', () => {
    expect(engineMutants.filter((mutant) => mutant.phase === 'crash').map((mutant) => mutant.name).sort()).toEqual([...crashMutants].sort());
  });

  it.each(crashMutants)('catches %s with a crash-ordering violation in 24 seeds, and replays it from its reproduce line', async (mutant) => {
    const campaign = await runCampaign(scenario, campaignSeeds(scenario.seed, 24), options(mutant));
    const { figures } = campaign;
    expect(figures.lostAckedWrites + figures.snapshotDivergences + figures.tornBlocks + figures.reopenFailures).toBeGreaterThan(0);
    const failure = campaign.failures.find((candidate) => ['S1', 'S2', 'S3', 'S4'].includes(candidate.property))!;
    expect(failure.reproduce).toBe(`npx cowsim crash --mutant ${mutant} --seed ${failure.seed} --cut ${failure.cut} --state ${failure.state}`);
    const replay = await exploreSeed(scenario, failure.seed, options(mutant, { only: { cut: failure.cut!, state: failure.state! }, maxFailures: 10_000 }));
    expect(replay.figures.crashStatesTested).toBe(1);
    expect(replay.failures).toContainEqual(failure);
  });
});

describe('the checks of one crash state', () => {
  it('pass a clean state, and flag a lost flushed write (S1), garbage (S3) and an image left out at a flush point (S4)', async () => {
    const run = await recordRun(scenario, { seed: 3, flushIntervalNs });
    const { log } = run.recorder;
    const cut = log.flushPoints().at(-1)!;
    const views = new CutViews(run, cut);
    const fresh = () => buildCrashState(log, cut, statePolicy(0));
    expect((await checkCrashState(run, views, fresh(), true)).findings).toEqual([]);

    // A block of the live view whose last write was acknowledged and flushed, with nothing later.
    const block = [...run.recorder.history.writtenBlocks()].find((candidate) => views.live.of(candidate).length === 1 && views.live.of(candidate)[0]! > 0)!;
    const floor = views.live.of(block)[0]!;
    const lost = fresh();
    lost.devices[run.originDevice]!.writeNow(block, new Uint8Array(scenario.volume.payloadBytes));
    const s1 = await checkCrashState(run, views, lost, true);
    expect(s1.findings).toContainEqual({ property: 'S1', view: 'live', block, accepted: [floor], found: 'initial content' });

    const garbage = fresh();
    garbage.devices[run.originDevice]!.writeNow(block, new Uint8Array(scenario.volume.payloadBytes).fill(0x5a));
    const s3 = await checkCrashState(run, views, garbage, true);
    expect(s3.findings).toContainEqual(expect.objectContaining({ property: 'S3', view: 'live', block, accepted: [floor] }));

    // Both header copies of image 0 overwritten: the image is neither blank nor readable.
    const damaged = fresh();
    const layout = new ImageLayout(scenario.volume.payloadBytes, scenario.volume.chunkBlocks * scenario.volume.payloadBytes, imageBlocksOf(scenario));
    const headerBlocks = layout.headerChunks * layout.chunkBlocks;
    damaged.devices[run.storeDevice]!.writeNow(0, new Uint8Array(headerBlocks * scenario.volume.payloadBytes).fill(0xff));
    const s4 = await checkCrashState(run, views, damaged, true);
    expect(s4.findings).toContainEqual(expect.objectContaining({ property: 'S4', view: 'snapshot image 0' }));
    // Away from a flush point, or in a torn state, an image may be left out: the snapshot is lost, not wrong.
    expect((await checkCrashState(run, views, damaged, false)).findings.filter((finding) => finding.property === 'S4')).toEqual([]);
  });

  it('judge an injected fault: detected when the image is refused, a violation (S5) when a wrong value reads back silently', async () => {
    // A seed whose last flush point has a valid snapshot image to damage.
    const run = await recordRun(scenario, { seed: 3, flushIntervalNs });
    const { log } = run.recorder;
    const cut = log.flushPoints().at(-1)!;
    const views = new CutViews(run, cut);
    const state = buildCrashState(log, cut, statePolicy(0));
    const origin = state.devices[run.originDevice]!;
    const store = state.devices[run.storeDevice]!;
    const [target] = await validImages(origin, store, scenario);
    expect(target).toBeDefined();
    const fault = { image: target!.image, snapshotId: target!.snapshotId, region: 'header' as const, block: 0, fromByte: 0, toByte: 1, kind: 'zero' as const, description: 'test' };

    // Wrong data where the snapshot reads the origin: zeroed origin blocks read back without an error.
    const zeroedOrigin = buildCrashState(log, cut, statePolicy(0)).devices;
    zeroedOrigin[run.originDevice]!.writeNow(0, new Uint8Array(scenario.volume.blockCount * scenario.volume.payloadBytes));
    const silent = await checkInjectedFault(run, views, zeroedOrigin[run.originDevice]!, zeroedOrigin[run.storeDevice]!, fault);
    expect(silent.detected).toBe(false);
    expect(silent.findings.length).toBeGreaterThan(0);
    expect(silent.findings.every((finding) => finding.property === 'S5' && finding.view === `snapshot ${target!.snapshotId}`)).toBe(true);

    // The image's header copies destroyed: the image is left out, which is a clear report.
    const refused = buildCrashState(log, cut, statePolicy(0)).devices;
    const imageStart = target!.image * imageBlocksOf(scenario);
    refused[run.storeDevice]!.writeNow(imageStart, new Uint8Array(16 * scenario.volume.payloadBytes).fill(0xff));
    const detected = await checkInjectedFault(run, views, refused[run.originDevice]!, refused[run.storeDevice]!, fault);
    expect(detected).toEqual({ detected: true, blocksChecked: 0, findings: [] });
  });
});

describe('the lock probe after the drain', () => {
  const shape = { volume: { ...scenario.volume, blockCount: 16, chunkBlocks: 4 } };

  /** A kernel stand-in: spawned bodies run at once; run() waits for what can finish. */
  function stubKernel() {
    const running: Promise<unknown>[] = [];
    return {
      spawn: (_name: string, body: () => Promise<unknown>) => void running.push(body()),
      run: async () => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        return { reason: 'quiescent' as const, nowNs: 0, events: 0 };
      },
      running,
    };
  }

  it('finds every lock free on a volume whose writes complete', async () => {
    const kernel = stubKernel();
    const volume = { readLive: async () => new Uint8Array(32), write: async () => undefined };
    expect(await probeLocks({ kernel: kernel as never, volume }, [], shape)).toBeUndefined();
  });

  it('names the chunk whose lock never comes', async () => {
    const kernel = stubKernel();
    const volume = { readLive: async () => new Uint8Array(32), write: (block: number) => (block === 8 ? new Promise<void>(() => {}) : Promise.resolve()) };
    expect(await probeLocks({ kernel: kernel as never, volume }, [], shape)).toMatch(/lock of chunk 2 \(and 0 more\) was never granted/);
  });
});

describe('a seed', () => {
  it('explores the same way twice', async () => {
    const first = await exploreSeed(scenario, 5, options('none', { faultEvery: 4 }));
    const second = await exploreSeed(scenario, 5, options('none', { faultEvery: 4 }));
    expect(second).toEqual(first);
    expect(first.figures.crashStatesTested).toBeGreaterThan(50);
    expect(first.figures.faultsInjected).toBeGreaterThan(0);
  });
});

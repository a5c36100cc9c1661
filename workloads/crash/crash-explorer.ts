/**
 * The crash explorer for one seed: runs the scenario recorded (recorded-run.ts), chooses cuts of
 * its operation log (every boundary when there are at most K + 1, else K sampled ones plus every
 * flush point and the boundaries right after each delete command), builds several crash states
 * per cut (crash-state.ts), reopens and checks each (state-check.ts), and into some clean states
 * injects image corruption (S5). Every random choice comes from streams named by seed, cut and
 * state, so one state replays alone (`only`).
 */
import { InputError } from '../../engine/errors.js';
import type { EngineMutant } from '../../engine/mutants.js';
import { ProcessFailedError } from '../../sim/kernel.js';
import { RandomStreams, type RandomStream } from '../../sim/random.js';
import type { Scenario } from '../scenario/resolve.js';
import { type CrashFailure, type CrashFigures, counterOf, emptyFigures } from './crash-figures.js';
import { buildCrashState, describePolicy, statePolicy } from './crash-state.js';
import { checkInjectedFault } from './fault-check.js';
import { injectImageFault } from './image-faults.js';
import { CrashLogFullError, type OperationLog } from './operation-log.js';
import { recordRun, type RecordedRun } from './recorded-run.js';
import { copyDevice } from './reopen.js';
import { type ReproduceSpec, reproduceLine } from './reproduce.js';
import { checkCrashState, CutViews, describeError, type StateFinding } from './state-check.js';

export interface ExploreOptions {
  /** K: cuts sampled per seed when the log has more boundaries. */
  points: number;
  /** Cuts tested after each delete command: a snapshot stays protected until its deleted mark is durable. */
  deleteWindow: number;
  /** Crash states built per cut: 0 keeps no unflushed write, 1 every completed one, the rest are random. */
  statesPerCut: number;
  /** Inject image corruption into one clean state in this many, on average (0: never). */
  faultEvery: number;
  flushIntervalNs: number;
  mutant?: EngineMutant;
  /** Replays one cut (and one state of it) of this seed only. */
  only?: { cut: number; state?: number };
  /** Failures kept in detail per seed (all are counted). */
  maxFailures: number;
  /** What the reproduce lines name besides seed, cut and state. */
  reproduce: ReproduceSpec;
}

export interface SeedExploration {
  seed: number;
  /** Boundaries in the seed's operation log. */
  boundaries: number;
  figures: CrashFigures;
  failures: CrashFailure[];
}

/**
 * Chooses the cuts to test: all of 0..boundaries when few, else `points` sampled, every flush
 * point, and `alwaysCuts` (the boundaries right after delete commands).
 */
export function chooseCuts(log: OperationLog, points: number, random: RandomStream, alwaysCuts: readonly number[] = []): number[] {
  const last = log.boundaries;
  if (last + 1 <= points) return Array.from({ length: last + 1 }, (_, cut) => cut);
  const cuts = new Set(log.flushPoints());
  for (const cut of alwaysCuts) if (cut <= last) cuts.add(cut);
  const sampled = new Set<number>();
  while (sampled.size < points) sampled.add(random.integer(0, last));
  for (const cut of sampled) cuts.add(cut);
  return [...cuts].sort((a, b) => a - b);
}

/** Explores the crash states of one seed. */
export async function exploreSeed(scenario: Scenario, seed: number, options: ExploreOptions): Promise<SeedExploration> {
  const exploration: SeedExploration = { seed, boundaries: 0, figures: emptyFigures(), failures: [] };
  const { figures } = exploration;
  figures.seeds = 1;
  const record: Recorder = (failure, unclear = false) => {
    figures[counterOf(failure.property, unclear)]++;
    figures.violations++;
    if (exploration.failures.length < options.maxFailures) {
      exploration.failures.push({ seed, ...failure, reproduce: reproduceLine(options.reproduce, seed, failure.cut, failure.state) });
    }
  };

  let run: RecordedRun;
  try {
    run = await recordRun(scenario, { seed, flushIntervalNs: options.flushIntervalNs, ...(options.mutant === undefined ? {} : { mutant: options.mutant }) });
  } catch (error) {
    // A scenario too large to log is the user's to fix: it ends the command.
    const cause = error instanceof ProcessFailedError ? error.cause : error;
    if (cause instanceof CrashLogFullError) throw cause;
    record({ property: 'liveness', found: `the run did not complete: ${describeError(error)}` });
    return exploration;
  }
  const { log } = run.recorder;
  exploration.boundaries = log.boundaries;
  countExercised(figures, run);
  if (run.result.correctness.verdict === 'fail') {
    const first = run.result.correctness.details[0];
    record({ property: 'run', found: `${run.result.correctness.mismatches} mismatches in the run itself${first ? `; first: ${first.view} block ${first.block}: expected ${first.expected}, found ${first.found}` : ''}` });
  }
  if (run.liveness !== undefined) record({ property: 'liveness', found: run.liveness });

  const streams = new RandomStreams(seed);
  let cuts: number[];
  if (options.only !== undefined) {
    if (options.only.cut > log.boundaries) throw new InputError('command line', '--cut', `a cut from 0 to ${log.boundaries} (the boundaries of seed ${seed}'s log)`, String(options.only.cut));
    cuts = [options.only.cut];
  } else {
    cuts = chooseCuts(log, options.points, streams.fresh('crash cuts'), deleteWindows(run, options.deleteWindow));
  }
  const states = options.only?.state !== undefined ? [options.only.state] : Array.from({ length: options.statesPerCut }, (_, state) => state);
  for (const cut of cuts) {
    const views = new CutViews(run, cut);
    figures.crashPointsTested++;
    if (log.isFlushPoint(cut)) figures.flushPointsTested++;
    for (const state of states) await exploreState(run, views, state, streams, options, figures, record);
  }
  return exploration;
}

type Recorder = (failure: Omit<CrashFailure, 'seed' | 'reproduce'>, unclear?: boolean) => void;

/** Builds, reopens and checks one crash state; injects a fault into some clean ones (S5). */
async function exploreState(run: RecordedRun, views: CutViews, stateNumber: number, streams: RandomStreams, options: ExploreOptions, figures: CrashFigures, record: Recorder): Promise<void> {
  const { log } = run.recorder;
  const { cut } = views;
  const policy = statePolicy(stateNumber);
  const state = buildCrashState(log, cut, policy, streams.fresh(`crash state ${cut}.${stateNumber}`));
  const faults = streams.fresh(`crash fault ${cut}.${stateNumber}`);
  const inject = options.faultEvery > 0 && faults.chance(1 / options.faultEvery);
  // Reopening may write (recovery), so the fault goes into a copy of the state as the crash left it.
  const pristine = inject ? state.devices.map(copyDevice) : undefined;
  figures.crashStatesTested++;
  const where = { cut, cutDescription: log.describeCut(cut), state: stateNumber, policy: describePolicy(policy) };
  // S4: at a flush point, an untorn state must bring back every image that is not blank.
  const check = await checkCrashState(run, views, state, log.isFlushPoint(cut) && state.figures.torn === 0);
  figures.blocksChecked += check.blocksChecked;
  figures.indeterminateBlocks += check.indeterminateBlocks;
  for (const finding of check.findings) record({ ...where, ...findingFields(finding) });
  // Corruption goes into clean states only, so S5 judges the engine's reaction to it alone.
  if (pristine === undefined || check.findings.length > 0) return;
  const origin = pristine[run.originDevice]!;
  const store = pristine[run.storeDevice]!;
  const fault = await injectImageFault(origin, store, run.scenario, faults);
  if (fault === undefined) return;
  figures.faultsInjected++;
  const verdict = await checkInjectedFault(run, views, origin, store, fault);
  figures.blocksChecked += verdict.blocksChecked;
  if (verdict.detected) figures.faultsDetected++;
  for (const finding of verdict.findings) record({ ...where, ...findingFields(finding), fault: fault.description }, finding.unclear === true);
}

/** What the run exercised: the paths its crash states cut through. */
function countExercised(figures: CrashFigures, run: RecordedRun): void {
  const { cow, snapshots } = run.result;
  figures.cowCopies += cow.copies;
  figures.dualWrites += cow.dualWrites;
  figures.snapshotsTaken += snapshots.length;
  figures.storeFullSnapshots += snapshots.filter((snapshot) => snapshot.reason.startsWith('snapshot store full')).length;
  figures.snapshotsDeleted += snapshots.filter((snapshot) => snapshot.state === 'deleted').length;
}

/** The cuts in the first `window` boundaries after each delete command. */
function deleteWindows(run: RecordedRun, window: number): number[] {
  const cuts: number[] = [];
  for (const snapshot of run.recorder.history.snapshots.values()) {
    if (snapshot.deletedAt >= 0) for (let offset = 0; offset < window; offset++) cuts.push(snapshot.deletedAt + offset);
  }
  return cuts;
}

function findingFields(finding: StateFinding): Pick<CrashFailure, 'property' | 'view' | 'block' | 'accepted' | 'found'> {
  return {
    property: finding.property,
    ...(finding.view === undefined ? {} : { view: finding.view }),
    ...(finding.block === undefined ? {} : { block: finding.block }),
    ...(finding.accepted === undefined ? {} : { accepted: finding.accepted }),
    found: finding.found,
  };
}

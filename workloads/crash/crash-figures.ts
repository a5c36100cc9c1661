/**
 * What a crash campaign counts and keeps: the figures of crash.json and the failures with the
 * command that reproduces each. Properties are those of design.md section 7, plus liveness (the
 * run drains and its locks are free) and the run's own verification.
 */

export type CrashProperty = 'S1' | 'S2' | 'S3' | 'S4' | 'S5' | 'liveness' | 'run';

export const crashPropertyMeaning: Record<CrashProperty, string> = {
  S1: 'an acknowledged and flushed write is missing from the live view',
  S2: 'a snapshot that reopened valid does not hold its snapshot view',
  S3: 'a block holds a torn mixture or garbage',
  S4: 'the volume does not reopen (or, at a flush point, leaves out a snapshot image)',
  S5: 'injected metadata corruption read back silently as wrong data, or failed without a clear error',
  liveness: 'the run did not drain, or left a chunk lock held',
  run: 'the run itself failed verification (no crash needed)',
};

export interface CrashFigures {
  seeds: number;
  /** Distinct cuts checked, over all seeds. */
  crashPointsTested: number;
  /** Of those, flush points (S4). */
  flushPointsTested: number;
  crashStatesTested: number;
  /** Blocks compared, over all views of all states. */
  blocksChecked: number;
  /** S1: live blocks holding a value older than the last acknowledged and flushed write. */
  lostAckedWrites: number;
  /** S2: blocks of valid snapshots holding a value outside their accepted set (or unreadable). */
  snapshotDivergences: number;
  /** S3: blocks holding a torn mixture or garbage. */
  tornBlocks: number;
  /** S4: reopen failures. */
  reopenFailures: number;
  /** S5: blocks read back wrong, without an error, after injected corruption. */
  silentCorruptions: number;
  /** S5: injected corruption that failed with an error that is not a CowsimError. */
  unclearErrors: number;
  /** Blocks with more than one accepted value (the crash may keep either). */
  indeterminateBlocks: number;
  faultsInjected: number;
  /** Injected faults the engine reported: an error at open or read, an image left out, an invalid snapshot. */
  faultsDetected: number;
  livenessFailures: number;
  runFailures: number;
  /** Every violation above, summed. */
  violations: number;
  /** What the runs exercised, summed over seeds: the paths the crash states cut through. */
  cowCopies: number;
  dualWrites: number;
  snapshotsTaken: number;
  /** Snapshots that turned invalid because their image was full. */
  storeFullSnapshots: number;
  snapshotsDeleted: number;
}

export function emptyFigures(): CrashFigures {
  return {
    seeds: 0,
    crashPointsTested: 0,
    flushPointsTested: 0,
    crashStatesTested: 0,
    blocksChecked: 0,
    lostAckedWrites: 0,
    snapshotDivergences: 0,
    tornBlocks: 0,
    reopenFailures: 0,
    silentCorruptions: 0,
    unclearErrors: 0,
    indeterminateBlocks: 0,
    faultsInjected: 0,
    faultsDetected: 0,
    livenessFailures: 0,
    runFailures: 0,
    violations: 0,
    cowCopies: 0,
    dualWrites: 0,
    snapshotsTaken: 0,
    storeFullSnapshots: 0,
    snapshotsDeleted: 0,
  };
}

/** Adds `more` into `into`. */
export function addFigures(into: CrashFigures, more: CrashFigures): void {
  for (const key of Object.keys(into) as (keyof CrashFigures)[]) into[key] += more[key];
}

/** The counter a violation of `property` adds to (S5 has two). */
export function counterOf(property: CrashProperty, unclear = false): keyof CrashFigures {
  switch (property) {
    case 'S1':
      return 'lostAckedWrites';
    case 'S2':
      return 'snapshotDivergences';
    case 'S3':
      return 'tornBlocks';
    case 'S4':
      return 'reopenFailures';
    case 'S5':
      return unclear ? 'unclearErrors' : 'silentCorruptions';
    case 'liveness':
      return 'livenessFailures';
    case 'run':
      return 'runFailures';
  }
}

/** One violation, with everything needed to find it again. */
export interface CrashFailure {
  seed: number;
  property: CrashProperty;
  /** The cut (log boundaries before the crash) and what happened just before it. */
  cut?: number;
  cutDescription?: string;
  /** The crash state's number at the cut and its policy. */
  state?: number;
  policy?: string;
  /** 'live' or 'snapshot N'. */
  view?: string;
  block?: number;
  /** Accepted write ids, floor first (0: the initial content). */
  accepted?: number[];
  /** What the block held, or the error. */
  found?: string;
  /** The corruption injected first (S5). */
  fault?: string;
  reproduce: string;
}

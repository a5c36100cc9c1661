/**
 * Checks one crash state: reopen (S4), the live view (S1, S3) and every snapshot that reopens
 * valid (S2, S3), block by block against the accepted values at the state's cut.
 */
import { CowsimError } from '../../engine/errors.js';
import type { Volume } from '../../engine/volume.js';
import { AcceptedView } from './accepted-values.js';
import type { CrashProperty } from './crash-figures.js';
import type { CrashState } from './crash-state.js';
import type { RecordedRun } from './recorded-run.js';
import { reopenVolume } from './reopen.js';
import { checkViewBytes } from './view-check.js';

/** A violation found in one state, before the explorer adds seed, cut and reproduce line. */
export interface StateFinding {
  property: CrashProperty;
  view?: string;
  block?: number;
  accepted?: number[];
  found: string;
  /** S5 with an error that is not a CowsimError. */
  unclear?: boolean;
}

export interface StateCheck {
  blocksChecked: number;
  indeterminateBlocks: number;
  findings: StateFinding[];
}

/** The accepted values at one cut, shared by the states built there. */
export class CutViews {
  readonly live: AcceptedView;
  private readonly snapshots = new Map<number, AcceptedView>();
  private readonly flushedOrder: number;

  constructor(
    private readonly run: RecordedRun,
    readonly cut: number,
  ) {
    this.flushedOrder = run.recorder.history.flushedBefore(cut);
    this.live = new AcceptedView(run.recorder.history, cut, this.flushedOrder);
  }

  /** The accepted values of snapshot `id`'s view, or undefined for an id no preserve command made. */
  snapshot(id: number): AcceptedView | undefined {
    let view = this.snapshots.get(id);
    if (view === undefined) {
      const recorded = this.run.recorder.history.snapshots.get(id);
      if (recorded === undefined) return undefined;
      view = new AcceptedView(this.run.recorder.history, this.cut, this.flushedOrder, recorded.nextWriteId);
      this.snapshots.set(id, view);
    }
    return view;
  }
}

/** Reopens the state and checks every view; `strictImages` also requires every non-blank image to open (S4 at flush points). */
export async function checkCrashState(run: RecordedRun, views: CutViews, state: CrashState, strictImages: boolean): Promise<StateCheck> {
  const check: StateCheck = { blocksChecked: 0, indeterminateBlocks: 0, findings: [] };
  const { payloadBytes, blockCount } = run.scenario.volume;
  let volume: Volume;
  try {
    volume = await reopenVolume(state.devices[run.originDevice]!, state.devices[run.storeDevice]!, run.scenario);
  } catch (error) {
    check.findings.push({ property: 'S4', found: `reopen failed: ${describeError(error)}` });
    return check;
  }
  if (strictImages) {
    for (const image of volume.unopenedImages) {
      if (!image.blank) check.findings.push({ property: 'S4', view: image.name, found: `image left out at a flush point: ${image.reason}` });
    }
  }
  const absorb = (result: { blocksChecked: number; indeterminateBlocks: number; findings: StateFinding[] }): void => {
    check.blocksChecked += result.blocksChecked;
    check.indeterminateBlocks += result.indeterminateBlocks;
    check.findings.push(...result.findings);
  };

  try {
    absorb(checkViewBytes('live', await volume.readLive(0, blockCount), 0, payloadBytes, views.live, { wrongValue: 'S1', garbage: 'S3' }));
  } catch (error) {
    check.findings.push({ property: 'S1', view: 'live', found: `live read failed: ${describeError(error)}` });
  }
  for (const info of volume.snapshots()) {
    if (info.state !== 'valid') continue;
    const view = `snapshot ${info.id}`;
    const accepted = views.snapshot(info.id);
    if (accepted === undefined) {
      check.findings.push({ property: 'S2', view, found: `snapshot ${info.id} reopened valid, but no preserve command of the run made it` });
      continue;
    }
    try {
      absorb(checkViewBytes(view, await volume.readSnapshot(info.id, 0, blockCount), 0, payloadBytes, accepted, { wrongValue: 'S2', garbage: 'S3' }));
    } catch (error) {
      // A snapshot that reopens valid must read back: a crash alone is no reason to fail.
      check.findings.push({ property: 'S2', view, found: `snapshot reopened valid but its read failed: ${describeError(error)}` });
    }
  }
  return check;
}

/** An error as a report shows it: class name and message. */
export function describeError(error: unknown): string {
  if (error instanceof CowsimError) return `${error.name}: ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * The progress bar of a command that runs many units of work (crash's seeds, compare's runs): it
 * names its phase, counts the units done, and gives the time left from the rate of the units done
 * so far, as a sweep's bar does. cli-progress's own {eta} reads "0s" before any unit has ended,
 * which says the opposite of the truth; this bar waits for the first.
 */
import { createProgressBar, type ProgressBarLike } from './progress-bar.js';
import { sweepEtaText } from './sweep/sweep-progress.js';

/** The bar's format: the command, the bar, the phase, units done of all, time spent and time left. */
export function campaignProgressFormat(command: string, units: string): string {
  // {count}, not {total}: cli-progress fills {total} itself, with the bar's hundredths of a unit.
  return `${command} [{bar}] {phase} | {done}/{count} ${units} | {duration_formatted} | {timeLeft}`;
}

/** Units of work as a bar: whole units, and the share done of the running one where it is known. */
export class CampaignProgress {
  private done = 0;
  private fraction = 0;
  private stopped = false;
  private readonly startedMs: number;

  /** Starts `bar` at 0 of `total` units (each called `item`: "seed", "run") in `phase`. */
  constructor(
    private readonly bar: ProgressBarLike,
    private readonly total: number,
    private readonly item: string,
    private currentPhase: string,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.startedMs = nowMs();
    // The bar counts hundredths of a unit, so a long unit moves it before it ends.
    bar.start(total * 100, 0, this.payload());
  }

  /** `done` units ended, `fraction` (0 to 1) of the next one done; `phase` names what runs now. */
  update(done: number, fraction = 0, phase?: string): void {
    this.done = done;
    this.fraction = done >= this.total ? 0 : Math.min(1, Math.max(0, fraction));
    if (phase !== undefined) this.currentPhase = phase;
    this.bar.update(Math.round((this.done + this.fraction) * 100), this.payload());
  }

  /** Moves to `phase` (writing the reports), the units as they are. */
  phase(phase: string): void {
    this.update(this.done, this.fraction, phase);
  }

  /** Takes the bar off the terminal; later calls do nothing. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.bar.stop();
  }

  private payload(): { phase: string; done: number; count: number; timeLeft: string } {
    const elapsedSeconds = (this.nowMs() - this.startedMs) / 1000;
    return { phase: this.currentPhase, done: this.done, count: this.total, timeLeft: sweepEtaText(this.done, this.total, elapsedSeconds, this.item) };
  }
}

/** A started campaign bar on stderr: `command` names it, `item` its unit ("seed": "12/50 seeds"). */
export async function startCampaignProgress(command: string, total: number, item: string, phase: string): Promise<CampaignProgress> {
  return new CampaignProgress(await createProgressBar(campaignProgressFormat(command, `${item}s`)), total, item, phase);
}

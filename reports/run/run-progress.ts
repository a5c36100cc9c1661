/**
 * The progress bar of one run, which names its phase: the simulation, the final check (outside
 * simulated time, often most of the wall time: without its own phase the bar would stand still
 * near the end of the simulation), and writing the reports.
 */
import { createProgressBar, type ProgressBarLike } from '../progress-bar.js';

export type { ProgressBarLike } from '../progress-bar.js';

export type RunPhase = 'simulating' | 'final check' | 'writing reports';

/** The bar's format: the label, the bar of the current phase, the phase and its share done. */
export function runProgressFormat(label: string): string {
  return `${label} [{bar}] {phase} | {duration_formatted}`;
}

/** The phase as the bar shows it: `simulating 45%`; writing the reports has no share to give. */
export function phaseText(phase: RunPhase, fraction: number): string {
  if (phase === 'writing reports') return phase;
  return `${phase} ${Math.floor(Math.min(1, Math.max(0, fraction)) * 100)}%`;
}

/** A run's bar: each phase fills it from empty (writing the reports leaves it full). */
export class RunProgress {
  private current: RunPhase = 'simulating';
  private stopped = false;

  constructor(private readonly bar: ProgressBarLike) {
    bar.start(100, 0, { phase: phaseText('simulating', 0) });
  }

  /** Moves to `phase`, from the start of the bar. */
  phase(phase: RunPhase): void {
    this.current = phase;
    this.bar.update(phase === 'writing reports' ? 100 : 0, { phase: phaseText(phase, 0) });
  }

  /** The share of the current phase done, 0 to 1. */
  update(fraction: number): void {
    this.bar.update(Math.floor(Math.min(1, Math.max(0, fraction)) * 100), { phase: phaseText(this.current, fraction) });
  }

  /** Takes the bar off the terminal; later calls do nothing. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.bar.stop();
  }
}

/** A started bar on stderr for the run named `label`. */
export async function startRunProgress(label: string): Promise<RunProgress> {
  return new RunProgress(await createProgressBar(runProgressFormat(label)));
}

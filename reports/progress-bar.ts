/**
 * The terminal progress bar of a long command (run, sweep, compare, crash). cli-progress is loaded
 * only when a bar is shown: under --quiet, in CI, off a terminal and in worker threads it is not.
 */
import type { SingleBar } from 'cli-progress';

/** What cowsim's bars need of a cli-progress bar (a test passes its own). */
export interface ProgressBarLike {
  start(total: number, value: number, payload?: object): void;
  update(value: number, payload?: object): void;
  stop(): void;
}

/** Whether a progress bar belongs on this terminal. */
export function wantProgress(quiet: boolean | undefined): boolean {
  return !quiet && process.stderr.isTTY === true && !process.env.CI;
}

/** A bar on stderr in cowsim's look; `format` is cli-progress's format string. Not started. */
export async function createProgressBar(format: string): Promise<SingleBar> {
  const { default: cliProgress } = await import('cli-progress');
  return new cliProgress.SingleBar({ format, stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
}

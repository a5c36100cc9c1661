/** Shared state of one run that every workload process consults. */
export class RunControl {
  /** Set when the run has reached its duration or I/O count: no new I/O may start. */
  stopped = false;
  failure: unknown = undefined;

  /** Records the first failure; the kernel's stop predicate ends the run on it. */
  readonly fail = (error: unknown): void => {
    this.failure ??= error;
    this.stopped = true;
  };
}

/**
 * The engine's intake: the stage between receipt of a write (when it gets its receive sequence
 * number) and its chunk lock. In a real controller it is command queues, cache destage and
 * multipathing, so a write received earlier can reach its chunk after a later one (design.md 1).
 */
export interface ReceivedWrite {
  /** Receive sequence number, shared with preserve commands. */
  readonly sequence: number;
  readonly block: number;
  readonly blockCount: number;
}

export interface Intake {
  /** Resolves when the write may proceed to its chunk lock; may return undefined to pass at once. */
  admit(write: ReceivedWrite): Promise<void> | undefined;
}

/** The intake of MemoryDevice runs: every write passes at once, in receive order. */
export const immediateIntake: Intake = {
  admit: () => undefined,
};

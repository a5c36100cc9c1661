/** The direction of one traced I/O. */
export type TraceOperation = 'read' | 'write';

/** One I/O of a trace, normalized across formats. */
export interface TraceRecord {
  /** Integer nanoseconds from the first record yielded (after scaling by the speed factor); never decreases. */
  atNs: number;
  operation: TraceOperation;
  offsetBytes: number;
  sizeBytes: number;
  /** 1-based line of the trace file the record comes from. */
  line: number;
  /**
   * Set when the format carries no issue times (fio iolog version 2): atNs is then only a
   * not-before time derived from `wait` actions (0 without them), and replay should issue the
   * records closed-loop, in order, as fast as its queue depth allows.
   */
  untimed?: true;
  /**
   * The response time the trace recorded for this I/O, in integer nanoseconds, when the format
   * carries one (MSR Cambridge's ResponseTime column); `cowsim validate` compares against it.
   */
  recordedNs?: number;
}

/**
 * Reads one line of a trace in a given format: the record it holds, or undefined for a line that
 * holds none (a header, a blank line, a skipped event). Throws an InputError on a malformed line.
 * Parsers keep state across calls (the header seen, the first timestamp), so one per pass.
 */
export type LineParser = (text: string, line: number) => TraceRecord | undefined;

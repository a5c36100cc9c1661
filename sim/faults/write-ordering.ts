/**
 * A misdirected write lands on blocks its caller never locked, so it may meet a write the caller
 * did issue to those blocks. Two writes to one block in flight at once have no defined order, and
 * the strict SimDevice rightly calls that a bug; a real drive orders them internally. This gate
 * does the same, for misdirected writes only: one waits for the writes in flight on its blocks,
 * and a caller's write waits for a misdirected one in flight on its blocks. Two of the caller's
 * own writes are never held apart, so the inner device still sees (and a strict one flags) a
 * caller that breaks the discipline.
 */
export class WriteOrdering {
  /** Block -> settles when the last write admitted on it has finished. */
  private readonly inFlight = new Map<number, Promise<void>>();
  /** Block -> settles when the misdirected write in flight on it has finished. */
  private readonly misdirected = new Map<number, Promise<void>>();
  /** Writes that had to wait for an overlapping one. */
  waited = 0;

  /** Runs `body`, a write to [block, block + count), in order with the misdirected writes it overlaps. */
  async run<T>(block: number, count: number, isMisdirected: boolean, body: () => Promise<T>): Promise<T> {
    const earlier = new Set<Promise<void>>();
    const waitFor = isMisdirected ? this.inFlight : this.misdirected;
    for (let index = 0; index < count; index++) {
      const pending = waitFor.get(block + index);
      if (pending !== undefined) earlier.add(pending);
    }
    let finished!: () => void;
    const mine = new Promise<void>((resolve) => (finished = resolve));
    for (let index = 0; index < count; index++) {
      this.inFlight.set(block + index, mine);
      if (isMisdirected) this.misdirected.set(block + index, mine);
    }
    try {
      if (earlier.size > 0) {
        this.waited++;
        await Promise.all(earlier);
      }
      return await body();
    } finally {
      for (let index = 0; index < count; index++) {
        if (this.inFlight.get(block + index) === mine) this.inFlight.delete(block + index);
        if (this.misdirected.get(block + index) === mine) this.misdirected.delete(block + index);
      }
      finished();
    }
  }
}

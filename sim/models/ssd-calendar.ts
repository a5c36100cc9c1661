/**
 * The timeline of one resource (a flash die, a channel, the host link): busy intervals, sorted
 * and disjoint. A reservation takes the earliest gap that fits at or after a given time. Unlike a
 * single busy-until time, a gap left before a reservation made far in the future (a read waiting
 * behind garbage collection on one die) can still be used by later work on the same resource.
 */
export class ResourceCalendar {
  private starts: number[] = [];
  private ends: number[] = [];
  /** Intervals before this index have ended and are ignored. */
  private head = 0;
  /** Total reserved time, for utilization figures. */
  busyNs = 0;

  /** Reserves durationNs at the earliest free time >= earliestNs; returns the start. */
  reserve(nowNs: number, earliestNs: number, durationNs: number): number {
    this.prune(nowNs);
    if (durationNs <= 0) return earliestNs;
    this.busyNs += durationNs;
    const { starts, ends } = this;
    let i = this.firstEndingAfter(earliestNs);
    let candidate = earliestNs;
    while (i < starts.length && candidate + durationNs > starts[i]!) {
      if (ends[i]! > candidate) candidate = ends[i]!;
      i++;
    }
    const end = candidate + durationNs;
    const joinsPrevious = i > this.head && ends[i - 1] === candidate;
    const joinsNext = i < starts.length && starts[i] === end;
    if (joinsPrevious && joinsNext) {
      ends[i - 1] = ends[i]!;
      starts.splice(i, 1);
      ends.splice(i, 1);
    } else if (joinsPrevious) {
      ends[i - 1] = end;
    } else if (joinsNext) {
      starts[i] = candidate;
    } else {
      starts.splice(i, 0, candidate);
      ends.splice(i, 0, end);
    }
    return candidate;
  }

  /** End of the last reservation (or 0). */
  lastEndNs(): number {
    return this.ends.length > this.head ? this.ends[this.ends.length - 1]! : 0;
  }

  private firstEndingAfter(t: number): number {
    let low = this.head;
    let high = this.ends.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.ends[middle]! > t) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  private prune(nowNs: number): void {
    const { ends } = this;
    while (this.head < ends.length && ends[this.head]! <= nowNs) this.head++;
    if (this.head > 256 && this.head * 2 > ends.length) {
      this.starts.splice(0, this.head);
      this.ends.splice(0, this.head);
      this.head = 0;
    }
  }
}

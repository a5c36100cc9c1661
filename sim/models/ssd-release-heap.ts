/** Buffer space freed when a flash page program ends. */
export class ReleaseHeap {
  private readonly times: number[] = [];
  private readonly counts: number[] = [];

  get size(): number {
    return this.times.length;
  }

  peekNs(): number {
    return this.times[0]!;
  }

  push(atNs: number, count: number): void {
    const { times, counts } = this;
    let i = times.length;
    times.push(atNs);
    counts.push(count);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (times[parent]! <= times[i]!) break;
      [times[i], times[parent]] = [times[parent]!, times[i]!];
      [counts[i], counts[parent]] = [counts[parent]!, counts[i]!];
      i = parent;
    }
  }

  /** Removes the earliest release; returns its count (its time was peekNs()). */
  pop(): number {
    const { times, counts } = this;
    const count = counts[0]!;
    const lastTime = times.pop()!;
    const lastCount = counts.pop()!;
    if (times.length > 0) {
      times[0] = lastTime;
      counts[0] = lastCount;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < times.length && times[left]! < times[smallest]!) smallest = left;
        if (right < times.length && times[right]! < times[smallest]!) smallest = right;
        if (smallest === i) break;
        [times[i], times[smallest]] = [times[smallest]!, times[i]!];
        [counts[i], counts[smallest]] = [counts[smallest]!, counts[i]!];
        i = smallest;
      }
    }
    return count;
  }
}


import type { DiskRequest } from '../disk-model.js';

/** Requests held by a drive, ordered by completion time, then by request id (a binary heap). */
export class CompletionQueue {
  private readonly times: number[] = [];
  private readonly requests: DiskRequest[] = [];

  get size(): number {
    return this.times.length;
  }

  push(atNs: number, request: DiskRequest): void {
    const { times, requests } = this;
    let i = times.length;
    times.push(atNs);
    requests.push(request);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  peekNs(): number | undefined {
    return this.times[0];
  }

  pop(): DiskRequest {
    const { times, requests } = this;
    const top = requests[0];
    if (top === undefined) throw new Error('CompletionQueue.pop on an empty queue');
    const lastTime = times.pop()!;
    const lastRequest = requests.pop()!;
    if (times.length > 0) {
      times[0] = lastTime;
      requests[0] = lastRequest;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < times.length && this.before(left, smallest)) smallest = left;
        if (right < times.length && this.before(right, smallest)) smallest = right;
        if (smallest === i) break;
        this.swap(i, smallest);
        i = smallest;
      }
    }
    return top;
  }

  private before(a: number, b: number): boolean {
    const ta = this.times[a]!;
    const tb = this.times[b]!;
    return ta < tb || (ta === tb && this.requests[a]!.id < this.requests[b]!.id);
  }

  private swap(a: number, b: number): void {
    const { times, requests } = this;
    [times[a], times[b]] = [times[b]!, times[a]!];
    [requests[a], requests[b]] = [requests[b]!, requests[a]!];
  }
}

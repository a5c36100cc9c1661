/**
 * The kernel's future event list: a binary min-heap keyed (atNs, priority, id), so events at
 * equal times run in a fixed order (SimPy's rule). Cancelled events are dropped lazily when they
 * reach the top, which keeps cancel O(1).
 */

/** One scheduled event. A handle the caller may keep to cancel it. */
export class KernelEvent {
  /** A synchronous callback, or undefined once the event has run or been cancelled. */
  callback: (() => void) | undefined;
  /** When true the callback resolves a promise, so async code may resume (the kernel drains). */
  wakesAsync: boolean;
  constructor(
    readonly atNs: number,
    readonly priority: number,
    readonly id: number,
    callback: () => void,
    wakesAsync: boolean,
  ) {
    this.callback = callback;
    this.wakesAsync = wakesAsync;
  }
  /** True until the event runs or is cancelled. */
  get pending(): boolean {
    return this.callback !== undefined;
  }
}

function before(a: KernelEvent, b: KernelEvent): boolean {
  if (a.atNs !== b.atNs) return a.atNs < b.atNs;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.id < b.id;
}

/** A binary min-heap of KernelEvents; the hot loop of the simulator, so kept allocation-free. */
export class EventQueue {
  private readonly heap: KernelEvent[] = [];
  /** Events in the heap that have not been cancelled. */
  private live = 0;

  /** Number of pending (not cancelled) events. */
  get size(): number {
    return this.live;
  }

  /** Adds an event; O(log n). */
  push(event: KernelEvent): void {
    const heap = this.heap;
    let index = heap.length;
    heap.push(event);
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex]!;
      if (!before(event, parent)) break;
      heap[index] = parent;
      index = parentIndex;
    }
    heap[index] = event;
    this.live++;
  }

  /** The earliest pending event, without removing it (cancelled ones are discarded on the way). */
  peek(): KernelEvent | undefined {
    const heap = this.heap;
    while (heap.length > 0) {
      const top = heap[0]!;
      if (top.callback !== undefined) return top;
      this.removeTop();
    }
    return undefined;
  }

  /** Removes and returns the earliest pending event. */
  pop(): KernelEvent | undefined {
    const top = this.peek();
    if (top !== undefined) {
      this.removeTop();
      this.live--;
    }
    return top;
  }

  /** Removes the event peek() just returned; saves pop() a second look at the top. */
  removePeeked(): void {
    this.removeTop();
    this.live--;
  }

  /** Marks an event cancelled; returns false if it had already run or been cancelled. */
  cancel(event: KernelEvent): boolean {
    if (event.callback === undefined) return false;
    event.callback = undefined;
    this.live--;
    return true;
  }

  private removeTop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    const length = heap.length;
    if (length === 0) return;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      let childEvent = heap[left]!;
      if (right < length) {
        const rightEvent = heap[right]!;
        if (before(rightEvent, childEvent)) {
          child = right;
          childEvent = rightEvent;
        }
      }
      if (!before(childEvent, last)) break;
      heap[index] = childEvent;
      index = child;
    }
    heap[index] = last;
  }
}

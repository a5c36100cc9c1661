/**
 * A FIFO queue on a growable circular buffer: O(1) push and shift without Array.shift's copying,
 * for host queues, model queues and the intake, which sit on the simulator's hot path.
 */
export class RingQueue<T> {
  private items: (T | undefined)[];
  private head = 0;
  private count = 0;

  constructor(initialCapacity = 16) {
    let capacity = 1;
    while (capacity < initialCapacity) capacity *= 2;
    this.items = new Array<T | undefined>(capacity).fill(undefined);
  }

  /** Items waiting. */
  get length(): number {
    return this.count;
  }

  /** Appends at the back, doubling the buffer when full. */
  push(item: T): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & (this.items.length - 1)] = item;
    this.count++;
  }

  /** The oldest item, without removing it. */
  peek(): T | undefined {
    return this.count === 0 ? undefined : this.items[this.head];
  }

  /** Removes and returns the oldest item. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.count--;
    return item;
  }

  /** The item `index` places behind the oldest (0 is the oldest). */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.count) return undefined;
    return this.items[(this.head + index) & (this.items.length - 1)];
  }

  private grow(): void {
    const old = this.items;
    const items = new Array<T | undefined>(old.length * 2).fill(undefined);
    for (let index = 0; index < this.count; index++) items[index] = old[(this.head + index) & (old.length - 1)];
    this.items = items;
    this.head = 0;
  }
}

/**
 * Queued requests kept sorted by (offsetBytes, id), the order an elevator sweeps in. A sorted
 * array with binary search: host queues hold hundreds to a few thousand requests, where splice's
 * memmove beats any tree.
 */
export interface OffsetKeyed {
  readonly offsetBytes: number;
  readonly id: number;
}

export class SortedRequests<T extends OffsetKeyed> {
  private readonly items: T[] = [];

  /** Requests queued. */
  get length(): number {
    return this.items.length;
  }

  /** Adds a request at its place in (offset, id) order; equal offsets keep arrival order. */
  insert(item: T): void {
    const index = this.placeOf(item);
    if (index === this.items.length) this.items.push(item);
    else this.items.splice(index, 0, item);
  }

  /** C-LOOK: removes the first item at or after offsetBytes, wrapping to the lowest offset. */
  takeFrom(offsetBytes: number): T | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    let low = 0;
    let high = items.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (items[middle]!.offsetBytes < offsetBytes) low = middle + 1;
      else high = middle;
    }
    const index = low === items.length ? 0 : low;
    return index === items.length - 1 ? items.pop() : items.splice(index, 1)[0];
  }

  /** Removes a given item (found by its key); returns false if it is not here. */
  remove(item: T): boolean {
    const index = this.placeOf(item);
    if (this.items[index] !== item) return false;
    this.items.splice(index, 1);
    return true;
  }

  /** The index of the first item not before `item` in (offset, id) order: binary search. */
  private placeOf(item: T): number {
    const items = this.items;
    let low = 0;
    let high = items.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const other = items[middle]!;
      if (other.offsetBytes < item.offsetBytes || (other.offsetBytes === item.offsetBytes && other.id < item.id)) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

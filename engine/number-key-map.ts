/**
 * A map from non-negative numbers (block and chunk numbers) to values, for the hot paths that add
 * and remove an entry per I/O: writes in flight per block, held chunk locks. V8's Map rebuilds its
 * table when a small map drains and refills, which made each delete there cost hundreds of
 * nanoseconds; this is open addressing with linear probing in a typed array, deletion by backward
 * shift (no tombstones), and a table that grows but never shrinks, so a steady number of entries
 * costs no allocation at all.
 */
const EMPTY = -1;

function hashOf(key: number): number {
  // Both halves of a key up to 2^53, mixed (murmur3's finaliser constants).
  let hash = Math.imul((key >>> 0) ^ Math.imul(Math.floor(key / 4294967296), 0x85ebca6b), 0x9e3779b1);
  hash ^= hash >>> 16;
  return hash;
}

export class NumberKeyMap<V> {
  private keys: Float64Array;
  private values: (V | undefined)[];
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 16) {
    let capacity = 8;
    while (capacity < initialCapacity) capacity *= 2;
    this.keys = new Float64Array(capacity).fill(EMPTY);
    this.values = new Array<V | undefined>(capacity).fill(undefined);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  get(key: number): V | undefined {
    const keys = this.keys;
    for (let slot = hashOf(key) & this.mask; ; slot = (slot + 1) & this.mask) {
      const stored = keys[slot]!;
      if (stored === key) return this.values[slot];
      if (stored === EMPTY) return undefined;
    }
  }

  has(key: number): boolean {
    const keys = this.keys;
    for (let slot = hashOf(key) & this.mask; ; slot = (slot + 1) & this.mask) {
      const stored = keys[slot]!;
      if (stored === key) return true;
      if (stored === EMPTY) return false;
    }
  }

  /** Adds or replaces the entry for `key` (a non-negative number). */
  set(key: number, value: V): this {
    if (!(key >= 0)) throw new RangeError(`NumberKeyMap: key ${key} is not a non-negative number`);
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    const keys = this.keys;
    let slot = hashOf(key) & this.mask;
    for (; ; slot = (slot + 1) & this.mask) {
      const stored = keys[slot]!;
      if (stored === key) {
        this.values[slot] = value;
        return this;
      }
      if (stored === EMPTY) break;
    }
    keys[slot] = key;
    this.values[slot] = value;
    this.count++;
    return this;
  }

  /** Removes the entry for `key`; false when there was none. */
  delete(key: number): boolean {
    const keys = this.keys;
    const values = this.values;
    const mask = this.mask;
    let hole = hashOf(key) & mask;
    for (; ; hole = (hole + 1) & mask) {
      const stored = keys[hole]!;
      if (stored === key) break;
      if (stored === EMPTY) return false;
    }
    // Backward shift: move up every later entry of the probe run that may live in the hole.
    for (let slot = (hole + 1) & mask; ; slot = (slot + 1) & mask) {
      const stored = keys[slot]!;
      if (stored === EMPTY) break;
      const home = hashOf(stored) & mask;
      // The entry stays where it is if its home lies cyclically in (hole, slot].
      const staysPut = hole <= slot ? home > hole && home <= slot : home > hole || home <= slot;
      if (staysPut) continue;
      keys[hole] = stored;
      values[hole] = values[slot];
      hole = slot;
    }
    keys[hole] = EMPTY;
    values[hole] = undefined;
    this.count--;
    return true;
  }

  /** Every [key, value] pair, in no particular order. */
  *[Symbol.iterator](): IterableIterator<[number, V]> {
    const keys = this.keys;
    for (let slot = 0; slot < keys.length; slot++) if (keys[slot] !== EMPTY) yield [keys[slot]!, this.values[slot]!];
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    const capacity = oldKeys.length * 2;
    this.keys = new Float64Array(capacity).fill(EMPTY);
    this.values = new Array<V | undefined>(capacity).fill(undefined);
    this.mask = capacity - 1;
    this.count = 0;
    for (let slot = 0; slot < oldKeys.length; slot++) if (oldKeys[slot] !== EMPTY) this.set(oldKeys[slot]!, oldValues[slot]!);
  }
}

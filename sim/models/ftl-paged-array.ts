/** The value of an entry never written: an unmapped logical page or an unused physical slot. */
export const UNMAPPED = 0xffffffff;

const CHUNK_BITS = 16;
const CHUNK_SIZE = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SIZE - 1;

/**
 * A Uint32 array of up to 2^32 - 1 entries whose 256 KiB chunks are allocated on first write, so
 * the mapping tables of a terabyte drive cost memory only for the part a run touches. An entry of
 * an unallocated chunk reads as UNMAPPED, or as fallback(index) once a fallback is set (a table
 * laid out by a formula, as a sequentially preconditioned drive's is); a chunk's first write
 * copies the fallback's values into it.
 */
export class PagedUint32Array {
  private readonly chunks: (Uint32Array | undefined)[];
  private fallback: ((index: number) => number) | undefined;

  constructor(readonly length: number) {
    if (!Number.isInteger(length) || length < 0 || length >= UNMAPPED) {
      throw new RangeError(`PagedUint32Array: length ${length} outside 0..2^32-2`);
    }
    this.chunks = new Array<Uint32Array | undefined>(Math.ceil(length / CHUNK_SIZE)).fill(undefined);
  }

  get(index: number): number {
    const chunk = this.chunks[index >>> CHUNK_BITS];
    if (chunk !== undefined) return chunk[index & CHUNK_MASK]!;
    return this.fallback === undefined ? UNMAPPED : this.fallback(index);
  }

  set(index: number, value: number): void {
    const slot = index >>> CHUNK_BITS;
    let chunk = this.chunks[slot];
    if (chunk === undefined) {
      const { fallback } = this;
      if (value === UNMAPPED && fallback === undefined) return;
      chunk = new Uint32Array(CHUNK_SIZE).fill(UNMAPPED);
      if (fallback !== undefined) {
        const base = slot * CHUNK_SIZE;
        const end = Math.min(CHUNK_SIZE, this.length - base);
        for (let i = 0; i < end; i++) chunk[i] = fallback(base + i);
      }
      this.chunks[slot] = chunk;
    }
    chunk[index & CHUNK_MASK] = value;
  }

  /** Drops every chunk and reads unwritten entries from `fallback` from now on. */
  resetTo(fallback: ((index: number) => number) | undefined): void {
    this.chunks.fill(undefined);
    this.fallback = fallback;
  }

  /** Bytes held by allocated chunks. */
  allocatedBytes(): number {
    let n = 0;
    for (const chunk of this.chunks) if (chunk !== undefined) n += chunk.byteLength;
    return n;
  }
}

/** The value of an entry never written: an unmapped logical page or an unused physical slot. */
export const UNMAPPED = 0xffffffff;

const CHUNK_BITS = 16;
const CHUNK_SIZE = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SIZE - 1;

/**
 * A Uint32 array of up to 2^32 - 1 entries whose 256 KiB chunks are allocated on first write, so
 * the mapping tables of a terabyte drive cost memory only for the part a run touches.
 */
export class PagedUint32Array {
  private readonly chunks: (Uint32Array | undefined)[];

  constructor(readonly length: number) {
    if (!Number.isInteger(length) || length < 0 || length >= UNMAPPED) {
      throw new RangeError(`PagedUint32Array: length ${length} outside 0..2^32-2`);
    }
    this.chunks = new Array<Uint32Array | undefined>(Math.ceil(length / CHUNK_SIZE)).fill(undefined);
  }

  get(index: number): number {
    const chunk = this.chunks[index >>> CHUNK_BITS];
    return chunk === undefined ? UNMAPPED : chunk[index & CHUNK_MASK]!;
  }

  set(index: number, value: number): void {
    const slot = index >>> CHUNK_BITS;
    let chunk = this.chunks[slot];
    if (chunk === undefined) {
      if (value === UNMAPPED) return;
      chunk = new Uint32Array(CHUNK_SIZE).fill(UNMAPPED);
      this.chunks[slot] = chunk;
    }
    chunk[index & CHUNK_MASK] = value;
  }

  /** Bytes held by allocated chunks. */
  allocatedBytes(): number {
    let n = 0;
    for (const chunk of this.chunks) if (chunk !== undefined) n += chunk.byteLength;
    return n;
  }
}

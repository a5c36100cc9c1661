/**
 * The lookup table (indication information) of one snapshot image: chunk -> slot.
 *
 * A two-level radix map: the chunk number picks a page of 4096 Uint32 entries holding slot + 1
 * (0 means "not in the table"). Lookups are O(1) with no hashing; memory is 4 bytes per entry on
 * a densely copied page. JavaScript's Map stops at 16.7 M entries and costs ~50-80 bytes each,
 * which a 400 GiB store at 4 KiB chunks (100 M entries) cannot afford.
 */
const PAGE_SHIFT = 12;
const PAGE_ENTRIES = 1 << PAGE_SHIFT;
const PAGE_MASK = PAGE_ENTRIES - 1;
/** Slots are stored as slot + 1 in a Uint32, so the largest slot is 2^32 - 2. */
export const MAX_SLOT = 0xffff_fffe;
/** Chunk numbers index the directory as chunk >>> 12; a volume may have up to 2^32 chunks. */
export const MAX_CHUNK = 0xffff_ffff;

export class LookupTable {
  private readonly pages: (Uint32Array | undefined)[] = [];
  private entries = 0;

  /** Number of chunks in the table. */
  get size(): number {
    return this.entries;
  }

  /** The slot holding the chunk's preserved copy, or -1 when the chunk is not in the table. */
  get(chunk: number): number {
    const page = this.pages[chunk >>> PAGE_SHIFT];
    return page === undefined ? -1 : page[chunk & PAGE_MASK]! - 1;
  }

  has(chunk: number): boolean {
    return this.get(chunk) >= 0;
  }

  /** Adds or replaces the entry for `chunk`. */
  set(chunk: number, slot: number): void {
    if (!(chunk >= 0 && chunk <= MAX_CHUNK && Number.isInteger(chunk))) throw new RangeError(`chunk ${chunk} outside 0..${MAX_CHUNK}`);
    if (!(slot >= 0 && slot <= MAX_SLOT && Number.isInteger(slot))) throw new RangeError(`slot ${slot} outside 0..${MAX_SLOT}`);
    const pageIndex = chunk >>> PAGE_SHIFT;
    let page = this.pages[pageIndex];
    if (page === undefined) page = this.pages[pageIndex] = new Uint32Array(PAGE_ENTRIES);
    const within = chunk & PAGE_MASK;
    if (page[within] === 0) this.entries++;
    page[within] = slot + 1;
  }

  /** Whether any of the chunks first..first + count - 1 is in the table; pages never touched are skipped whole. */
  anyIn(first: number, count: number): boolean {
    return this.maxIn(first, count) >= 0;
  }

  /** The largest slot stored for chunks first..first + count - 1, or -1 when none is in the table; pages never touched are skipped whole. */
  maxIn(first: number, count: number): number {
    const end = first + count;
    let largest = 0;
    for (let chunk = first; chunk < end; ) {
      const pageIndex = chunk >>> PAGE_SHIFT;
      const pageEnd = Math.min(end, (pageIndex + 1) * PAGE_ENTRIES);
      const page = this.pages[pageIndex];
      if (page !== undefined) {
        for (let within = chunk & PAGE_MASK, stop = within + (pageEnd - chunk); within < stop; within++) if (page[within]! > largest) largest = page[within]!;
      }
      chunk = pageEnd;
    }
    return largest - 1;
  }

  /** Every (chunk, slot) pair in chunk order. */
  *[Symbol.iterator](): IterableIterator<[chunk: number, slot: number]> {
    for (let pageIndex = 0; pageIndex < this.pages.length; pageIndex++) {
      const page = this.pages[pageIndex];
      if (page === undefined) continue;
      for (let within = 0; within < PAGE_ENTRIES; within++) {
        const stored = page[within]!;
        if (stored !== 0) yield [pageIndex * PAGE_ENTRIES + within, stored - 1];
      }
    }
  }

  /** Bytes held by the table's pages (for capacity figures; excludes the directory array). */
  get memoryBytes(): number {
    let pages = 0;
    for (const page of this.pages) if (page !== undefined) pages++;
    return pages * PAGE_ENTRIES * 4;
  }
}

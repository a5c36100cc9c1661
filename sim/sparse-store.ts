/**
 * Block payloads held sparsely: pages of several blocks allocated on first write, found through a
 * two-level directory of arrays. A Map entry per block would stop at 16.7 M entries and cost far
 * more than the payload; this costs the payload plus a pointer per page, and reads of blocks never
 * written return zeros without allocating. Writing zeros to a page never written allocates nothing.
 */

import { isZero } from '../engine/bytes.js';

/** Page slots per directory leaf; the directory itself is an ordinary array of leaves. */
const LEAF_SLOTS = 4096;
const DEFAULT_PAGE_BYTES = 64 * 1024;

export class SparseStore {
  readonly blocksPerPage: number;
  private readonly leaves: (Array<Uint8Array | undefined> | undefined)[] = [];
  private allocated = 0;
  /** What view() returns for blocks never written. */
  private zeroPage: Uint8Array | undefined;

  constructor(
    readonly blockSize: number,
    readonly blockCount: number,
    pageBytes = DEFAULT_PAGE_BYTES,
  ) {
    if (!Number.isSafeInteger(blockSize) || blockSize < 1) throw new RangeError(`SparseStore: bad block size ${blockSize}`);
    if (!Number.isSafeInteger(blockCount) || blockCount < 1) throw new RangeError(`SparseStore: bad block count ${blockCount}`);
    this.blocksPerPage = Math.max(1, Math.floor(pageBytes / blockSize));
  }

  /** Bytes of payload memory allocated so far (pages touched by writes). */
  get allocatedBytes(): number {
    return this.allocated;
  }

  /**
   * Copies `count` blocks from `block` into target at targetOffset; unwritten blocks read as
   * zeros. targetZeroed says target is freshly allocated, so unwritten ranges need no fill.
   */
  read(block: number, count: number, target: Uint8Array, targetOffset = 0, targetZeroed = false): void {
    const blockSize = this.blockSize;
    const perPage = this.blocksPerPage;
    let remaining = count;
    let current = block;
    let offset = targetOffset;
    while (remaining > 0) {
      const pageIndex = Math.floor(current / perPage);
      const first = current - pageIndex * perPage;
      const blocks = Math.min(remaining, perPage - first);
      const bytes = blocks * blockSize;
      const page = this.page(pageIndex);
      if (page === undefined) {
        if (!targetZeroed) target.fill(0, offset, offset + bytes);
      } else {
        copyBytes(page, first * blockSize, target, offset, bytes);
      }
      remaining -= blocks;
      current += blocks;
      offset += bytes;
    }
  }

  /**
   * The stored bytes of `count` blocks from `block` without a copy, when they lie within one page:
   * a view of the page, or of a shared page of zeros where nothing was written. Undefined when the
   * blocks span pages. Read-only by contract: writing into it would change the store (or every
   * unwritten block). For inspection after a run, which reads every block once and keeps nothing.
   */
  view(block: number, count: number): Uint8Array | undefined {
    const perPage = this.blocksPerPage;
    const pageIndex = Math.floor(block / perPage);
    const first = block - pageIndex * perPage;
    if (first + count > perPage) return undefined;
    const page = this.page(pageIndex) ?? (this.zeroPage ??= new Uint8Array(perPage * this.blockSize));
    return page.subarray(first * this.blockSize, (first + count) * this.blockSize);
  }

  /** Stores whole blocks from data (its length a multiple of blockSize) starting at `block`. */
  write(block: number, data: Uint8Array): void {
    const blockSize = this.blockSize;
    const perPage = this.blocksPerPage;
    let remaining = data.length / blockSize;
    let current = block;
    let offset = 0;
    while (remaining > 0) {
      const pageIndex = Math.floor(current / perPage);
      const first = current - pageIndex * perPage;
      const blocks = Math.min(remaining, perPage - first);
      const bytes = blocks * blockSize;
      // Zeros on a page never written are what it reads as already (a copy-on-write of blocks
      // never written copies zeros): no page is allocated for them, as a thin pool would not.
      const page = this.page(pageIndex) ?? (isZero(data, offset, bytes) ? undefined : this.allocate(pageIndex));
      if (page !== undefined) copyBytes(data, offset, page, first * blockSize, bytes);
      remaining -= blocks;
      current += blocks;
      offset += bytes;
    }
  }

  private page(pageIndex: number): Uint8Array | undefined {
    const leaf = this.leaves[Math.floor(pageIndex / LEAF_SLOTS)];
    return leaf === undefined ? undefined : leaf[pageIndex % LEAF_SLOTS];
  }

  private allocate(pageIndex: number): Uint8Array {
    const leafIndex = Math.floor(pageIndex / LEAF_SLOTS);
    let leaf = this.leaves[leafIndex];
    if (leaf === undefined) {
      leaf = new Array<Uint8Array | undefined>(LEAF_SLOTS).fill(undefined);
      this.leaves[leafIndex] = leaf;
    }
    // The last page may be short: never allocate past the end of the device.
    const blocks = Math.min(this.blocksPerPage, this.blockCount - pageIndex * this.blocksPerPage);
    const page = new Uint8Array(blocks * this.blockSize);
    leaf[pageIndex % LEAF_SLOTS] = page;
    this.allocated += page.length;
    return page;
  }
}

/** Below this a plain loop beats subarray + set, which allocates a view object per call. */
const SMALL_COPY_BYTES = 128;

function copyBytes(source: Uint8Array, sourceOffset: number, target: Uint8Array, targetOffset: number, bytes: number): void {
  if (bytes <= SMALL_COPY_BYTES) {
    for (let index = 0; index < bytes; index++) target[targetOffset + index] = source[sourceOffset + index]!;
  } else if (sourceOffset === 0 && bytes === source.length) {
    target.set(source, targetOffset);
  } else {
    target.set(source.subarray(sourceOffset, sourceOffset + bytes), targetOffset);
  }
}

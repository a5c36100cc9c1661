/**
 * The hdd model's volatile write-back cache: the dirty data the drive has acknowledged and not yet
 * written to the medium, as extents of bytes in at most `segments` segments of a buffer of
 * `capacityBytes`.
 *
 * - A write that fits is accepted (it completes once the host link has carried it) and becomes an
 *   extent; it replaces the data of older extents it overlaps, and an extent that ends where
 *   another starts joins it (a sequential stream fills one segment after another, not one segment
 *   per command).
 * - Destaging takes at most one segment's worth of bytes from the start of an extent; its room
 *   stays taken until the medium write ends (`release`).
 * - Every extent remembers the arrival number of its oldest data, so a flush destages exactly what
 *   arrived before it.
 * The cache holds byte ranges only: the data itself lives in SimDevice's store.
 */

/** Dirty bytes [start, end) whose oldest data arrived as command number `oldest`. */
export interface DirtyExtent {
  readonly start: number;
  readonly end: number;
  readonly oldest: number;
}

export class WriteCache {
  /** Dirty extents sorted by start, never overlapping. */
  private extents: DirtyExtent[] = [];
  /**
   * Every extent holds at least one byte, so starts and ends both increase along `extents` and a
   * lookup can bisect. False once a write of no bytes was taken: an extent of no length sorts
   * among the others unpredictably, so lookups scan every extent as they always did.
   */
  private ordered = true;
  private dirtyBytes = 0;
  /** Pieces being written to the medium: still in the buffer, their room taken until they land. */
  private destaging: { start: number; end: number }[] = [];
  private destagingBytes = 0;

  constructor(
    readonly capacityBytes: number,
    readonly segments: number,
  ) {}

  get enabled(): boolean {
    return this.capacityBytes > 0 && this.segments > 0;
  }

  /** Largest piece one destage writes: one segment's share of the buffer. */
  get segmentBytes(): number {
    return Math.max(1, Math.floor(this.capacityBytes / this.segments));
  }

  clone(): WriteCache {
    const copy = new WriteCache(this.capacityBytes, this.segments);
    copy.extents = this.extents.slice();
    copy.ordered = this.ordered;
    copy.dirtyBytes = this.dirtyBytes;
    copy.destaging = this.destaging.slice();
    copy.destagingBytes = this.destagingBytes;
    return copy;
  }

  /** Dirty bytes not yet being destaged. */
  get bytes(): number {
    return this.dirtyBytes;
  }

  get extentCount(): number {
    return this.extents.length;
  }

  /** Share of the buffer taken, by bytes or by segments, whichever is fuller. */
  fullness(): number {
    if (!this.enabled) return 0;
    const bytes = (this.dirtyBytes + this.destagingBytes) / this.capacityBytes;
    const segments = (this.extents.length + this.destaging.length) / this.segments;
    return Math.max(bytes, segments);
  }

  /** Whether a write of this size is ever cached (larger ones go to the medium directly). */
  admits(sizeBytes: number): boolean {
    return this.enabled && sizeBytes <= this.capacityBytes;
  }

  /** Whether a write of [start, end) finds room now. */
  fits(start: number, end: number): boolean {
    let freed = 0;
    let segmentsFreed = 0;
    const extents = this.extents;
    // In order, the extents a write overlaps are consecutive: from the first ending after its start
    // to the last starting before its end. The sum runs over them in the same order either way.
    for (let index = this.ordered ? this.firstAfter(start, true) : 0; index < extents.length; index++) {
      const extent = extents[index]!;
      if (this.ordered && extent.start >= end) break;
      if (!(extent.start < end && extent.end > start)) continue;
      const lost = Math.min(end, extent.end) - Math.max(start, extent.start);
      freed += lost;
      if (lost === extent.end - extent.start) segmentsFreed++;
    }
    const bytes = this.dirtyBytes + this.destagingBytes - freed + (end - start);
    const segments = this.extents.length + this.destaging.length - segmentsFreed + 1;
    return bytes <= this.capacityBytes && segments <= this.segments;
  }

  /** Takes the write [start, end), arrival number `arrival`, replacing overlapped data. */
  insert(start: number, end: number, arrival: number): void {
    if (end <= start) this.ordered = false;
    const kept: DirtyExtent[] = [];
    let merged: DirtyExtent = { start, end, oldest: arrival };
    for (const extent of this.extents) {
      if (extent.end < start || extent.start > end) {
        kept.push(extent);
        continue;
      }
      if (extent.end === start || extent.start === end) {
        // Adjacent: joins the new extent.
        merged = { start: Math.min(merged.start, extent.start), end: Math.max(merged.end, extent.end), oldest: Math.min(merged.oldest, extent.oldest) };
        this.dirtyBytes -= extent.end - extent.start;
        continue;
      }
      this.dirtyBytes -= extent.end - extent.start;
      if (extent.start < start) {
        kept.push({ start: extent.start, end: start, oldest: extent.oldest });
        this.dirtyBytes += start - extent.start;
      }
      if (extent.end > end) {
        kept.push({ start: end, end: extent.end, oldest: extent.oldest });
        this.dirtyBytes += extent.end - end;
      }
    }
    kept.push(merged);
    this.dirtyBytes += merged.end - merged.start;
    kept.sort((a, b) => a.start - b.start);
    this.extents = kept;
  }

  /** Whether every byte of [start, end) is in the cache, dirty or being destaged (a read of it is served from the buffer). */
  covers(start: number, end: number): boolean {
    for (const piece of this.destaging) if (piece.start <= start && piece.end >= end) return true;
    if (!this.ordered) {
      for (const extent of this.extents) {
        if (extent.start <= start && extent.end >= end) return true;
        if (extent.start > start) return false;
      }
      return false;
    }
    // In order, only the last extent starting at or before `start` can hold the range (the scan
    // above gives the same answer; this is asked for every queued read at every event).
    const index = this.firstAfter(start, false) - 1;
    return index >= 0 && this.extents[index]!.end >= end;
  }

  /**
   * Every dirty extent, sorted by start; those holding data that arrived before `before` are the
   * ones eligible for destaging ahead of a flush. Read-only: the drive scans it without copying.
   */
  get dirtyExtents(): readonly DirtyExtent[] {
    return this.extents;
  }

  /** Whether any extent holds data that arrived before `before` (any at all for Infinity). */
  hasCandidates(before = Infinity): boolean {
    return before === Infinity ? this.extents.length > 0 : this.extents.some((extent) => extent.oldest < before);
  }

  /** Takes the first segment's worth of `extent` out of the cache for destaging; returns [start, end). */
  take(extent: DirtyExtent): { start: number; end: number } {
    const index = this.extents.indexOf(extent);
    if (index < 0) throw new Error('hdd write cache: destage of an extent not in the cache');
    const end = Math.min(extent.end, extent.start + this.segmentBytes);
    if (end === extent.end) this.extents.splice(index, 1);
    else this.extents[index] = { start: end, end: extent.end, oldest: extent.oldest };
    this.dirtyBytes -= end - extent.start;
    const piece = { start: extent.start, end };
    this.destagingBytes += end - extent.start;
    this.destaging.push(piece);
    return piece;
  }

  /** The destage of `piece` (from take) reached the medium: its room is free. */
  release(piece: { start: number; end: number }): void {
    const index = this.destaging.indexOf(piece);
    if (index < 0) throw new Error('hdd write cache: release of a piece not being destaged');
    this.destaging.splice(index, 1);
    this.destagingBytes -= piece.end - piece.start;
  }

  /** Index of the first extent starting (or, byEnd, ending) after `offset`, the count if none does; only when ordered. */
  private firstAfter(offset: number, byEnd: boolean): number {
    let low = 0;
    let high = this.extents.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const extent = this.extents[middle]!;
      if ((byEnd ? extent.end : extent.start) <= offset) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

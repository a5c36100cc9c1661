/**
 * A page-mapping flash translation layer with greedy garbage collection: the bookkeeping half of
 * the ssd model (ssd.ts adds the timing). No timing lives here.
 *
 * Vocabulary:
 * - logical page: the 4 KiB mapping unit the host addresses (LOGICAL_PAGE_BYTES);
 * - flash page: the NAND program unit, holding logicalPagesPerFlashPage logical pages;
 * - slot: the place of one logical page inside a flash page. Slots are numbered die by die, block
 *   by block: slot = ((die * blocksPerDie + block) * flashPagesPerBlock + page) * perPage + k.
 *
 * Writes are appended to a user write frontier that moves round-robin over the dies one flash
 * page at a time (striping, so consecutive flash pages program in parallel). Each die keeps its
 * own free blocks, its open user block and its open garbage-collection block. When a die needs a
 * new user block and holds no more than gcThresholdBlocks free blocks, it collects: the victim is
 * the die's closed block with the fewest valid logical pages (greedy), its valid pages move to the
 * die's collection block, and the victim is erased. Collection stays inside a die, as copyback
 * would, so its cost lands on that die alone.
 *
 * Memory: the logical-to-physical and physical-to-logical tables are chunked typed arrays
 * allocated on first touch (ftl-paged-array.ts); per block there is a valid count and a state.
 * Validity of a slot is derived: slot s holds valid data when l2p[p2l[s]] === s.
 */
import { PagedUint32Array, UNMAPPED } from './ftl-paged-array.js';

/** The mapping unit the host addresses. */
export const LOGICAL_PAGE_BYTES = 4096;

export interface FtlGeometry {
  readonly logicalPages: number;
  readonly dies: number;
  readonly blocksPerDie: number;
  readonly flashPagesPerBlock: number;
  readonly logicalPagesPerFlashPage: number;
  /** A die collects garbage while it holds no more than this many free blocks. */
  readonly gcThresholdBlocks: number;
}

/**
 * Derives the blocks per die for a host capacity: enough physical blocks that the host-visible
 * share of the blocks the collector can use is 1 - overProvisioning, plus the blocks it holds
 * back (gcThresholdBlocks free ones, the open user block and the open collection block), so a
 * drive keeps its over-provisioning share at any capacity; and never fewer than the logical
 * blocks of a die plus the collection threshold plus three, so small test drives can collect.
 */
export function blocksPerDieFor(
  logicalPages: number,
  dies: number,
  slotsPerBlock: number,
  overProvisioning: number,
  gcThresholdBlocks: number,
): number {
  const logicalPerDie = Math.ceil(logicalPages / dies);
  const byRatio = Math.round(logicalPerDie / (1 - overProvisioning) / slotsPerBlock + gcThresholdBlocks + HELD_BACK_OPEN_BLOCKS);
  const byMinimum = Math.ceil(logicalPerDie / slotsPerBlock) + gcThresholdBlocks + 3;
  return Math.max(byRatio, byMinimum);
}

/**
 * Space a die holds back besides its free blocks, in blocks: the open user block and the open
 * collection block, each half written on average.
 */
const HELD_BACK_OPEN_BLOCKS = 0.5;

const FREE = 0;
const OPEN = 1;
const CLOSED = 2;

/** What one write did: where it landed and what garbage collection it caused on that die. */
export interface WriteOutcome {
  die: number;
  /** The flash page (global index) the logical page landed in. */
  flashPage: number;
  /** The write filled its flash page: the page can now be programmed. */
  flashPageFull: boolean;
  /** Logical pages garbage collection moved on `die` during this write. */
  gcMovedPages: number;
  /** Blocks erased on `die` during this write. */
  gcErases: number;
}

/** Page-mapping FTL with per-die greedy garbage collection. */
export class PageMappingFtl {
  readonly slotsPerBlock: number;
  readonly slotsPerDie: number;
  readonly totalBlocks: number;
  private readonly l2p: PagedUint32Array;
  private readonly p2l: PagedUint32Array;
  private readonly validCount: Int32Array;
  private readonly blockState: Uint8Array;
  /** Free block stacks, one segment of blocksPerDie entries per die. */
  private readonly freeStack: Int32Array;
  private readonly freeCount: Int32Array;
  private readonly userBlock: Int32Array;
  private readonly userNext: Int32Array;
  private readonly gcBlock: Int32Array;
  private readonly gcNext: Int32Array;
  /** The die the user write frontier is on. */
  private cursor = 0;
  private readonly outcome: WriteOutcome = { die: 0, flashPage: 0, flashPageFull: false, gcMovedPages: 0, gcErases: 0 };

  readonly counts = {
    hostPagesWritten: 0,
    /** Logical pages programmed: host data, collection moves and flush padding. */
    programmedPages: 0,
    paddedPages: 0,
    gcCollections: 0,
    gcPagesMoved: 0,
    erases: 0,
    /** The fewest free blocks any die had after a collection. */
    minimumFreeBlocks: Number.POSITIVE_INFINITY,
  };

  constructor(readonly geometry: FtlGeometry) {
    const { dies, blocksPerDie, flashPagesPerBlock, logicalPagesPerFlashPage, logicalPages } = geometry;
    this.slotsPerBlock = flashPagesPerBlock * logicalPagesPerFlashPage;
    this.slotsPerDie = blocksPerDie * this.slotsPerBlock;
    this.totalBlocks = dies * blocksPerDie;
    const totalSlots = this.totalBlocks * this.slotsPerBlock;
    if (totalSlots >= UNMAPPED) {
      throw new RangeError(`ftl: ${totalSlots} physical slots exceed the 2^32-1 the mapping tables address`);
    }
    if (blocksPerDie < geometry.gcThresholdBlocks + 3) {
      throw new RangeError(`ftl: ${blocksPerDie} blocks per die leave no room above the collection threshold`);
    }
    this.l2p = new PagedUint32Array(logicalPages);
    this.p2l = new PagedUint32Array(totalSlots);
    this.validCount = new Int32Array(this.totalBlocks);
    this.blockState = new Uint8Array(this.totalBlocks);
    this.freeStack = new Int32Array(this.totalBlocks);
    this.freeCount = new Int32Array(dies);
    for (let die = 0; die < dies; die++) {
      // Push in descending order so blocks are taken in ascending order (chunks fill in turn).
      for (let b = blocksPerDie - 1; b >= 0; b--) this.pushFree(die, die * blocksPerDie + b);
    }
    this.userBlock = new Int32Array(dies).fill(-1);
    this.userNext = new Int32Array(dies);
    this.gcBlock = new Int32Array(dies).fill(-1);
    this.gcNext = new Int32Array(dies);
  }

  /** The slot holding logical page `page`, or UNMAPPED. */
  lookup(page: number): number {
    return this.l2p.get(page);
  }

  dieOfSlot(slot: number): number {
    return Math.floor(slot / this.slotsPerDie);
  }

  flashPageOfSlot(slot: number): number {
    return Math.floor(slot / this.geometry.logicalPagesPerFlashPage);
  }

  dieOfFlashPage(flashPage: number): number {
    return Math.floor(flashPage / (this.geometry.blocksPerDie * this.geometry.flashPagesPerBlock));
  }

  /** The die the next host write will land on. */
  get frontierDie(): number {
    return this.cursor;
  }

  /**
   * Appends logical page `page` at the user write frontier, invalidating its previous copy.
   * The returned object is reused by the next call.
   */
  write(page: number): WriteOutcome {
    const out = this.outcome;
    out.gcMovedPages = 0;
    out.gcErases = 0;
    const perPage = this.geometry.logicalPagesPerFlashPage;
    let die = this.cursor;
    for (let tried = 0; ; tried++) {
      if (this.ensureUserBlock(die, out)) break;
      if (tried >= this.geometry.dies) {
        throw new Error('ftl: every die is out of free blocks; over-provisioning too small for this geometry');
      }
      die = (die + 1) % this.geometry.dies;
      this.cursor = die;
    }
    // Invalidate only now: collection above must still see (and may move) the old copy.
    this.invalidate(page);
    const block = this.userBlock[die]!;
    const slot = block * this.slotsPerBlock + this.userNext[die]!;
    this.place(page, slot, block);
    this.userNext[die]!++;
    this.counts.hostPagesWritten++;
    this.counts.programmedPages++;
    out.die = die;
    out.flashPage = this.flashPageOfSlot(slot);
    out.flashPageFull = this.userNext[die]! % perPage === 0;
    if (out.flashPageFull) this.advanceAfterPage(die);
    return out;
  }

  /**
   * Closes the partly filled flash page at the frontier (a flush): its empty slots are padding.
   * Returns the number of padding slots, 0 when the frontier sits on a page boundary.
   */
  padFrontierPage(): number {
    const die = this.cursor;
    const perPage = this.geometry.logicalPagesPerFlashPage;
    const used = this.userNext[die]! % perPage;
    if (this.userBlock[die]! < 0 || used === 0) return 0;
    const padding = perPage - used;
    this.userNext[die]! += padding;
    this.counts.paddedPages += padding;
    this.counts.programmedPages += padding;
    this.advanceAfterPage(die);
    return padding;
  }

  /**
   * Puts a fresh FTL in the state writing every logical page once, in order, would leave (the
   * frontier page padded), without writing: the tables read from a formula until a chunk is
   * first written, and per block only the state, valid count and free stack are set. Counts stay
   * zero. Cost: a pass over the blocks, none over the pages.
   */
  preconditionSequential(): void {
    const { dies, blocksPerDie, flashPagesPerBlock, logicalPagesPerFlashPage: perPage, logicalPages } = this.geometry;
    if (this.counts.programmedPages > 0 || this.cursor !== 0) throw new Error('ftl: precondition a fresh FTL only');
    const flashPages = Math.ceil(logicalPages / perPage);
    const { slotsPerDie } = this;
    this.l2p.resetTo((page) => {
      const sequence = Math.floor(page / perPage);
      const die = sequence % dies;
      const n = Math.floor(sequence / dies);
      return die * slotsPerDie + n * perPage + (page % perPage);
    });
    this.p2l.resetTo((slot) => {
      const die = Math.floor(slot / slotsPerDie);
      const within = slot - die * slotsPerDie;
      const n = Math.floor(within / perPage);
      const page = (n * dies + die) * perPage + (within % perPage);
      return page < logicalPages ? page : UNMAPPED;
    });
    for (let die = 0; die < dies; die++) {
      const pagesOnDie = die < flashPages ? Math.floor((flashPages - die - 1) / dies) + 1 : 0;
      const usedBlocks = Math.ceil(pagesOnDie / flashPagesPerBlock);
      for (let b = 0; b < usedBlocks; b++) {
        const block = die * blocksPerDie + b;
        const popped = this.popFree(die);
        if (popped !== block) throw new Error(`ftl: precondition expected block ${block}, free stack gave ${popped}`);
        let valid = 0;
        const pages = Math.min(flashPagesPerBlock, pagesOnDie - b * flashPagesPerBlock);
        for (let k = 0; k < pages; k++) {
          const sequence = (b * flashPagesPerBlock + k) * dies + die;
          valid += Math.max(0, Math.min(perPage, logicalPages - sequence * perPage));
        }
        this.validCount[block] = valid;
        if (pages === flashPagesPerBlock) {
          this.blockState[block] = CLOSED;
        } else {
          this.blockState[block] = OPEN;
          this.userBlock[die] = block;
          this.userNext[die] = pages * perPage;
        }
      }
    }
    this.cursor = flashPages % dies;
  }

  /** Zeroes the counters (after preconditioning, so figures describe the run). */
  resetCounts(): void {
    const c = this.counts;
    c.hostPagesWritten = 0;
    c.programmedPages = 0;
    c.paddedPages = 0;
    c.gcCollections = 0;
    c.gcPagesMoved = 0;
    c.erases = 0;
    c.minimumFreeBlocks = Number.POSITIVE_INFINITY;
  }

  /** Logical pages held in the user frontier's open flash page. */
  frontierFill(): number {
    const die = this.cursor;
    return this.userBlock[die]! < 0 ? 0 : this.userNext[die]! % this.geometry.logicalPagesPerFlashPage;
  }

  freeBlocks(die: number): number {
    return this.freeCount[die]!;
  }

  /** Bytes of mapping tables allocated so far. */
  mappingBytes(): number {
    return this.l2p.allocatedBytes() + this.p2l.allocatedBytes();
  }

  /**
   * Recounts the tables and throws if they disagree: every mapped logical page owns its slot,
   * valid counts match, free blocks are erased and empty. Costs a pass over both tables (tests).
   */
  verify(): void {
    const recount = new Int32Array(this.totalBlocks);
    for (let page = 0; page < this.geometry.logicalPages; page++) {
      const slot = this.l2p.get(page);
      if (slot === UNMAPPED) continue;
      if (this.p2l.get(slot) !== page) throw new Error(`ftl: logical page ${page} maps to slot ${slot} owned by ${this.p2l.get(slot)}`);
      recount[Math.floor(slot / this.slotsPerBlock)]!++;
    }
    for (let block = 0; block < this.totalBlocks; block++) {
      if (recount[block] !== this.validCount[block]) {
        throw new Error(`ftl: block ${block} counts ${this.validCount[block]} valid pages, holds ${recount[block]}`);
      }
    }
    for (let die = 0; die < this.geometry.dies; die++) {
      for (let i = 0; i < this.freeCount[die]!; i++) {
        const block = this.freeStack[die * this.geometry.blocksPerDie + i]!;
        if (this.blockState[block] !== FREE || this.validCount[block] !== 0) throw new Error(`ftl: free block ${block} is in use`);
      }
    }
  }

  private advanceAfterPage(die: number): void {
    if (this.userNext[die]! >= this.slotsPerBlock) {
      this.blockState[this.userBlock[die]!] = CLOSED;
      this.userBlock[die] = -1;
    }
    this.cursor = (die + 1) % this.geometry.dies;
  }

  private invalidate(page: number): void {
    const old = this.l2p.get(page);
    if (old !== UNMAPPED) this.validCount[Math.floor(old / this.slotsPerBlock)]!--;
  }

  private place(page: number, slot: number, block: number): void {
    this.l2p.set(page, slot);
    this.p2l.set(slot, page);
    this.validCount[block]!++;
  }

  /** Makes sure `die` has an open user block with room, collecting first if needed. */
  private ensureUserBlock(die: number, out: WriteOutcome): boolean {
    if (this.userBlock[die]! >= 0) return true;
    while (this.freeCount[die]! <= this.geometry.gcThresholdBlocks) {
      const before = this.counts.gcPagesMoved;
      if (!this.collect(die)) break;
      out.gcMovedPages += this.counts.gcPagesMoved - before;
      out.gcErases++;
    }
    if (this.freeCount[die] === 0) return false;
    const block = this.popFree(die);
    this.blockState[block] = OPEN;
    this.userBlock[die] = block;
    this.userNext[die] = 0;
    return true;
  }

  /** Collects the die's closed block with the fewest valid pages; false when none would gain space. */
  private collect(die: number): boolean {
    const { blocksPerDie } = this.geometry;
    let victim = -1;
    let fewest = this.slotsPerBlock;
    for (let b = die * blocksPerDie, end = b + blocksPerDie; b < end; b++) {
      if (this.blockState[b] === CLOSED && this.validCount[b]! < fewest) {
        fewest = this.validCount[b]!;
        victim = b;
      }
    }
    // Moving a victim takes up to one free block; without one, or with nothing to reclaim, stop.
    if (victim < 0 || (fewest > 0 && this.freeCount[die] === 0 && this.gcRoom(die) < fewest)) return false;
    const first = victim * this.slotsPerBlock;
    for (let s = first, end = first + this.slotsPerBlock; s < end; s++) {
      const page = this.p2l.get(s);
      if (page !== UNMAPPED && this.l2p.get(page) === s) {
        this.appendCollected(die, page);
        this.counts.gcPagesMoved++;
        this.counts.programmedPages++;
      }
      this.p2l.set(s, UNMAPPED);
    }
    this.validCount[victim] = 0;
    this.blockState[victim] = FREE;
    this.pushFree(die, victim);
    this.counts.erases++;
    this.counts.gcCollections++;
    if (this.freeCount[die]! < this.counts.minimumFreeBlocks) this.counts.minimumFreeBlocks = this.freeCount[die]!;
    return true;
  }

  /** Slots left in the die's open collection block. */
  private gcRoom(die: number): number {
    return this.gcBlock[die]! < 0 ? 0 : this.slotsPerBlock - this.gcNext[die]!;
  }

  private appendCollected(die: number, page: number): void {
    if (this.gcBlock[die]! < 0) {
      if (this.freeCount[die] === 0) throw new Error(`ftl: die ${die} has no free block for garbage collection`);
      const block = this.popFree(die);
      this.blockState[block] = OPEN;
      this.gcBlock[die] = block;
      this.gcNext[die] = 0;
    }
    const block = this.gcBlock[die]!;
    this.validCount[Math.floor(this.l2p.get(page) / this.slotsPerBlock)]!--;
    this.place(page, block * this.slotsPerBlock + this.gcNext[die]!, block);
    if (++this.gcNext[die]! >= this.slotsPerBlock) {
      this.blockState[block] = CLOSED;
      this.gcBlock[die] = -1;
    }
  }

  private pushFree(die: number, block: number): void {
    this.freeStack[die * this.geometry.blocksPerDie + this.freeCount[die]!] = block;
    this.freeCount[die]!++;
  }

  private popFree(die: number): number {
    this.freeCount[die]!--;
    return this.freeStack[die * this.geometry.blocksPerDie + this.freeCount[die]!]!;
  }
}

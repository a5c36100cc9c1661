import type { BlockDevice } from '../block-device.js';

/** Where a physical unit stands with respect to the free list. */
const IN_USE = 0;
const FREE = 1;
/** Its last reference went while I/O had it pinned: it joins the free list at the last unpin. */
const FREE_WHEN_UNPINNED = 2;
/** The origin's short last unit, once unreferenced: too short to hold another logical unit. */
const RETIRED = 3;

/**
 * The physical allocation units of a redirect-on-write volume and their allocation: first the
 * origin's units (unit u at origin blocks u * chunkBlocks..), then the pool device's units after
 * its metadata region. Every pool unit starts free; origin units start in use (the live map's
 * identity) and are reused like any other once no map references them.
 *
 * I/O on a unit that only snapshots reference pins it, so invalidating or deleting those
 * snapshots meanwhile cannot hand the unit to another write while the I/O is under way.
 */
export class UnitPool {
  readonly originUnits: number;
  readonly poolUnits: number;
  readonly totalUnits: number;
  unitsAllocated = 0;
  /** The unit each unit's data was last filled from (-1: written whole, or never moved). */
  readonly filledFrom: Int32Array;
  unitsFreed = 0;
  /** Stack of free units; the next allocation pops the top. */
  private readonly free: Int32Array;
  private freeTop = 0;
  private readonly pins: Int32Array;
  private readonly standing: Uint8Array;
  /** The origin's last unit when it is shorter than a chunk, else -1. */
  private readonly shortOriginUnit: number;

  constructor(
    private readonly origin: BlockDevice,
    readonly poolDevice: BlockDevice,
    private readonly chunkBlocks: number,
    /** Pool blocks before the first pool unit. */
    readonly metadataBlocks: number,
  ) {
    this.originUnits = Math.ceil(origin.blockCount / chunkBlocks);
    this.poolUnits = Math.floor((poolDevice.blockCount - metadataBlocks) / chunkBlocks);
    this.totalUnits = this.originUnits + this.poolUnits;
    this.shortOriginUnit = origin.blockCount % chunkBlocks === 0 ? -1 : this.originUnits - 1;
    this.free = new Int32Array(this.totalUnits);
    this.filledFrom = new Int32Array(this.totalUnits).fill(-1);
    this.pins = new Int32Array(this.totalUnits);
    this.standing = new Uint8Array(this.totalUnits);
    // Pushed from the top down, so allocation hands out pool units in ascending order.
    for (let unit = this.totalUnits - 1; unit >= this.originUnits; unit--) {
      this.free[this.freeTop++] = unit;
      this.standing[unit] = FREE;
    }
  }

  /** Units ready to allocate (units pinned on their way out not counted). */
  get freeCount(): number {
    return this.freeTop;
  }

  /** Takes a free unit; -1 when none is free. */
  allocate(): number {
    if (this.freeTop === 0) return -1;
    const unit = this.free[--this.freeTop]!;
    this.standing[unit] = IN_USE;
    this.unitsAllocated++;
    return unit;
  }

  /** A unit's last reference is gone: it is free now, or at its last unpin. */
  release(unit: number): void {
    if (this.standing[unit] !== IN_USE) throw new Error(`bug: unit ${unit} released while not in use`);
    if (this.pins[unit]! > 0) this.standing[unit] = FREE_WHEN_UNPINNED;
    else this.makeFree(unit);
  }

  /** Takes a unit back into use whose last reference went while it was pinned; false if it is free already. */
  reclaim(unit: number): boolean {
    if (this.standing[unit] === FREE_WHEN_UNPINNED) this.standing[unit] = IN_USE;
    return this.standing[unit] === IN_USE;
  }

  pin(unit: number): void {
    this.pins[unit]!++;
  }

  unpin(unit: number): void {
    if (--this.pins[unit]! === 0 && this.standing[unit] === FREE_WHEN_UNPINNED) this.makeFree(unit);
  }

  /** The device that holds a unit. */
  deviceOf(unit: number): BlockDevice {
    return unit < this.originUnits ? this.origin : this.poolDevice;
  }

  /** The first block of a unit on its device. */
  firstBlockOf(unit: number): number {
    return unit < this.originUnits ? unit * this.chunkBlocks : this.metadataBlocks + (unit - this.originUnits) * this.chunkBlocks;
  }

  /** For consistency checks: is the unit on the free list, pinned, or neither. */
  describe(unit: number): { free: boolean; pins: number; retired: boolean } {
    return { free: this.standing[unit] === FREE, pins: this.pins[unit]!, retired: this.standing[unit] === RETIRED };
  }

  /** For consistency checks: the free list as it stands. */
  freeUnits(): Int32Array {
    return this.free.slice(0, this.freeTop);
  }

  private makeFree(unit: number): void {
    this.unitsFreed++;
    if (unit === this.shortOriginUnit) {
      this.standing[unit] = RETIRED;
      return;
    }
    this.standing[unit] = FREE;
    this.free[this.freeTop++] = unit;
  }
}

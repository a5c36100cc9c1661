import type { BlockDevice } from '../../engine/index.js';
import { MemoryDevice } from '../../engine/index.js';

/** Shared power for a set of devices: once cut, no operation completes or lands. */
export class Power {
  on = true;
  operations = 0;
  private cutAfter = Infinity;
  /** Cut the power once `more` further operations (over all devices) have been issued. */
  arm(more: number): void {
    this.cutAfter = this.operations + more;
  }
  /** Counts an operation; false when it must not happen. */
  admit(): boolean {
    if (!this.on) return false;
    if (this.operations >= this.cutAfter) {
      this.on = false;
      return false;
    }
    this.operations++;
    return true;
  }
}

/**
 * A disk with a volatile write cache: writes are visible at once but durable only after a flush.
 * crash() yields the durable medium, optionally keeping the unflushed writes (a lucky crash).
 */
export class CrashableDevice implements BlockDevice {
  readonly blockCount: number;
  private readonly durable: MemoryDevice;
  private readonly visible: MemoryDevice;
  private readonly unflushed: { block: number; data: Uint8Array }[] = [];

  constructor(readonly blockSize: number, blockCount: number, private readonly power: Power, from?: MemoryDevice) {
    this.blockCount = blockCount;
    this.durable = new MemoryDevice(blockSize, blockCount);
    this.visible = new MemoryDevice(blockSize, blockCount);
    if (from) {
      const all = from.readNow(0, blockCount);
      this.durable.writeNow(0, all);
      this.visible.writeNow(0, all);
    }
  }

  async read(block: number, count: number): Promise<Uint8Array> {
    if (!this.power.admit()) return new Promise(() => {});
    return this.visible.read(block, count);
  }

  async write(block: number, data: Uint8Array): Promise<void> {
    if (!this.power.admit()) return new Promise(() => {});
    await this.visible.write(block, data);
    this.unflushed.push({ block, data: data.slice() });
  }

  async flush(): Promise<void> {
    if (!this.power.admit()) return new Promise(() => {});
    for (const { block, data } of this.unflushed.splice(0)) this.durable.writeNow(block, data);
  }

  /**
   * What survives the crash: the durable medium plus none, all, or only the newest of the
   * unflushed writes (a cache may destage in any order, so the newest can land alone).
   */
  crash(keep: 'none' | 'all' | 'newest'): MemoryDevice {
    const medium = new MemoryDevice(this.blockSize, this.blockCount);
    medium.writeNow(0, this.durable.readNow(0, this.blockCount));
    const kept = keep === 'all' ? this.unflushed : keep === 'newest' ? this.unflushed.slice(-1) : [];
    for (const { block, data } of kept) medium.writeNow(block, data);
    return medium;
  }
}

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

/** A completed write still in the drive's volatile cache. */
export interface UnflushedWrite {
  readonly block: number;
  readonly data: Uint8Array;
  /** Order of completion on this device. */
  readonly order: number;
}

/**
 * A disk with a volatile write cache: writes are visible at once but durable only after a flush,
 * with the weakest semantics a real drive gives: a flush makes durable the writes that completed
 * before it was issued (not those completing while it runs). Flushes and writes can be held by
 * the test. crash() yields the durable medium plus a chosen subset of the unflushed writes.
 */
export class CrashableDevice implements BlockDevice {
  readonly blockCount: number;
  private readonly durable: MemoryDevice;
  private readonly visible: MemoryDevice;
  readonly unflushed: UnflushedWrite[] = [];
  private completed = 0;
  private holdFlush: (() => boolean) | undefined;
  private holdWrite: ((block: number) => boolean) | undefined;
  private readonly held: (() => void)[] = [];
  readonly log: string[] = [];

  constructor(readonly blockSize: number, blockCount: number, private readonly power = new Power(), from?: MemoryDevice) {
    this.blockCount = blockCount;
    this.durable = new MemoryDevice(blockSize, blockCount);
    this.visible = new MemoryDevice(blockSize, blockCount);
    if (from) {
      const all = from.readNow(0, blockCount);
      this.durable.writeNow(0, all);
      this.visible.writeNow(0, all);
    }
  }

  /** Holds flushes issued from now on (after they take their set of covered writes) until release(). */
  holdFlushes(which: () => boolean = () => true): void {
    this.holdFlush = which;
  }

  /** Holds writes to the blocks `which` selects, before they land, until release(). */
  holdWrites(which: (block: number) => boolean): void {
    this.holdWrite = which;
  }

  /** Lets the held operations go on; holds set up stay in force for later operations. */
  release(): void {
    for (const go of this.held.splice(0)) go();
  }

  /** Stops holding and lets every held operation go on. */
  releaseAll(): void {
    this.holdFlush = undefined;
    this.holdWrite = undefined;
    this.release();
  }

  get heldCount(): number {
    return this.held.length;
  }

  async read(block: number, count: number): Promise<Uint8Array> {
    if (!this.power.admit()) return new Promise(() => {});
    return this.visible.read(block, count);
  }

  async write(block: number, data: Uint8Array): Promise<void> {
    if (!this.power.admit()) return new Promise(() => {});
    this.log.push(`write ${block}+${data.length / this.blockSize}`);
    if (this.holdWrite?.(block)) await new Promise<void>((go) => this.held.push(go));
    if (!this.power.on) return new Promise(() => {});
    await this.visible.write(block, data);
    this.unflushed.push({ block, data: data.slice(), order: this.completed++ });
  }

  async flush(): Promise<void> {
    if (!this.power.admit()) return new Promise(() => {});
    this.log.push('flush');
    const covered = [...this.unflushed];
    if (this.holdFlush?.()) await new Promise<void>((go) => this.held.push(go));
    if (!this.power.on) return new Promise(() => {});
    for (const write of covered) {
      this.durable.writeNow(write.block, write.data);
      this.unflushed.splice(this.unflushed.indexOf(write), 1);
    }
  }

  /**
   * What survives the crash: the durable medium plus none, all, only the newest, or the chosen
   * unflushed writes, in completion order (a cache may destage in any order).
   */
  crash(keep: 'none' | 'all' | 'newest' | ((write: UnflushedWrite) => boolean)): MemoryDevice {
    const medium = new MemoryDevice(this.blockSize, this.blockCount);
    medium.writeNow(0, this.durable.readNow(0, this.blockCount));
    const kept =
      typeof keep === 'function' ? this.unflushed.filter(keep) : keep === 'all' ? this.unflushed : keep === 'newest' ? this.unflushed.slice(-1) : [];
    for (const { block, data } of kept) medium.writeNow(block, data);
    return medium;
  }
}

import { type BlockDevice, checkRange, checkWriteBuffer } from './block-device.js';

const PAGE_BLOCKS = 256;

/** A BlockDevice in memory, allocated lazily by pages so a large, mostly empty device is cheap. */
export class MemoryDevice implements BlockDevice {
  private readonly pages: (Uint8Array | undefined)[] = [];
  private readonly pageBytes: number;

  constructor(
    readonly blockSize: number,
    readonly blockCount: number,
    readonly name = 'memory',
  ) {
    if (!Number.isInteger(blockSize) || blockSize < 1) throw new RangeError(`blockSize ${blockSize} must be a positive integer`);
    if (!Number.isInteger(blockCount) || blockCount < 1) throw new RangeError(`blockCount ${blockCount} must be a positive integer`);
    this.pageBytes = PAGE_BLOCKS * blockSize;
  }

  async read(block: number, count: number): Promise<Uint8Array> {
    checkRange(this.name, this, block, count);
    return this.readNow(block, count);
  }

  async write(block: number, data: Uint8Array): Promise<void> {
    checkWriteBuffer(this.name, this, block, data);
    this.writeNow(block, data);
  }

  async flush(): Promise<void> {}

  /** Synchronous read for decorators and tests; same checks as read(). */
  readNow(block: number, count: number): Uint8Array {
    const out = new Uint8Array(count * this.blockSize);
    let done = 0;
    let offset = block * this.blockSize;
    while (done < out.length) {
      const pageIndex = Math.floor(offset / this.pageBytes);
      const within = offset - pageIndex * this.pageBytes;
      const length = Math.min(this.pageBytes - within, out.length - done);
      const page = this.pages[pageIndex];
      if (page) out.set(page.subarray(within, within + length), done);
      done += length;
      offset += length;
    }
    return out;
  }

  /** Synchronous write for decorators and tests. */
  writeNow(block: number, data: Uint8Array): void {
    let done = 0;
    let offset = block * this.blockSize;
    while (done < data.length) {
      const pageIndex = Math.floor(offset / this.pageBytes);
      const within = offset - pageIndex * this.pageBytes;
      const length = Math.min(this.pageBytes - within, data.length - done);
      let page = this.pages[pageIndex];
      if (!page) page = this.pages[pageIndex] = new Uint8Array(this.pageBytes);
      page.set(data.subarray(done, done + length), within);
      done += length;
      offset += length;
    }
  }
}

import { type BlockDevice, checkRange, checkWriteBuffer } from './block-device.js';

/** A contiguous range of another device, so several snapshot images can share one store device. */
export class PartitionDevice implements BlockDevice {
  readonly blockSize: number;

  constructor(
    private readonly inner: BlockDevice,
    readonly firstBlock: number,
    readonly blockCount: number,
    readonly name = `partition@${firstBlock}`,
  ) {
    this.blockSize = inner.blockSize;
    checkRange(name, inner, firstBlock, blockCount);
  }

  async read(block: number, count: number): Promise<Uint8Array> {
    checkRange(this.name, this, block, count);
    return this.inner.read(this.firstBlock + block, count);
  }

  async write(block: number, data: Uint8Array): Promise<void> {
    checkWriteBuffer(this.name, this, block, data);
    return this.inner.write(this.firstBlock + block, data);
  }

  async flush(): Promise<void> {
    return this.inner.flush();
  }
}

import { open, type FileHandle } from 'node:fs/promises';
import { type ClosableBlockDevice, checkRange, checkWriteBuffer } from './block-device.js';
import { DeviceError } from './errors.js';

export interface FileDeviceOptions {
  blockSize: number;
  /** Size of the device in blocks; with `create` the file is made sparse at this size. */
  blockCount?: number;
  /** Create (or truncate) the file; otherwise it must exist and its size gives blockCount. */
  create?: boolean;
}

/**
 * A BlockDevice on a real file: a sparse disk image a user can inspect with hexdump or losetup.
 * Bytes past the end of a short file read as zeros.
 */
export class FileDevice implements ClosableBlockDevice {
  private closed = false;

  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
    readonly blockSize: number,
    readonly blockCount: number,
  ) {}

  /** Opens or creates the image file at `path`. */
  static async open(path: string, options: FileDeviceOptions): Promise<FileDevice> {
    const { blockSize } = options;
    if (!Number.isInteger(blockSize) || blockSize < 1) throw new DeviceError(`${path}: block size ${blockSize}: expected a positive integer`);
    if (options.create) {
      const blockCount = options.blockCount;
      if (!Number.isInteger(blockCount) || blockCount! < 1) {
        throw new DeviceError(`${path}: block count ${blockCount}: expected a positive integer to create the file`);
      }
      const handle = await open(path, 'w+');
      await handle.truncate(blockCount! * blockSize);
      return new FileDevice(handle, path, blockSize, blockCount!);
    }
    let handle: FileHandle;
    try {
      handle = await open(path, 'r+');
    } catch (error) {
      throw new DeviceError(`${path}: cannot open the image file: ${(error as Error).message}`);
    }
    const { size } = await handle.stat();
    const blockCount = options.blockCount ?? Math.floor(size / blockSize);
    if (blockCount < 1) {
      await handle.close();
      throw new DeviceError(`${path}: file of ${size} bytes holds no whole block of ${blockSize} bytes`);
    }
    return new FileDevice(handle, path, blockSize, blockCount);
  }

  async read(block: number, count: number): Promise<Uint8Array> {
    this.checkOpen();
    checkRange(this.path, this, block, count);
    const out = new Uint8Array(count * this.blockSize);
    let done = 0;
    while (done < out.length) {
      const { bytesRead } = await this.handle.read(out, done, out.length - done, block * this.blockSize + done);
      if (bytesRead === 0) break; // past the end of a short file: the rest stays zero
      done += bytesRead;
    }
    return out;
  }

  async write(block: number, data: Uint8Array): Promise<void> {
    this.checkOpen();
    checkWriteBuffer(this.path, this, block, data);
    let done = 0;
    while (done < data.length) {
      const { bytesWritten } = await this.handle.write(data, done, data.length - done, block * this.blockSize + done);
      done += bytesWritten;
    }
  }

  async flush(): Promise<void> {
    this.checkOpen();
    await this.handle.datasync();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }

  private checkOpen(): void {
    if (this.closed) throw new DeviceError(`${this.path}: the device is closed`);
  }
}

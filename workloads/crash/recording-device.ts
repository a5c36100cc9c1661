/**
 * A BlockDevice decorator that records every write and flush into a shared OperationLog, as
 * dm-log-writes does beneath a file system. Reads pass through unrecorded: they change nothing a
 * crash could keep. The issue boundary is recorded before the inner device sees the request and
 * the completion boundary once it resolves, so the log's order is the order the engine saw.
 */
import type { BlockDevice } from '../../engine/block-device.js';
import { checkWriteBuffer } from '../../engine/block-device.js';
import type { OperationLog } from './operation-log.js';

export class RecordingDevice implements BlockDevice {
  readonly blockSize: number;
  readonly blockCount: number;
  /** This device's index in the log. */
  readonly logIndex: number;

  constructor(
    private readonly inner: BlockDevice,
    private readonly log: OperationLog,
    readonly name: string,
  ) {
    this.blockSize = inner.blockSize;
    this.blockCount = inner.blockCount;
    this.logIndex = log.addDevice(name, inner.blockSize, inner.blockCount);
  }

  read(block: number, count: number): Promise<Uint8Array> {
    return this.inner.read(block, count);
  }

  write(block: number, data: Uint8Array): Promise<void> {
    let logged;
    try {
      // A request the device refuses never reaches the medium: check before logging it.
      checkWriteBuffer(this.name, this, block, data);
      logged = this.log.beginWrite(this.logIndex, block, data);
    } catch (error) {
      return Promise.reject(error);
    }
    const written = this.inner.write(block, data);
    if (logged === undefined) return written;
    return written.then(
      () => this.log.end(logged, true),
      (error: unknown) => {
        this.log.end(logged, false);
        throw error;
      },
    );
  }

  flush(): Promise<void> {
    const logged = this.log.beginFlush(this.logIndex);
    const flushed = this.inner.flush();
    if (logged === undefined) return flushed;
    return flushed.then(
      () => this.log.end(logged, true),
      (error: unknown) => {
        this.log.end(logged, false);
        throw error;
      },
    );
  }
}

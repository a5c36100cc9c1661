/**
 * The recording device and its operation log: every write (a copy of its data) and flush of
 * every recorded device lands in one log, in the order of issue and completion boundaries.
 */
import { describe, expect, it } from 'vitest';
import type { BlockDevice } from '../../../engine/block-device.js';
import { DeviceError } from '../../../engine/errors.js';
import { MemoryDevice } from '../../../engine/memory-device.js';
import { CrashLogFullError, OperationLog } from '../../../workloads/crash/operation-log.js';
import { RecordingDevice } from '../../../workloads/crash/recording-device.js';

/** A device whose writes and flushes complete when the test says, in any order. */
class DeferredDevice implements BlockDevice {
  readonly pending: { what: string; finish(ok: boolean): void }[] = [];
  constructor(
    readonly blockSize: number,
    readonly blockCount: number,
  ) {}
  async read(_block: number, count: number): Promise<Uint8Array> {
    return new Uint8Array(count * this.blockSize);
  }
  write(block: number): Promise<void> {
    return this.defer(`write ${block}`);
  }
  flush(): Promise<void> {
    return this.defer('flush');
  }
  complete(what: string, ok = true): void {
    const index = this.pending.findIndex((entry) => entry.what === what);
    this.pending.splice(index, 1)[0]!.finish(ok);
  }
  private defer(what: string): Promise<void> {
    return new Promise((resolve, reject) => this.pending.push({ what, finish: (ok) => (ok ? resolve() : reject(new Error(`${what} failed`))) }));
  }
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('a recording device', () => {
  it('logs writes and flushes of all its devices in one order of issue and completion boundaries', async () => {
    const log = new OperationLog();
    const inner = new DeferredDevice(4, 8);
    const origin = new RecordingDevice(inner, log, 'origin');
    const store = new RecordingDevice(new MemoryDevice(4, 8), log, 'store');
    const data = new Uint8Array(8).fill(7);
    const first = origin.write(2, data);
    data.fill(9); // the caller reuses its buffer: the log keeps what was issued
    const flushed = origin.flush();
    await store.write(0, new Uint8Array(4).fill(1));
    inner.complete('write 2');
    await first;
    inner.complete('flush');
    await flushed;
    expect(log.devices.map((device) => device.name)).toEqual(['origin', 'store']);
    expect(log.operations.map((operation) => [operation.kind, operation.device, operation.issuedAt, operation.completedAt])).toEqual([
      ['write', 0, 0, 4],
      ['flush', 0, 1, 5],
      ['write', 1, 2, 3],
    ]);
    const write = log.operations[0]!;
    expect(write.kind === 'write' && [write.block, write.count, [...write.data]]).toEqual([2, 2, [7, 7, 7, 7, 7, 7, 7, 7]]);
    expect(log.boundaries).toBe(6);
    expect(log.flushPoints()).toEqual([6]);
    expect(log.isFlushPoint(6)).toBe(true);
    expect(log.isFlushPoint(5)).toBe(false);
    expect(log.describeCut(4)).toBe('after the completion of a write to store block 0');
    expect(log.describeCut(5)).toBe('after the completion of a write to origin blocks 2..3');
    expect(log.heldBytes).toBe(12);
  });

  it('leaves a failed write in flight for ever, and logs nothing the device refuses', async () => {
    const log = new OperationLog();
    const inner = new DeferredDevice(4, 8);
    const device = new RecordingDevice(inner, log, 'origin');
    const failing = device.write(0, new Uint8Array(4));
    inner.complete('write 0', false);
    await expect(failing).rejects.toThrow('write 0 failed');
    await expect(device.write(7, new Uint8Array(8))).rejects.toThrow(DeviceError);
    expect(log.operations).toHaveLength(1);
    expect(log.operations[0]).toMatchObject({ failed: true, completedAt: -1 });
    expect(log.boundaries).toBe(1);
  });

  it('passes operations through unrecorded once frozen', async () => {
    const log = new OperationLog();
    const inner = new MemoryDevice(4, 4);
    const device = new RecordingDevice(inner, log, 'origin');
    await device.write(0, new Uint8Array(4).fill(3));
    log.freeze();
    await device.write(1, new Uint8Array(4).fill(4));
    await device.flush();
    await settle();
    expect(log.boundaries).toBe(2);
    expect([...inner.readNow(0, 2)]).toEqual([3, 3, 3, 3, 4, 4, 4, 4]);
  });

  it('refuses to hold more data than its bound, with an error a user can act on', async () => {
    const log = new OperationLog(16);
    const device = new RecordingDevice(new MemoryDevice(4, 8), log, 'origin');
    await device.write(0, new Uint8Array(16));
    await expect(device.write(4, new Uint8Array(4))).rejects.toThrow(CrashLogFullError);
    await expect(device.write(4, new Uint8Array(4))).rejects.toThrow(/too large for the crash explorer/);
  });
});

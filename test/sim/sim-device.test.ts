import { describe, expect, it } from 'vitest';
import { DeviceError } from '../../engine/errors.js';
import type { DiskModel, DiskRequest } from '../../sim/disk-model.js';
import { Kernel } from '../../sim/kernel.js';
import { FixedModel } from '../../sim/models/fixed.js';
import { NullModel } from '../../sim/models/null.js';
import { OverlappingWriteError, SimDevice, type SimDeviceOptions } from '../../sim/sim-device.js';

/** A drive that records what it was handed, around any model. */
class RecordingModel implements DiskModel {
  readonly submitted: { id: number; operation: string; offsetBytes: number; sizeBytes: number; atNs: number }[] = [];
  readonly completed: { id: number; operation: string; atNs: number }[] = [];
  constructor(private readonly inner: DiskModel) {}
  get model(): string {
    return this.inner.model;
  }
  get capacityBytes(): number {
    return this.inner.capacityBytes;
  }
  get queueDepth(): number {
    return this.inner.queueDepth;
  }
  submit(request: DiskRequest, nowNs: number): void {
    const { id, operation, offsetBytes, sizeBytes } = request;
    this.submitted.push({ id, operation, offsetBytes, sizeBytes, atNs: nowNs });
    this.inner.submit(request, nowNs);
  }
  nextCompletionNs(): number | undefined {
    return this.inner.nextCompletionNs();
  }
  complete(nowNs: number): DiskRequest {
    const request = this.inner.complete(nowNs);
    this.completed.push({ id: request.id, operation: request.operation, atNs: nowNs });
    return request;
  }
  outstanding(): number {
    return this.inner.outstanding();
  }
  figures(): Record<string, number> {
    return this.inner.figures();
  }
}

const deterministic = (servers: number, serviceUs: number, queueDepth = servers): FixedModel =>
  new FixedModel({ servers, queueDepth, meanServiceTimeUs: serviceUs, distribution: 'deterministic', capacityBytes: 2 ** 50 }, () => 0.5);

function setUp(options: Partial<SimDeviceOptions> & { model: DiskModel }): { kernel: Kernel; device: SimDevice } {
  const kernel = new Kernel();
  const device = new SimDevice({ name: 'disk0', kernel, blockSize: 16, blockCount: 128, ...options });
  return { kernel, device };
}

const filled = (value: number, blocks = 1, blockSize = 16): Uint8Array => new Uint8Array(blocks * blockSize).fill(value);

describe('SimDevice: strict discipline', () => {
  it('rejects a second write to a block while the first is in flight, naming device, block and both requests', async () => {
    const { kernel, device } = setUp({ model: deterministic(2, 100) });
    const first = device.write(4, filled(1, 3));
    const second = device.write(6, filled(2));
    await expect(second).rejects.toBeInstanceOf(OverlappingWriteError);
    await expect(second).rejects.toThrow(
      /SimDevice disk0: block 6: write request #1 \(blocks 6\.\.6, at 0 ns\) overlaps request #0 \(write blocks 4\.\.6, queued at 0 ns\)/,
    );
    await kernel.run();
    await first;
    // Once the first completed, the block is free again.
    const third = device.write(6, filled(3));
    await kernel.run();
    await third;
    expect(Array.from(await readNow(kernel, device, 4, 3)).filter((_, i) => i % 16 === 0)).toEqual([1, 1, 3]);
  });

  it('allows reads alongside writes, and overlapping writes when not strict (the last completion wins)', async () => {
    const { kernel, device } = setUp({ model: deterministic(2, 100), strict: false });
    const writes = [device.write(0, filled(1)), device.write(0, filled(2))];
    const read = device.read(0, 1);
    await kernel.run();
    await Promise.all(writes);
    await read;
    expect((await readNow(kernel, device, 0, 1))[0]).toBe(2);
  });
});

describe('SimDevice: flush', () => {
  it('completes after every write issued before it, without holding back later writes', async () => {
    const model = new RecordingModel(deterministic(2, 10));
    const { kernel, device } = setUp({ model });
    const completedAt = new Map<string, number>();
    const track = (name: string, promise: Promise<unknown>): void => {
      void promise.then(() => completedAt.set(name, kernel.nowNs()));
    };
    for (let index = 0; index < 4; index++) track(`w${index}`, device.write(index, filled(index + 1)));
    track('flush', device.flush());
    track('w4', device.write(10, filled(9)));
    await kernel.run();
    const lastEarlierWrite = Math.max(...[0, 1, 2, 3].map((index) => completedAt.get(`w${index}`)!));
    expect(lastEarlierWrite).toBe(20_000);
    expect(completedAt.get('flush')).toBeGreaterThanOrEqual(lastEarlierWrite);
    const order = model.submitted.map((request) => request.operation + request.id);
    // w4 (id 5) went to the drive before the flush (id 4), whose barrier fell only at 20 us.
    expect(order).toEqual(['write0', 'write1', 'write2', 'write3', 'write5', 'flush4']);
    expect(model.submitted.find((request) => request.operation === 'flush')!.atNs).toBe(20_000);
    expect(device.stats().operations.flush.requests).toBe(1);
  });

  it('goes straight to the drive when no write is in flight', async () => {
    const model = new RecordingModel(deterministic(1, 10));
    const { kernel, device } = setUp({ model });
    const flushed = device.flush();
    await kernel.run();
    await flushed;
    expect(kernel.nowNs()).toBe(10_000);
    expect(model.submitted).toEqual([{ id: 0, operation: 'flush', offsetBytes: 0, sizeBytes: 0, atNs: 0 }]);
  });
});

describe('SimDevice: nominal block size and sparse payloads', () => {
  it('shows the model nominal offsets and sizes while storing small payloads', async () => {
    const model = new RecordingModel(new NullModel({ queueDepth: 8, capacityBytes: 2 ** 50 }));
    const { kernel, device } = setUp({ model, blockSize: 16, nominalBlockSizeBytes: 4096 });
    const written = device.write(3, filled(7, 2));
    await kernel.run();
    await written;
    expect(model.submitted[0]).toMatchObject({ operation: 'write', offsetBytes: 3 * 4096, sizeBytes: 2 * 4096 });
    expect(device.stats().bytes).toBe(8192);
    expect(device.stats().operations.write.bytes).toBe(8192);
  });

  it('holds a device of 1e8 blocks in memory proportional to the blocks written', async () => {
    const { kernel, device } = setUp({
      model: new NullModel({ queueDepth: 8, capacityBytes: 2 ** 50 }),
      blockSize: 64,
      nominalBlockSizeBytes: 4096,
      blockCount: 1e8,
    });
    const blocks = [0, 12_345_678, 1e8 - 1];
    await Promise.all([...blocks.map((block) => device.write(block, filled(block % 251, 1, 64))), kernel.run()]);
    for (const block of blocks) expect((await readNow(kernel, device, block, 1))[5]).toBe(block % 251);
    expect(Array.from(await readNow(kernel, device, 50_000_000, 2))).toEqual(new Array(128).fill(0));
    expect(device.stats().payloadBytesAllocated).toBeLessThanOrEqual(3 * 64 * 1024);
  });

  it('refuses a device larger than its model and bad sizes, with DeviceErrors', () => {
    const kernel = new Kernel();
    const small = new NullModel({ queueDepth: 1, capacityBytes: 4096 });
    expect(() => new SimDevice({ name: 'big', kernel, model: small, blockSize: 512, blockCount: 9 })).toThrow(DeviceError);
    expect(() => new SimDevice({ name: 'big', kernel, model: small, blockSize: 512, blockCount: 8, nominalBlockSizeBytes: 1024 })).toThrow(
      /exceed the null model's capacity of 4096 bytes/,
    );
    expect(() => new SimDevice({ name: 'odd', kernel, model: small, blockSize: 0, blockCount: 8 })).toThrow(DeviceError);
  });
});

describe('SimDevice: statistics', () => {
  it('measures utilisation, queue and service times, depth and its timeline exactly', async () => {
    const { kernel, device } = setUp({ model: deterministic(1, 100), queueDepthSampleIntervalNs: 100_000 });
    for (let index = 0; index < 10; index++) void (index % 2 === 0 ? device.read(index, 1) : device.write(index, filled(1)));
    expect(device.requestsInFlight()).toBe(10);
    await kernel.run();
    expect(device.requestsInFlight()).toBe(0);
    const stats = device.stats();
    expect(stats).toMatchObject({
      name: 'disk0',
      model: 'fixed',
      scheduler: 'fifo',
      elapsedNs: 1_000_000,
      busyNs: 1_000_000,
      utilization: 1,
      requests: 10,
      bytes: 160,
      iops: 10_000,
    });
    expect(stats.serviceTimeUs).toMatchObject({ count: 10, mean: 100, min: 100, max: 100 });
    expect(stats.queueTimeUs).toMatchObject({ count: 10, mean: 450, min: 0, max: 900 });
    expect(stats.responseTimeUs).toMatchObject({ count: 10, mean: 550, min: 100, max: 1000 });
    expect(stats.operations.read.requests).toBe(5);
    expect(stats.operations.write.requests).toBe(5);
    expect(stats.operations.read.meanServiceTimeUs).toBe(100);
    expect(stats.queueDepth).toEqual({
      meanInDevice: 5.5,
      meanInDrive: 1,
      meanInHost: 4.5,
      maxInDevice: 10,
      timeline: { intervalNs: 100_000, meanInDevice: [10, 9, 8, 7, 6, 5, 4, 3, 2, 1] },
    });
    expect(stats.figures).toEqual({ completed: 10, meanServiceTimeUs: 100 });
  });

  it('counts idle time against utilisation and starts afresh after resetStats', async () => {
    const { kernel, device } = setUp({ model: deterministic(1, 100) });
    void device.read(0, 1);
    await kernel.run({ untilNs: 400_000 });
    expect(device.stats().utilization).toBe(0.25);
    device.resetStats();
    kernel.schedule(500_000, () => void device.read(1, 1));
    await kernel.run({ untilNs: 800_000 });
    const stats = device.stats();
    expect(stats.elapsedNs).toBe(400_000);
    expect(stats.requests).toBe(1);
    expect(stats.utilization).toBe(0.25);
  });
});

describe('SimDevice: host scheduler', () => {
  it('dispatches queued requests C-LOOK with the elevator', async () => {
    const model = new RecordingModel(deterministic(1, 10));
    const { kernel, device } = setUp({ model, scheduler: 'elevator', nominalBlockSizeBytes: 512 });
    for (const block of [50, 10, 30, 70, 20]) void device.read(block, 1);
    await kernel.run();
    expect(model.submitted.map((request) => request.offsetBytes / 512)).toEqual([50, 70, 10, 20, 30]);
  });

  it('fails loudly if a model completes a request it was never given', async () => {
    const broken: DiskModel = {
      model: 'broken',
      capacityBytes: 2 ** 40,
      queueDepth: 1,
      submit: () => undefined,
      nextCompletionNs: () => 0,
      complete: () => ({ id: 99, operation: 'read', offsetBytes: 0, sizeBytes: 0, queuedAtNs: 0 }),
      outstanding: () => 0,
      figures: () => ({}),
    };
    const { kernel, device } = setUp({ model: broken });
    void device.read(0, 1);
    await expect(kernel.run()).rejects.toThrow(/model broken completed a request it was never given \(id 99\)/);
  });
});

/** Reads through the kernel: issue, run until quiet, return the data. */
async function readNow(kernel: Kernel, device: SimDevice, block: number, count: number): Promise<Uint8Array> {
  const read = device.read(block, count);
  await kernel.run();
  return read;
}

describe('inspection', () => {
  it('reads what the device holds at once, outside virtual time, the model and the figures; refuses while writes are in flight', async () => {
    const model = new RecordingModel(deterministic(1, 100, 4));
    const { kernel, device } = setUp({ model });
    const data = new Uint8Array(32).fill(7);
    kernel.spawn('write', () => device.write(3, data));
    await kernel.run();
    const before = { submitted: model.submitted.length, nowNs: kernel.nowNs(), completed: device.stats().operations.read.requests };
    device.inspecting = true;
    expect(await device.read(3, 2)).toEqual(data);
    expect(await device.read(0, 1)).toEqual(new Uint8Array(16));
    expect({ submitted: model.submitted.length, nowNs: kernel.nowNs(), completed: device.stats().operations.read.requests }).toEqual(before);
    // A write in flight has no defined content yet: inspection must not guess.
    device.inspecting = false;
    const pending = device.write(5, new Uint8Array(16).fill(1));
    device.inspecting = true;
    await expect(device.read(5, 1)).rejects.toThrow('disk0: inspected with 1 writes in flight');
    device.inspecting = false;
    await kernel.run();
    await pending;
  });
});

/**
 * SimDevice: a BlockDevice whose requests complete at virtual times set by a disk model.
 *
 * A request waits in the host scheduler, enters the drive while it has a free slot, and completes
 * when the model says; a kernel timer stands at the model's next completion. Data stays pristine
 * in a sparse store: writes land at completion, reads copy at completion. Payload blocks may be
 * smaller than the nominal block size the model times, so a run can touch tens of millions of
 * 4 KiB blocks while storing 64 bytes of each (design.md section 3).
 *
 * Strict mode asserts the caller's discipline (TigerBeetle style): two writes to one block in
 * flight at once have no defined order on a real disk, so it is a bug in the caller.
 */
import { checkRange, checkWriteBuffer, type BlockDevice } from '../engine/block-device.js';
import { DeviceError } from '../engine/errors.js';
import { NumberKeyMap } from '../engine/number-key-map.js';
import { DeviceStatistics, type SimDeviceStats } from './device-stats.js';
import type { DiskModel, DiskOperation, DiskRequest } from './disk-model.js';
import type { Kernel, KernelEvent } from './kernel.js';
import { RingQueue } from './ring-queue.js';
import { createScheduler, type HostScheduler, type SchedulableRequest } from './schedulers/index.js';
import { SparseStore } from './sparse-store.js';

export type { SimDeviceStats } from './device-stats.js';

export interface SimDeviceOptions {
  readonly name: string;
  readonly kernel: Kernel;
  readonly model: DiskModel;
  /** A scheduler instance, or a registry name (default 'fifo'). */
  readonly scheduler?: HostScheduler<SchedulableRequest> | string;
  /** Raw parameters for a scheduler given by name (checked by its schema). */
  readonly schedulerParams?: unknown;
  /** Payload bytes per block: what the engine reads and writes. */
  readonly blockSize: number;
  readonly blockCount: number;
  /** Bytes per block the timing model sees (default blockSize). */
  readonly nominalBlockSizeBytes?: number;
  /** Reject overlapping in-flight writes as caller bugs (default true). */
  readonly strict?: boolean;
  /** When set, stats() carries a queue depth timeline with this interval. */
  readonly queueDepthSampleIntervalNs?: number;
  /**
   * Keep written payloads (default true). False makes a timing-only device: writes land nowhere
   * and reads return zeros, so replaying a trace over a whole drive costs no payload memory.
   */
  readonly keepPayload?: boolean;
}

/** Thrown (as a rejection) when strict mode sees two writes to one block in flight: a caller bug. */
export class OverlappingWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OverlappingWriteError';
  }
}

/** One request as the device tracks it; the model sees it as a DiskRequest. */
class SimRequest implements DiskRequest {
  dispatchedAtNs = 0;
  /** Flushes issued before this write; a flush waits for writes with an epoch at most its own. */
  flushEpoch = 0;
  constructor(
    readonly id: number,
    readonly operation: DiskOperation,
    readonly offsetBytes: number,
    readonly sizeBytes: number,
    readonly queuedAtNs: number,
    readonly block: number,
    readonly count: number,
    readonly data: Uint8Array | undefined,
    readonly resolve: (value: any) => void,
  ) {}

  describe(): string {
    return `request #${this.id} (${this.operation} blocks ${this.block}..${this.block + this.count - 1}, queued at ${this.queuedAtNs} ns)`;
  }
}

/** A flush waiting for the writes issued before it. */
interface FlushBarrier {
  readonly request: SimRequest;
  readonly epoch: number;
  remaining: number;
}

export class SimDevice implements BlockDevice {
  readonly name: string;
  readonly blockSize: number;
  readonly blockCount: number;
  readonly nominalBlockSizeBytes: number;
  readonly strict: boolean;
  readonly keepPayload: boolean;
  readonly model: DiskModel;
  readonly kernel: Kernel;
  readonly scheduler: HostScheduler<SchedulableRequest>;

  private readonly store: SparseStore;
  private readonly statistics: DeviceStatistics;
  private nextRequestId = 0;
  private completedRequests = 0;
  private headOffsetBytes = 0;
  private timer: KernelEvent | undefined;
  private timerAtNs = 0;
  /** Strict mode: block -> the write in flight on it. */
  private readonly writesInFlightByBlock = new NumberKeyMap<SimRequest>();
  private writesInFlight = 0;
  private flushesIssued = 0;
  private readonly flushBarriers: FlushBarrier[] = [];
  private readonly readyFlushes = new RingQueue<SimRequest>(4);

  constructor(options: SimDeviceOptions) {
    const { name, kernel, model, blockSize, blockCount } = options;
    const nominal = options.nominalBlockSizeBytes ?? blockSize;
    for (const [field, value] of [['blockSize', blockSize], ['blockCount', blockCount], ['nominalBlockSizeBytes', nominal]] as const) {
      if (!Number.isSafeInteger(value) || value < 1) {
        throw new DeviceError(`SimDevice ${name}: ${field} must be a positive integer, got ${value}`);
      }
    }
    if (blockCount * nominal > model.capacityBytes) {
      throw new DeviceError(
        `SimDevice ${name}: ${blockCount} blocks of ${nominal} bytes exceed the ${model.model} model's capacity of ${model.capacityBytes} bytes`,
      );
    }
    if (!Number.isSafeInteger(model.queueDepth) || model.queueDepth < 1) {
      throw new DeviceError(`SimDevice ${name}: model ${model.model} has queue depth ${model.queueDepth}, expected an integer >= 1`);
    }
    this.name = name;
    this.kernel = kernel;
    this.model = model;
    this.blockSize = blockSize;
    this.blockCount = blockCount;
    this.nominalBlockSizeBytes = nominal;
    this.strict = options.strict ?? true;
    this.keepPayload = options.keepPayload ?? true;
    const scheduler = options.scheduler ?? 'fifo';
    this.scheduler = typeof scheduler === 'string' ? createScheduler<SchedulableRequest>(scheduler, options.schedulerParams ?? {}) : scheduler;
    this.store = new SparseStore(blockSize, blockCount);
    this.statistics = new DeviceStatistics(kernel.nowNs(), options.queueDepthSampleIntervalNs ?? 0);
  }

  /**
   * Inspection: reads return the stored payloads at once, outside virtual time, the scheduler and
   * the disk model, and count in no figure. For checks after a run (every block of every view)
   * that must see what the device holds without simulating how long reading it would take. A read
   * within one page of the store returns a view of it, not a copy: the caller must not write into
   * what an inspecting read returns.
   */
  inspecting = false;

  /** Reads blocks as they stand when the drive completes the read. */
  read(block: number, count: number): Promise<Uint8Array> {
    try {
      checkRange(this.name, this, block, count);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.inspecting) return this.inspect(block, count);
    this.setPending('read', block, count, undefined);
    return new Promise<Uint8Array>(this.submitPending);
  }

  /** Writes blocks; the data lands when the drive completes, so the caller must not reuse the buffer before. */
  write(block: number, data: Uint8Array): Promise<void> {
    let count: number;
    try {
      count = checkWriteBuffer(this.name, this, block, data);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.strict) {
      for (let index = 0; index < count; index++) {
        const other = this.writesInFlightByBlock.get(block + index);
        if (other !== undefined) {
          return Promise.reject(
            new OverlappingWriteError(
              `SimDevice ${this.name}: block ${block + index}: write request #${this.nextRequestId} (blocks ${block}..${block + count - 1}, ` +
                `at ${this.kernel.nowNs()} ns) overlaps ${other.describe()} still in flight; ` +
                'two writes to one block in flight at once have no defined order (the caller must serialise them)',
            ),
          );
        }
      }
    }
    this.setPending('write', block, count, data);
    return new Promise<void>(this.submitPending);
  }

  /** Completes after every write issued before it has completed, then the drive's own flush time. */
  flush(): Promise<void> {
    this.setPending('flush', 0, 0, undefined);
    return new Promise<void>(this.submitPending);
  }

  /** The statistics of the current window (since creation or resetStats). */
  stats(): SimDeviceStats {
    return this.statistics.snapshot(this.kernel.nowNs(), {
      name: this.name,
      model: this.model.model,
      scheduler: this.scheduler.name,
      payloadBytesAllocated: this.store.allocatedBytes,
      figures: this.model.figures(),
    });
  }

  /** Busy time of the current statistics window: stats().busyNs without the rest of the snapshot. */
  busyNs(): number {
    return this.statistics.busyNsAt(this.kernel.nowNs());
  }

  /** Starts a new statistics window, to leave warm-up out of the figures. */
  resetStats(): void {
    this.statistics.reset(this.kernel.nowNs());
  }

  /** Turns on the queue depth timeline: mean requests in the device over each intervalNs. */
  sampleQueueDepth(intervalNs: number): void {
    this.statistics.sampleQueueDepth(intervalNs, this.kernel.nowNs());
  }

  /** Requests submitted and not yet completed. */
  requestsInFlight(): number {
    return this.nextRequestId - this.completedRequests;
  }

  /*
   * The request being created: one shared promise executor reads it, so a request costs no
   * closure of its own (the executor runs synchronously inside new Promise).
   */
  private pendingOperation: DiskOperation = 'read';
  private pendingBlock = 0;
  private pendingCount = 0;
  private pendingData: Uint8Array | undefined;

  private inspect(block: number, count: number): Promise<Uint8Array> {
    if (this.writesInFlight > 0) return Promise.reject(new Error(`${this.name}: inspected with ${this.writesInFlight} writes in flight`));
    const view = this.store.view(block, count);
    if (view !== undefined) return Promise.resolve(view);
    const data = new Uint8Array(count * this.blockSize);
    this.store.read(block, count, data, 0, true);
    return Promise.resolve(data);
  }

  private setPending(operation: DiskOperation, block: number, count: number, data: Uint8Array | undefined): void {
    this.pendingOperation = operation;
    this.pendingBlock = block;
    this.pendingCount = count;
    this.pendingData = data;
  }

  private readonly submitPending = (resolve: (value: any) => void): void => {
    const data = this.pendingData;
    this.pendingData = undefined;
    this.submit(this.pendingOperation, this.pendingBlock, this.pendingCount, data, resolve);
  };

  private submit(
    operation: DiskOperation,
    block: number,
    count: number,
    data: Uint8Array | undefined,
    resolve: (value: any) => void,
  ): void {
    const nowNs = this.kernel.nowNs();
    const nominal = this.nominalBlockSizeBytes;
    const request = new SimRequest(this.nextRequestId++, operation, block * nominal, count * nominal, nowNs, block, count, data, resolve);
    this.statistics.queued(nowNs);
    if (operation === 'flush') {
      const epoch = this.flushesIssued++;
      if (this.writesInFlight === 0) this.readyFlushes.push(request);
      else this.flushBarriers.push({ request, epoch, remaining: this.writesInFlight });
    } else {
      if (operation === 'write') {
        request.flushEpoch = this.flushesIssued;
        this.writesInFlight++;
        if (this.strict) {
          for (let index = 0; index < count; index++) this.writesInFlightByBlock.set(block + index, request);
        }
      }
      this.scheduler.push(request);
    }
    this.fillDrive(nowNs);
    this.armTimer(nowNs);
  }

  /** Hands queued requests to the drive while it has free slots; flushes whose barrier fell go first. */
  private fillDrive(nowNs: number): void {
    const model = this.model;
    const depth = model.queueDepth;
    while (model.outstanding() < depth) {
      let request = this.readyFlushes.shift();
      if (request === undefined) {
        if (this.scheduler.size() === 0) return;
        request = this.scheduler.pop(this.headOffsetBytes, nowNs) as SimRequest | undefined;
        if (request === undefined) return;
        this.headOffsetBytes = request.offsetBytes + request.sizeBytes;
      }
      request.dispatchedAtNs = nowNs;
      this.statistics.dispatched(nowNs - request.queuedAtNs, nowNs);
      model.submit(request, nowNs);
    }
  }

  /** Keeps one kernel timer at the drive's next completion (rounded up to whole nanoseconds). */
  private armTimer(nowNs: number): void {
    const next = this.model.nextCompletionNs();
    if (next === undefined) return;
    const atNs = Math.max(nowNs, Math.ceil(next));
    if (this.timer !== undefined) {
      if (this.timerAtNs <= atNs) return;
      this.kernel.cancel(this.timer);
    }
    this.timerAtNs = atNs;
    this.timer = this.kernel.schedule(atNs, this.onTimer);
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    const nowNs = this.kernel.nowNs();
    const model = this.model;
    let completed = false;
    for (;;) {
      const next = model.nextCompletionNs();
      if (next === undefined || next > nowNs) break;
      const request = model.complete(nowNs);
      if (!(request instanceof SimRequest)) {
        throw new Error(`SimDevice ${this.name}: model ${model.model} completed a request it was never given (id ${request.id})`);
      }
      this.finish(request, nowNs);
      completed = true;
      this.fillDrive(nowNs);
    }
    this.armTimer(nowNs);
    if (completed) this.kernel.requestDrain();
  };

  private finish(request: SimRequest, nowNs: number): void {
    this.completedRequests++;
    const queueNs = request.dispatchedAtNs - request.queuedAtNs;
    this.statistics.completed(request.operation, request.sizeBytes, queueNs, nowNs - request.dispatchedAtNs, nowNs);
    switch (request.operation) {
      case 'read': {
        const data = new Uint8Array(request.count * this.blockSize);
        this.store.read(request.block, request.count, data, 0, true);
        request.resolve(data);
        return;
      }
      case 'write': {
        if (this.keepPayload) this.store.write(request.block, request.data!);
        this.writesInFlight--;
        if (this.strict) {
          for (let index = 0; index < request.count; index++) this.writesInFlightByBlock.delete(request.block + index);
        }
        if (this.flushBarriers.length > 0) this.releaseFlushes(request.flushEpoch);
        request.resolve(undefined);
        return;
      }
      case 'flush':
        request.resolve(undefined);
        return;
    }
  }

  /** A write of this epoch completed: flushes issued after it have one write less to wait for. */
  private releaseFlushes(writeEpoch: number): void {
    const barriers = this.flushBarriers;
    let kept = 0;
    for (const barrier of barriers) {
      if (barrier.epoch >= writeEpoch) barrier.remaining--;
      if (barrier.remaining === 0) this.readyFlushes.push(barrier.request);
      else barriers[kept++] = barrier;
    }
    barriers.length = kept;
  }
}

/**
 * The operation log of one run, in the manner of dm-log-writes: every write (with a copy of its
 * data) and every flush that the engine issues to any recorded device, in one global order of
 * operation boundaries. A boundary is an issue or a completion; boundary indices count from 0 over
 * all devices. A cut c (0..boundaries) is the moment after the first c boundaries: a crash state
 * is rebuilt from the operations whose boundaries come before it (crash-state.ts).
 */
import { CowsimError } from '../../engine/errors.js';

/** One recorded device: the store device, not the partitions the schedule makes of it. */
export interface LoggedDevice {
  readonly name: string;
  readonly blockSize: number;
  readonly blockCount: number;
}

export interface LoggedWrite {
  readonly kind: 'write';
  /** Position in the log's operations. */
  readonly index: number;
  readonly device: number;
  readonly block: number;
  readonly count: number;
  /** A copy of the data as issued. */
  readonly data: Uint8Array;
  /** Boundary index of the issue. */
  readonly issuedAt: number;
  /** Boundary index of the completion; -1 while in flight, and for ever if it failed. */
  completedAt: number;
  failed: boolean;
}

export interface LoggedFlush {
  readonly kind: 'flush';
  readonly index: number;
  readonly device: number;
  readonly issuedAt: number;
  completedAt: number;
  failed: boolean;
}

export type LoggedOperation = LoggedWrite | LoggedFlush;

/** The run wrote more than the log may hold: the scenario is too large to explore crashes of. */
export class CrashLogFullError extends CowsimError {}

/** Default bound on the data copies one log holds. */
export const DEFAULT_MAX_LOG_BYTES = 128 * 1024 * 1024;

export class OperationLog {
  readonly devices: LoggedDevice[] = [];
  readonly operations: LoggedOperation[] = [];
  /** Per boundary: operation index * 2, plus 1 for a completion. */
  private owners = new Int32Array(1024);
  private boundaryCount = 0;
  private dataBytes = 0;
  private frozen = false;

  constructor(readonly maxDataBytes = DEFAULT_MAX_LOG_BYTES) {}

  /** Registers a device; returns its index in `devices`. */
  addDevice(name: string, blockSize: number, blockCount: number): number {
    this.devices.push({ name, blockSize, blockCount });
    return this.devices.length - 1;
  }

  /** Boundaries recorded so far: the cut that stands for "now". */
  get boundaries(): number {
    return this.boundaryCount;
  }

  /** Bytes of data copies held. */
  get heldBytes(): number {
    return this.dataBytes;
  }

  /** True once freeze() was called: later operations pass unrecorded. */
  get isFrozen(): boolean {
    return this.frozen;
  }

  /** Records the issue of a write; undefined once the log is frozen. */
  beginWrite(device: number, block: number, data: Uint8Array): LoggedWrite | undefined {
    if (this.frozen) return undefined;
    this.dataBytes += data.length;
    if (this.dataBytes > this.maxDataBytes) {
      throw new CrashLogFullError(
        `the crash log would hold more than ${this.maxDataBytes} bytes of written data: the scenario is too large for the crash explorer; shorten its duration or ios, or shrink its volume`,
      );
    }
    const count = data.length / this.devices[device]!.blockSize;
    const write: LoggedWrite = { kind: 'write', index: this.operations.length, device, block, count, data: data.slice(), issuedAt: this.boundaryCount, completedAt: -1, failed: false };
    this.push(write);
    return write;
  }

  /** Records the issue of a flush; undefined once the log is frozen. */
  beginFlush(device: number): LoggedFlush | undefined {
    if (this.frozen) return undefined;
    const flush: LoggedFlush = { kind: 'flush', index: this.operations.length, device, issuedAt: this.boundaryCount, completedAt: -1, failed: false };
    this.push(flush);
    return flush;
  }

  /** Records a completion; a failed operation gets no completion boundary (it stays in flight). */
  end(operation: LoggedOperation, ok: boolean): void {
    if (!ok) {
      operation.failed = true;
      return;
    }
    if (this.frozen) throw new Error(`operation log: an operation issued at boundary ${operation.issuedAt} completed after the log was frozen`);
    operation.completedAt = this.boundaryCount;
    this.addBoundary((operation.index << 1) | 1);
  }

  /** Stops recording: the cuts of the run are fixed from here on. */
  freeze(): void {
    this.frozen = true;
  }

  /** Cuts right after each flush completion: the flush points of design.md section 7 (S4). */
  flushPoints(): number[] {
    const points: number[] = [];
    for (const operation of this.operations) if (operation.kind === 'flush' && operation.completedAt >= 0) points.push(operation.completedAt + 1);
    return points.sort((a, b) => a - b);
  }

  /** True when the boundary just before `cut` is a flush completion. */
  isFlushPoint(cut: number): boolean {
    if (cut < 1 || cut > this.boundaryCount) return false;
    const owner = this.owners[cut - 1]!;
    return (owner & 1) === 1 && this.operations[owner >> 1]!.kind === 'flush';
  }

  /** Names the boundary just before a cut, for reports: "after the completion of a flush of origin". */
  describeCut(cut: number): string {
    if (cut === 0) return 'before the first operation';
    const owner = this.owners[cut - 1]!;
    const operation = this.operations[owner >> 1]!;
    const what = (owner & 1) === 1 ? 'completion' : 'issue';
    const device = this.devices[operation.device]!.name;
    if (operation.kind === 'flush') return `after the ${what} of a flush of ${device}`;
    const blocks = operation.count === 1 ? `block ${operation.block}` : `blocks ${operation.block}..${operation.block + operation.count - 1}`;
    return `after the ${what} of a write to ${device} ${blocks}`;
  }

  private push(operation: LoggedOperation): void {
    this.operations.push(operation);
    this.addBoundary(operation.index << 1);
  }

  private addBoundary(owner: number): void {
    if (this.boundaryCount === this.owners.length) {
      const grown = new Int32Array(this.owners.length * 2);
      grown.set(this.owners);
      this.owners = grown;
    }
    this.owners[this.boundaryCount++] = owner;
  }
}

/**
 * The snapshot schedule: preserve commands at given times, periodically with a retention count
 * (the oldest deleted once more are kept), or when a workload has completed a number of I/Os.
 * The snapshot store device is divided into equal images, one per snapshot alive at once; a
 * deleted snapshot's image is reused. In a run with faults, a preserve or delete that fails with a
 * device fault is recorded on its snapshot and the schedule goes on.
 */
import type { BlockDevice } from '../engine/block-device.js';
import type { KernelEvent } from '../sim/kernel.js';
import { PartitionDevice } from '../engine/partition-device.js';
import type { SnapshotInfo } from '../engine/snapshot.js';
import type { SnapshotStrategy } from '../engine/snapshot-strategy.js';
import { isFaultError } from '../sim/faults/media-error.js';
import type { Kernel } from '../sim/kernel.js';
import type { MetricsRecorder } from './metrics.js';
import type { Oracle } from './oracle.js';
import type { RunObserver } from './run-observer.js';
import type { SnapshotResult } from './run-result.js';
import type { Scenario } from './scenario/resolve.js';

interface Taken {
  id: number;
  takenAtNs: number;
  deletedAtNs?: number;
  image: number;
  /** Last known figures (kept after deletion). */
  info?: SnapshotInfo;
  /** Why its preserve or delete failed (a device fault); such a snapshot is never read or checked. */
  failure?: string;
  /** Its preserve failed and the engine gave it up: nothing to delete, its image was freed at once. */
  released?: boolean;
}

export class SnapshotSchedule {
  private readonly images: BlockDevice[] = [];
  private readonly free: number[] = [];
  private readonly taken: Taken[] = [];
  private readonly triggers: { workload: number[]; ios: number; fired: boolean }[];
  private readonly progress: number[];
  /** Preserve commands given during the run, skipped ones included. */
  commands = 0;
  /** Preserve commands that found no free image (more alive than the store was divided for). */
  skipped = 0;
  /** When each skipped command came, in order: a skipped command takes no snapshot, so only this records it. */
  readonly skippedAtNs: number[] = [];
  /** Preserve commands and deletes that failed with a device fault (runs with faults only). */
  failedPreserves = 0;
  failedDeletes = 0;
  private isStopped = false;
  /** Timed preserve commands still to come (the `at` times and the next `every` tick). */
  private readonly timed = new Set<KernelEvent>();

  constructor(
    private readonly kernel: Kernel,
    private readonly volume: SnapshotStrategy,
    store: BlockDevice,
    private readonly scenario: Scenario,
    private readonly oracle: Oracle | undefined,
    private readonly metrics: MetricsRecorder,
    private readonly inFlight: () => number,
    /** A failed preserve or delete is a bug or a device failure: it ends the run (unless faults are expected). */
    private readonly fail: (error: unknown) => void,
    private readonly observer?: RunObserver,
    /** The scenario injects faults: a preserve or delete failing with a device fault is recorded, not fatal. */
    private readonly survivesFaults = false,
  ) {
    const { maxAlive, imageSizeBytes } = scenario.snapshots;
    const imageBlocks = Math.floor(imageSizeBytes / scenario.volume.blockSizeBytes);
    for (let index = 0; index < maxAlive; index++) {
      this.images.push(new PartitionDevice(store, index * imageBlocks, imageBlocks, `snapshot image ${index}`));
      this.free.push(index);
    }
    const names = scenario.workloads.map((workload) => workload.name);
    this.triggers = scenario.snapshots.after.map((trigger) => ({
      workload: names.flatMap((name, index) => (name === trigger.workload || name.startsWith(`${trigger.workload}.`) ? [index] : [])),
      ios: trigger.ios,
      fired: false,
    }));
    this.progress = names.map(() => 0);
  }

  /** True once the run has ended: no more preserve commands. */
  get stopped(): boolean {
    return this.isStopped;
  }

  /**
   * Ends the schedule with the run. Commands still to come are cancelled, so that the drain after
   * the run never moves the clock to them (a command at 100 h after a 10 ms run would otherwise
   * take the clock, and every device's timeline, 100 h on).
   */
  set stopped(stopped: boolean) {
    this.isStopped = stopped;
    if (!stopped) return;
    for (const event of this.timed) this.kernel.cancel(event);
    this.timed.clear();
  }

  /** Starts the timed parts of the schedule as kernel processes. */
  start(): void {
    const { atNs, everyNs, firstAtNs } = this.scenario.snapshots;
    // The command starts engine work (promises), so the kernel must drain after it.
    const commandNow = (): void => {
      this.command();
      this.kernel.requestDrain();
    };
    // Each timed command is kept until it runs, so that stopping can cancel it.
    const timedAt = (atNs: number, then: () => void): void => {
      const event = this.kernel.schedule(atNs, () => {
        this.timed.delete(event);
        then();
      });
      this.timed.add(event);
    };
    for (const at of atNs) timedAt(at, commandNow);
    if (everyNs !== undefined) {
      const tick = (): void => {
        if (this.stopped) return;
        commandNow();
        timedAt(this.kernel.nowNs() + everyNs, tick);
      };
      timedAt(firstAtNs ?? everyNs, tick);
    }
  }

  /** A workload completed an I/O: fires "after N I/Os" triggers. */
  completed(workload: number): void {
    if (this.triggers.length === 0) return;
    const done = ++this.progress[workload]!;
    for (const trigger of this.triggers) {
      if (trigger.fired || !trigger.workload.includes(workload)) continue;
      const total = trigger.workload.reduce((sum, index) => sum + this.progress[index]!, 0);
      if (total >= trigger.ios || done >= trigger.ios) {
        trigger.fired = true;
        this.command();
      }
    }
  }

  /** The newest valid snapshot, for a backup to read. */
  newestValid(): number | undefined {
    for (let index = this.taken.length - 1; index >= 0; index--) {
      const taken = this.taken[index]!;
      if (taken.deletedAtNs !== undefined || taken.failure !== undefined) continue;
      const info = this.volume.snapshots().find((snapshot) => snapshot.id === taken.id);
      if (info?.state === 'valid') return taken.id;
    }
    return undefined;
  }

  /** The snapshot images the store is divided into, named as Volume.open lists them. */
  imageDevices(): { device: BlockDevice; name: string }[] {
    return this.images.map((device, index) => ({ device, name: `snapshot image ${index}` }));
  }

  /** A valid snapshot picked at random (older ones included), for readers that read any. */
  anyValid(random: () => number): number | undefined {
    const states = new Map(this.volume.snapshots().map((info) => [info.id, info.state]));
    const candidates = this.taken.filter((taken) => taken.deletedAtNs === undefined && states.get(taken.id) === 'valid');
    return candidates.length === 0 ? undefined : candidates[Math.floor(random() * candidates.length)]!.id;
  }

  /** Every snapshot taken in the run with its figures and state. */
  results(): SnapshotResult[] {
    const live = new Map(this.volume.snapshots().map((info) => [info.id, info]));
    return this.taken.map((taken) => {
      const info = live.get(taken.id) ?? taken.info!;
      const deleted = taken.deletedAtNs !== undefined;
      return {
        ...info,
        ...(deleted ? { state: 'deleted' as const, deletedAtSeconds: taken.deletedAtNs! / 1e9 } : {}),
        // A snapshot whose preserve failed is unusable, whatever the engine still thinks of it.
        ...(taken.failure !== undefined ? { state: deleted ? ('deleted' as const) : ('invalid' as const), reason: taken.failure, failure: taken.failure } : {}),
        takenAtSeconds: taken.takenAtNs / 1e9,
        valid: !deleted && taken.failure === undefined && info.state === 'valid',
      };
    });
  }

  /** Ids of snapshots neither deleted nor invalid: the views the final check reads. */
  validIds(): number[] {
    const live = new Map(this.volume.snapshots().map((info) => [info.id, info]));
    return this.taken
      .filter((taken) => taken.deletedAtNs === undefined && taken.failure === undefined && live.get(taken.id)?.state === 'valid')
      .map((taken) => taken.id);
  }

  /** The preserve command: registered at once (no drain of in-flight I/O), retention after. */
  private command(): void {
    if (this.stopped) return;
    this.commands++;
    const image = this.free.shift();
    if (image === undefined) {
      this.skipped++;
      this.skippedAtNs.push(this.kernel.nowNs());
      return;
    }
    const atNs = this.kernel.nowNs();
    // The snapshot's id is known at the command; a strategy that drains first takes it later.
    const { id, done } = this.volume.command(this.images[image]!);
    this.oracle?.preserve(id);
    this.observer?.preserved?.(id, this.oracle?.nextWriteId ?? 0);
    this.metrics.preserve(id, atNs, this.inFlight());
    const taken: Taken = { id, takenAtNs: atNs, image, info: this.volume.snapshots().find((info) => info.id === id) ?? pendingInfo(id, atNs) };
    this.taken.push(taken);
    done.then(
      (info) => {
        taken.info = info;
        this.enforceRetention();
      },
      (error: unknown) => {
        if (!this.survives(error)) return this.fail(error);
        taken.failure = `preserve failed: ${(error as Error).message}`;
        this.failedPreserves++;
        // The engine gave the snapshot up: there is nothing to delete, and its image can take the next one.
        if (!this.volume.snapshots().some((info) => info.id === id)) {
          taken.released = true;
          this.oracle?.deleteSnapshot(id);
          this.free.push(image);
        }
      },
    );
  }

  private enforceRetention(): void {
    const { retain } = this.scenario.snapshots;
    if (retain === undefined) return;
    const alive = this.taken.filter((taken) => taken.deletedAtNs === undefined && taken.released !== true);
    for (const oldest of alive.slice(0, Math.max(0, alive.length - retain))) {
      oldest.info = this.volume.snapshots().find((info) => info.id === oldest.id);
      oldest.deletedAtNs = this.kernel.nowNs();
      this.oracle?.deleteSnapshot(oldest.id);
      this.observer?.deleted?.(oldest.id);
      this.volume.deleteSnapshot(oldest.id).then(
        () => void this.free.push(oldest.image),
        (error: unknown) => {
          if (!this.survives(error)) return this.fail(error);
          // What the image holds is unknown now: it is not reused.
          oldest.failure ??= `delete failed: ${(error as Error).message}`;
          this.failedDeletes++;
        },
      );
    }
  }

  private survives(error: unknown): boolean {
    return this.survivesFaults && isFaultError(error);
  }
}

/** What a snapshot not yet taken (a quiescing strategy still draining) reports until it is. */
function pendingInfo(id: number, atNs: number): SnapshotInfo {
  return { id, state: 'valid', reason: '', preserveSequence: -1, createdAtNs: atNs, cowCopies: 0, dualWrites: 0, storeChunksUsed: 0, storeChunksCapacity: 0 };
}

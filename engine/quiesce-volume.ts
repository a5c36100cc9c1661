import type { BlockDevice } from './block-device.js';
import type { Clock } from './clock.js';
import { immediateIntake, type Intake } from './intake.js';
import type { SnapshotInfo } from './snapshot.js';
import type { PreserveCommand, SnapshotStrategy, StrategyFigures } from './snapshot-strategy.js';
import { Volume, type VolumeOptions, type VolumeStats } from './volume.js';

const zeroClock: Clock = { nowNs: () => 0 };

/**
 * The quiesce strategy, as dm-snapshot and LVM take a snapshot (design.md section 8): the preserve
 * command holds every write that arrives after it at the volume's entry, waits for the writes in
 * flight (in the intake or in the engine) to finish, flushes the origin, takes the snapshot and
 * writes its header, then lets the held writes go. Copy-on-write follows as in the method, whose
 * engine it runs with no intake of its own: no write received before the snapshot can still be in
 * flight, so the method's dual-write row never arises here. Reads are not held (LVM holds them
 * too while the device is suspended; only writes change what the snapshot must hold).
 */
export class QuiesceVolume implements SnapshotStrategy {
  readonly strategy = 'quiesce' as const;
  readonly blockSize: number;
  readonly blockCount: number;
  readonly chunkBlocks: number;
  private readonly inner: Volume;
  private readonly intake: Intake;
  private readonly clock: Clock;
  private readonly drains: boolean;
  private sequence = 0;
  /**
   * Writes not yet settled, by the number of preserve commands given before each arrived: a write
   * that arrived after command k waits for k's snapshot, and command k+1 waits for it.
   */
  private readonly unsettled: number[] = [0];
  /** Per command given: settles once its snapshot is taken (or refused) and its writes may go. */
  private readonly released: { promise: Promise<void>; done: boolean }[] = [];
  private drainWaiter: { upTo: number; resolve: () => void } | undefined;
  private lastCommand: Promise<unknown> = Promise.resolve();
  private readonly figures = { holds: 0, holdNsTotal: 0, holdNsMax: 0, heldWrites: 0, heldWriteNsTotal: 0, heldWriteNsMax: 0, drainNsTotal: 0 };

  private constructor(options: VolumeOptions) {
    const { intake, mutant, ...rest } = options;
    this.inner = Volume.create(rest);
    this.intake = intake ?? immediateIntake;
    this.clock = options.clock ?? zeroClock;
    this.drains = mutant !== 'quiesce-no-drain';
    this.blockSize = this.inner.blockSize;
    this.blockCount = this.inner.blockCount;
    this.chunkBlocks = this.inner.chunkBlocks;
  }

  /** A volume that quiesces for each preserve command; `mutant` may only be 'none' or 'quiesce-no-drain'. */
  static create(options: VolumeOptions): QuiesceVolume {
    return new QuiesceVolume(options);
  }

  write(block: number, data: Uint8Array): Promise<void> {
    const epoch = this.released.length;
    const previous = this.released[epoch - 1];
    if (previous !== undefined && !previous.done) return this.writeAfterHold(previous.promise, epoch, block, data);
    return this.writeNow(epoch, block, data);
  }

  readLive(block: number, count: number): Promise<Uint8Array> {
    return this.inner.readLive(block, count);
  }

  readSnapshot(id: number, block: number, count: number): Promise<Uint8Array> {
    return this.inner.readSnapshot(id, block, count);
  }

  /** Holds new writes at once; the snapshot (with the id returned now) is taken once the writes received before it are done. */
  command(image: BlockDevice): PreserveCommand {
    const id = this.inner.reserveSnapshotId();
    const epoch = this.released.length;
    const commandNs = this.clock.nowNs();
    let release!: () => void;
    const hold = { promise: new Promise<void>((resolve) => (release = resolve)), done: false };
    this.released.push(hold);
    this.unsettled.push(0);
    const done = this.lastCommand.then(() => this.quiesceAndPreserve(image, id, epoch, commandNs));
    this.lastCommand = done.then(
      () => this.lift(hold, release, commandNs),
      () => this.lift(hold, release, commandNs),
    );
    return { id, done };
  }

  deleteSnapshot(id: number): Promise<void> {
    return this.inner.deleteSnapshot(id);
  }

  snapshots(): SnapshotInfo[] {
    return this.inner.snapshots();
  }

  stats(): VolumeStats {
    return this.inner.stats();
  }

  /** How long writes were held: per hold (command to release) and per held write (arrival to release). */
  strategyFigures(): StrategyFigures {
    return { ...this.figures };
  }

  lockWaitDistribution(): [waitNs: number, fraction: number][] {
    return this.inner.lockWaitDistribution();
  }

  flush(): Promise<void> {
    return this.inner.flush();
  }

  async close(): Promise<void> {
    await this.lastCommand;
    await this.inner.close();
  }

  private async writeAfterHold(hold: Promise<void>, epoch: number, block: number, data: Uint8Array): Promise<void> {
    const arrivedNs = this.clock.nowNs();
    // Counted at arrival: the next command must wait for it even while it is held.
    this.unsettled[epoch]!++;
    await hold;
    const heldNs = this.clock.nowNs() - arrivedNs;
    this.figures.heldWrites++;
    this.figures.heldWriteNsTotal += heldNs;
    this.figures.heldWriteNsMax = Math.max(this.figures.heldWriteNsMax, heldNs);
    return this.pass(epoch, block, data);
  }

  private writeNow(epoch: number, block: number, data: Uint8Array): Promise<void> {
    this.unsettled[epoch]!++;
    return this.pass(epoch, block, data);
  }

  private pass(epoch: number, block: number, data: Uint8Array): Promise<void> {
    const admitted = this.intake === immediateIntake ? undefined : this.intake.admit({ sequence: this.sequence++, block, blockCount: data.length / this.blockSize });
    const written = admitted === undefined ? this.inner.write(block, data) : admitted.then(() => this.inner.write(block, data));
    return written.finally(() => this.settled(epoch));
  }

  private settled(epoch: number): void {
    this.unsettled[epoch]!--;
    const waiter = this.drainWaiter;
    if (waiter !== undefined && this.unsettledUpTo(waiter.upTo) === 0) {
      this.drainWaiter = undefined;
      waiter.resolve();
    }
  }

  /** Writes not settled that arrived before command `epoch` (numbered from 0). */
  private unsettledUpTo(epoch: number): number {
    let count = 0;
    for (let index = 0; index <= epoch; index++) count += this.unsettled[index]!;
    return count;
  }

  /** Drains (from the command: waiting for an earlier command counts too), flushes, preserves. */
  private async quiesceAndPreserve(image: BlockDevice, id: number, epoch: number, commandNs: number): Promise<SnapshotInfo> {
    if (this.drains && this.unsettledUpTo(epoch) > 0) await new Promise<void>((resolve) => (this.drainWaiter = { upTo: epoch, resolve }));
    this.figures.drainNsTotal += this.clock.nowNs() - commandNs;
    await this.inner.flush();
    return await this.inner.preserve(image, id);
  }

  /** Lets the writes held by one command go, and counts how long it held them. */
  private lift(hold: { done: boolean }, release: () => void, commandNs: number): void {
    hold.done = true;
    const heldNs = this.clock.nowNs() - commandNs;
    this.figures.holds++;
    this.figures.holdNsTotal += heldNs;
    this.figures.holdNsMax = Math.max(this.figures.holdNsMax, heldNs);
    release();
  }
}

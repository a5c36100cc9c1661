import type { BlockDevice, Intake, ReceivedWrite } from '../../engine/index.js';

/**
 * An intake a test steers: writes to blocks it was told to hold wait in the intake until the
 * test releases them, so a write received before a preserve command can reach its chunk after
 * later writes (design.md section 1).
 */
export class ScriptedIntake implements Intake {
  private readonly holdBlocks = new Set<number>();
  private readonly held = new Map<number, { write: ReceivedWrite; release: () => void }>();

  /** Holds the next write that starts at `block`. */
  holdNextWriteTo(block: number): void {
    this.holdBlocks.add(block);
  }

  admit(write: ReceivedWrite): Promise<void> | undefined {
    if (!this.holdBlocks.delete(write.block)) return undefined;
    return new Promise((release) => this.held.set(write.block, { write, release }));
  }

  /** Lets the held write to `block` go on to its chunk lock. */
  release(block: number): void {
    const entry = this.held.get(block);
    if (!entry) throw new Error(`no write to block ${block} is held in the intake`);
    this.held.delete(block);
    entry.release();
  }

  get heldCount(): number {
    return this.held.size;
  }
}

/** Settles pending promise callbacks (engine continuations) without advancing anything else. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * A device decorator that records operations and can hold reads: a held read takes its data
 * only when released, as a slow disk would return whatever the medium holds by then.
 */
export class GatedDevice implements BlockDevice {
  readonly blockSize: number;
  readonly blockCount: number;
  readonly log: string[] = [];
  private holdingReads = false;
  private holdNext = false;
  private holdingWrites: ((block: number) => boolean) | undefined;
  private readonly heldWrites: (() => void)[] = [];
  private readonly heldReads: (() => void)[] = [];

  constructor(private readonly inner: BlockDevice, readonly name: string) {
    this.blockSize = inner.blockSize;
    this.blockCount = inner.blockCount;
  }

  holdReads(): void {
    this.holdingReads = true;
  }

  /** Holds only the next read issued. */
  holdNextRead(): void {
    this.holdNext = true;
  }

  releaseReads(): void {
    this.holdingReads = false;
    for (const release of this.heldReads.splice(0)) release();
  }

  get heldReadCount(): number {
    return this.heldReads.length;
  }

  async read(block: number, count: number): Promise<Uint8Array> {
    this.log.push(`read ${block}+${count}`);
    const hold = this.holdingReads || this.holdNext;
    this.holdNext = false;
    if (hold) await new Promise<void>((resolve) => this.heldReads.push(resolve));
    return this.inner.read(block, count);
  }

  /** Holds writes (those `which` selects) until releaseWrites(); a held write lands only when released. */
  holdWrites(which: (block: number) => boolean = () => true): void {
    this.holdingWrites = which;
  }

  releaseWrites(): void {
    this.holdingWrites = undefined;
    for (const release of this.heldWrites.splice(0)) release();
  }

  async write(block: number, data: Uint8Array): Promise<void> {
    this.log.push(`write ${block}+${data.length / this.blockSize}`);
    if (this.holdingWrites?.(block)) await new Promise<void>((resolve) => this.heldWrites.push(resolve));
    return this.inner.write(block, data);
  }

  flush(): Promise<void> {
    return this.inner.flush();
  }

  reads(): number {
    return this.log.filter((entry) => entry.startsWith('read')).length;
  }
}

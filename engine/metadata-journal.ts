import type { BlockDevice } from './block-device.js';
import { encodeEntry, type ImageLayout } from './snapshot-image-format.js';

interface PendingBlock {
  readonly bytes: Uint8Array;
  entries: number;
}

interface Round {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function newRound(): Round {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * Persists lookup-table entries on the snapshot image with group commit. Each round flushes the
 * image (so the chunk copies behind its entries are durable first), writes every metadata block
 * touched since the last round, and flushes again; only then may the origin writes those copies
 * protect go ahead. Entries recorded while a round runs wait for the next one, so at most one
 * write per metadata block is ever in flight and concurrent copies share flushes.
 */
export class MetadataJournal {
  private readonly blocks = new Map<number, PendingBlock>();
  private readonly dirty = new Set<number>();
  private running: Promise<void> | undefined;
  private next: Round | undefined;
  /** Metadata block writes and flushes issued, for the CoW cost figures. */
  metadataWrites = 0;
  flushes = 0;

  constructor(
    private readonly image: BlockDevice,
    private readonly layout: ImageLayout,
    private readonly nonce: number,
  ) {}

  /** Records slot -> originChunk; resolves once the entry (and the copy before it) is durable. */
  record(slot: number, originChunk: number): Promise<void> {
    const { block, offset } = this.layout.entryPosition(slot);
    let pending = this.blocks.get(block);
    if (pending === undefined) {
      pending = { bytes: new Uint8Array(this.layout.blockSize), entries: 0 };
      this.blocks.set(block, pending);
    }
    encodeEntry(pending.bytes, offset, originChunk, slot, this.nonce);
    pending.entries++;
    this.dirty.add(block);
    if (this.running === undefined) return this.startRound(newRound());
    this.next ??= newRound();
    return this.next.promise;
  }

  /** Seeds the cache with a metadata block read back from the image that later entries share. */
  resume(block: number, bytes: Uint8Array, entries: number): void {
    this.blocks.set(block, { bytes, entries });
  }

  /** Resolves when no round is running or waiting. */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running.catch(() => {});
  }

  private startRound(round: Round): Promise<void> {
    const blocks = [...this.dirty];
    this.dirty.clear();
    const run = this.commit(blocks);
    this.running = run;
    run.then(
      () => this.finishRound(round, undefined),
      (error: unknown) => this.finishRound(round, error ?? new Error('metadata commit failed')),
    );
    return round.promise;
  }

  private finishRound(round: Round, error: unknown): void {
    this.running = undefined;
    if (error === undefined) round.resolve();
    else round.reject(error);
    const next = this.next;
    this.next = undefined;
    if (next !== undefined) void this.startRound(next);
  }

  private async commit(blocks: number[]): Promise<void> {
    this.flushes++;
    await this.image.flush();
    // Copies of the block contents: later entries must not reach the image before their round.
    const writes: Promise<void>[] = [];
    for (const block of blocks) {
      const pending = this.blocks.get(block)!;
      this.metadataWrites++;
      writes.push(this.image.write(block, pending.bytes.slice()));
      // A full block leaves the cache once written, unless a later round must write it again.
      if (pending.entries === this.layout.entriesPerBlock && !this.dirty.has(block)) this.blocks.delete(block);
    }
    await Promise.all(writes);
    this.flushes++;
    await this.image.flush();
  }
}

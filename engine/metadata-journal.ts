import { sameBytes } from './bytes.js';
import type { BlockDevice } from './block-device.js';
import { SnapshotCorruptError } from './errors.js';
import type { EngineMutant } from './mutants.js';
import { encodeEntry, type ImageLayout, type StoredEntry } from './snapshot-image-format.js';

interface PendingBlock {
  readonly bytes: Uint8Array;
  entries: number;
}

interface Round {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
  readonly slots: number[];
}

function newRound(): Round {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject, slots: [] };
}

/**
 * Persists lookup-table entries on the snapshot image with group commit. A round takes the bytes
 * of every metadata block touched since the last round at its start, before anything else: the
 * entries in them are of copies already complete, so the round's first flush makes those copies
 * durable before the entries are written. It then writes the blocks, flushes again, and reads them
 * back (a dropped, misdirected or flipped metadata write is caught here, while the origin write
 * it protects has not happened yet); every block goes with its mirror copy; only then may the origin writes go ahead. Entries recorded
 * while a round runs wait for the next one, so at most one write per metadata block is ever in
 * flight and concurrent copies share flushes.
 */
export class MetadataJournal {
  private readonly blocks = new Map<number, PendingBlock>();
  private readonly dirty = new Set<number>();
  private running: Promise<void> | undefined;
  private next: Round | undefined;
  /** Every slot below this one has a durable entry. */
  private durableBelow = 0;
  private readonly durableAbove = new Set<number>();
  /** Metadata block writes, read-backs and flushes issued, for the CoW cost figures. */
  metadataWrites = 0;
  metadataReads = 0;
  flushes = 0;
  private nonce = 0;

  constructor(
    private readonly image: BlockDevice,
    private readonly layout: ImageLayout,
    private readonly mutant: EngineMutant = 'none',
  ) {}

  /** Ties the entries to the snapshot's header (known once the image's generation is read). */
  setNonce(nonce: number): void {
    this.nonce = nonce;
  }

  /** Records an entry for `slot`; resolves once the entry (and the copy before it) is durable. */
  record(slot: number, entry: Omit<StoredEntry, 'durableBelow'>): Promise<void> {
    const { block, offset } = this.layout.entryPosition(slot);
    let pending = this.blocks.get(block);
    if (pending === undefined) {
      pending = { bytes: new Uint8Array(this.layout.blockSize), entries: 0 };
      this.blocks.set(block, pending);
    }
    encodeEntry(pending.bytes, offset, slot, { ...entry, durableBelow: this.durableBelow }, this.nonce);
    pending.entries++;
    this.dirty.add(block);
    if (this.running === undefined) {
      const round = newRound();
      round.slots.push(slot);
      return this.startRound(round);
    }
    this.next ??= newRound();
    this.next.slots.push(slot);
    return this.next.promise;
  }

  /** After a reopen: seeds a metadata block that later entries share, and the durable slots. */
  resume(block: number | undefined, bytes: Uint8Array | undefined, entries: number, durableBelow: number): void {
    if (block !== undefined && bytes !== undefined) this.blocks.set(block, { bytes, entries });
    this.durableBelow = durableBelow;
  }

  /** After a reopen: slots at or above the watermark whose entries were found durable. */
  markDurable(slots: Iterable<number>): void {
    for (const slot of slots) if (slot >= this.durableBelow) this.durableAbove.add(slot);
    while (this.durableAbove.delete(this.durableBelow)) this.durableBelow++;
  }

  /** Resolves when no round is running or waiting. */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running.catch(() => {});
  }

  private startRound(round: Round): Promise<void> {
    // The blocks' bytes as of now: entries recorded from here on belong to the next round.
    const blocks = [...this.dirty].map((block) => {
      const pending = this.blocks.get(block)!;
      const bytes = pending.bytes.slice();
      // A full block leaves the cache once taken, unless a later entry lands in it again.
      if (pending.entries === this.layout.entriesPerBlock) this.blocks.delete(block);
      return { block, bytes };
    });
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
    if (error === undefined) {
      for (const slot of round.slots) this.durableAbove.add(slot);
      while (this.durableAbove.delete(this.durableBelow)) this.durableBelow++;
      round.resolve();
    } else {
      round.reject(error);
    }
    const next = this.next;
    this.next = undefined;
    if (next !== undefined) void this.startRound(next);
  }

  private async commit(blocks: { block: number; bytes: Uint8Array }[]): Promise<void> {
    if (this.mutant !== 'no-copy-flush') {
      this.flushes++;
      await this.image.flush();
    }
    // Each block and its mirror copy.
    const copies = blocks.flatMap(({ block, bytes }) => [
      { block, bytes },
      { block: block + this.layout.mirrorOffset, bytes },
    ]);
    this.metadataWrites += copies.length;
    await Promise.all(copies.map(({ block, bytes }) => this.image.write(block, bytes)));
    if (this.mutant !== 'entry-not-durable') {
      this.flushes++;
      await this.image.flush();
    }
    this.metadataReads += copies.length;
    const landed = await Promise.all(copies.map(({ block }) => this.image.read(block, 1)));
    copies.forEach(({ block, bytes }, index) => {
      if (!sameBytes(landed[index]!, bytes)) throw new SnapshotCorruptError(`lookup-table block ${block} of the snapshot image did not land as written (read back differs)`);
    });
  }
}


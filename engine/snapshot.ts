import type { BlockDevice } from './block-device.js';
import { ImageFormatError } from './errors.js';
import { LookupTable } from './lookup-table.js';
import { MetadataJournal } from './metadata-journal.js';
import {
  decodeEntry,
  decodeHeader,
  encodeHeader,
  HEADER_BYTES,
  headerNonce,
  type ImageHeader,
  ImageLayout,
} from './snapshot-image-format.js';

export type SnapshotState = 'valid' | 'invalid' | 'deleted';

/** What `Volume.snapshots()` reports of one snapshot. */
export interface SnapshotInfo {
  id: number;
  state: SnapshotState;
  /** Why the snapshot is invalid (for example: snapshot store full). */
  reason: string;
  /** The preserve command's receive sequence number. */
  preserveSequence: number;
  createdAtNs: number;
  /** Chunks copied from the origin image into this snapshot image. */
  cowCopies: number;
  /** Writes received before the command that were written to both images. */
  dualWrites: number;
  /** Data slots used on the snapshot image. */
  storeChunksUsed: number;
  storeChunksCapacity: number;
}

/**
 * One snapshot: its snapshot image (CoW store), lookup table and state. The Volume decides what
 * to copy and when; this class owns where things live on the image and keeps them durable.
 */
export class Snapshot {
  readonly table = new LookupTable();
  state: SnapshotState = 'valid';
  reason = '';
  cowCopies = 0;
  dualWrites = 0;
  private nextSlot = 0;
  private busy = 0;
  private readonly idleWaiters: (() => void)[] = [];
  private formatted: Promise<void> | undefined;
  private headerWritten = false;
  private readonly journal: MetadataJournal;
  readonly layout: ImageLayout;
  private readonly header: ImageHeader;

  private constructor(
    readonly image: BlockDevice,
    header: ImageHeader,
  ) {
    this.header = header;
    this.layout = new ImageLayout(header.blockSize, header.chunkSizeBytes, image.blockCount);
    this.journal = new MetadataJournal(image, this.layout, headerNonce(header));
  }

  get id(): number {
    return this.header.snapshotId;
  }
  get preserveSequence(): number {
    return this.header.preserveSequence;
  }

  /** A new snapshot on `image`; its header is written in the background (see ready()). */
  static create(image: BlockDevice, header: Omit<ImageHeader, 'state' | 'reason' | 'imageBlockCount'>): Snapshot {
    const snapshot = new Snapshot(image, { ...header, state: 'valid', reason: '', imageBlockCount: image.blockCount });
    snapshot.setFormatted(snapshot.writeHeader());
    return snapshot;
  }

  /** Reads a snapshot image back: header, then lookup table entries area by area. */
  static async load(image: BlockDevice, source: string, expected: { blockSize: number; chunkSizeBytes: number; originBlockCount: number }): Promise<Snapshot> {
    const headerBlocks = Math.ceil(HEADER_BYTES / image.blockSize);
    const header = decodeHeader(await image.read(0, Math.min(headerBlocks, image.blockCount)), source);
    const mismatch = (field: string, found: number, want: number) =>
      new ImageFormatError(`${source}: snapshot image ${field} is ${found}, but the volume has ${want}`);
    if (header.blockSize !== expected.blockSize) throw mismatch('block size', header.blockSize, expected.blockSize);
    if (header.chunkSizeBytes !== expected.chunkSizeBytes) throw mismatch('chunk size', header.chunkSizeBytes, expected.chunkSizeBytes);
    if (header.originBlockCount !== expected.originBlockCount) throw mismatch('origin block count', header.originBlockCount, expected.originBlockCount);
    if (header.imageBlockCount !== image.blockCount) throw mismatch('image block count', header.imageBlockCount, image.blockCount);
    const snapshot = new Snapshot(image, header);
    snapshot.state = header.state;
    snapshot.reason = header.reason;
    snapshot.formatted = Promise.resolve();
    snapshot.headerWritten = true;
    if (header.state === 'valid') await snapshot.loadTable();
    return snapshot;
  }

  private async loadTable(): Promise<void> {
    const { layout } = this;
    const nonce = headerNonce(this.header);
    let highest = -1;
    let highestArea: Uint8Array | undefined;
    for (let group = 0; group < layout.areaCount; group++) {
      const bytes = await this.image.read(layout.areaBlock(group), layout.areaChunks * layout.chunkBlocks);
      let found = 0;
      const first = group * layout.entriesPerArea;
      const last = Math.min(first + layout.entriesPerArea, layout.slotCapacity);
      for (let slot = first; slot < last; slot++) {
        const chunk = decodeEntry(bytes, (slot - first) * 16, slot, nonce);
        if (chunk < 0) continue;
        this.table.set(chunk, slot);
        highest = slot;
        highestArea = bytes;
        found++;
      }
      if (found === 0) break;
    }
    this.nextSlot = highest + 1;
    // The metadata block holding the next entry may hold earlier ones: later commits keep them.
    const { block, offset } = layout.entryPosition(this.nextSlot);
    if (highestArea !== undefined && offset > 0 && this.nextSlot < layout.slotCapacity) {
      const areaStart = layout.areaBlock(Math.floor(highest / layout.entriesPerArea));
      const within = (block - areaStart) * layout.blockSize;
      this.journal.resume(block, highestArea.slice(within, within + layout.blockSize), offset / 16);
    }
  }

  /** True once the latest header write is durable, so copies need not wait on ready(). */
  get headerSettled(): boolean {
    return this.headerWritten;
  }

  /** Resolves once the header is durable; copies into the image wait for it. */
  ready(): Promise<void> {
    return this.formatted!;
  }

  /** Takes the next free data slot, or returns -1 when the snapshot store is full. */
  allocateSlot(): number {
    if (this.nextSlot >= this.layout.slotCapacity) return -1;
    return this.nextSlot++;
  }

  /** Records chunk -> slot durably (after the copy) and in the lookup table. */
  async commitEntry(chunk: number, slot: number): Promise<void> {
    await this.journal.record(slot, chunk);
    this.table.set(chunk, slot);
  }

  /** Marks the snapshot invalid (store full, device failure) durably; the volume goes on. */
  async invalidate(reason: string): Promise<void> {
    if (this.state !== 'valid') return;
    this.state = 'invalid';
    this.reason = reason;
    await this.persistState();
  }

  /** Marks the snapshot deleted durably, so a reopened volume does not bring it back. */
  async markDeleted(): Promise<void> {
    this.state = 'deleted';
    await this.persistState();
  }

  /** A copy or dual write into the image begins; settle() waits until every one has ended. */
  beginWork(): void {
    this.busy++;
  }

  endWork(): void {
    if (--this.busy === 0) for (const wake of this.idleWaiters.splice(0)) wake();
  }

  /**
   * Waits for the image to be quiet: header, copies and dual writes in flight, metadata commits.
   * Delete waits for it, so a deleted snapshot's image can be reused without a late write landing.
   */
  async settle(): Promise<void> {
    await this.formatted;
    while (this.busy > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    await this.journal.idle();
  }

  info(): SnapshotInfo {
    return {
      id: this.id,
      state: this.state,
      reason: this.reason,
      preserveSequence: this.preserveSequence,
      createdAtNs: this.header.createdAtNs,
      cowCopies: this.cowCopies,
      dualWrites: this.dualWrites,
      storeChunksUsed: this.nextSlot,
      storeChunksCapacity: this.layout.slotCapacity,
    };
  }

  /** Metadata I/O issued on the image, for the CoW cost figures. */
  metadataFigures(): { metadataWrites: number; flushes: number } {
    return { metadataWrites: this.journal.metadataWrites, flushes: this.journal.flushes };
  }

  private async persistState(): Promise<void> {
    // Header writes are chained: two writes of one block must never be in flight at once.
    const write = this.formatted!.then(() => {
      this.header.state = this.state;
      this.header.reason = this.reason;
      return this.writeHeader();
    });
    this.setFormatted(write);
    await write;
  }

  private setFormatted(write: Promise<void>): void {
    this.formatted = write;
    this.headerWritten = false;
    // Only a successful write settles it: after a failure, ready() keeps reporting the error.
    write.then(
      () => {
        if (this.formatted === write) this.headerWritten = true;
      },
      () => undefined,
    );
  }

  private async writeHeader(): Promise<void> {
    await this.image.write(0, encodeHeader(this.header, this.layout));
    await this.image.flush();
  }
}

import type { BlockDevice } from './block-device.js';
import { ImageFormatError } from './errors.js';
import { LookupTable } from './lookup-table.js';
import { sameBytes } from './bytes.js';
import { MetadataJournal } from './metadata-journal.js';
import type { EngineMutant } from './mutants.js';
import { SlotTable } from './slot-table.js';
import {
  decodeEntry,
  encodeHeader,
  ENTRY_BYTES,
  ENTRY_CHUNK,
  ENTRY_UNUSED,
  headerNonce,
  type ImageHeader,
  ImageLayout,
  newestHeader,
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

type NewHeader = Omit<ImageHeader, 'state' | 'reason' | 'imageBlockCount' | 'generation' | 'serial'>;

/**
 * One snapshot: its snapshot image (CoW store), lookup table and state. The Volume decides what
 * to copy and when; this class owns where things live on the image and keeps them durable: the
 * header (two copies, each update to the older one), the entries (MetadataJournal) and the data
 * checksums of the slots.
 */
export class Snapshot {
  readonly table = new LookupTable();
  /** Per slot: the checksum of its data, to verify reads. */
  readonly slots = new SlotTable();
  state: SnapshotState = 'valid';
  reason = '';
  cowCopies = 0;
  dualWrites = 0;
  /** A state mark on its way to the image: writes wait for it before they stop protecting. */
  retiring: Promise<void> | undefined;
  private nextSlot = 0;
  private busy = 0;
  private readonly idleWaiters: (() => void)[] = [];
  private formatted: Promise<void>;
  private headerWritten = false;
  /** Which header copy holds the newest durable header, if any. */
  private currentCopy: 0 | 1 | undefined;
  private readonly journal: MetadataJournal;
  readonly layout: ImageLayout;

  private constructor(
    readonly image: BlockDevice,
    private readonly header: ImageHeader,
    mutant: EngineMutant,
  ) {
    this.layout = new ImageLayout(header.blockSize, header.chunkSizeBytes, image.blockCount);
    this.journal = new MetadataJournal(image, this.layout, mutant);
    this.formatted = Promise.resolve();
  }

  get id(): number {
    return this.header.snapshotId;
  }
  get preserveSequence(): number {
    return this.header.preserveSequence;
  }

  /** A new snapshot on `image`; its header is written in the background (see ready()). */
  static create(image: BlockDevice, fields: NewHeader, mutant: EngineMutant = 'none'): Snapshot {
    const header: ImageHeader = { ...fields, state: 'valid', reason: '', imageBlockCount: image.blockCount, generation: 1, serial: 1 };
    const snapshot = new Snapshot(image, header, mutant);
    snapshot.setFormatted(snapshot.format());
    return snapshot;
  }

  /**
   * Reads a snapshot image back: header, then lookup-table entries area by area. Returns
   * undefined for a blank image (no header ever written); throws ImageFormatError for damage.
   */
  static async load(
    image: BlockDevice,
    source: string,
    expected: { blockSize: number; chunkSizeBytes: number; originBlockCount: number },
    mutant: EngineMutant = 'none',
  ): Promise<Snapshot | undefined> {
    if (image.blockSize !== expected.blockSize) throw new ImageFormatError(`${source}: snapshot image block size is ${image.blockSize}, but the volume has ${expected.blockSize}`);
    const probe = new ImageLayout(image.blockSize, expected.chunkSizeBytes, image.blockCount);
    const newest = await readNewestHeader(image, probe, source);
    if (newest === undefined) return undefined;
    const { header } = newest;
    const mismatch = (field: string, found: number, want: number) =>
      new ImageFormatError(`${source}: snapshot image ${field} is ${found}, but the volume has ${want}`);
    if (header.blockSize !== expected.blockSize) throw mismatch('block size', header.blockSize, expected.blockSize);
    if (header.chunkSizeBytes !== expected.chunkSizeBytes) throw mismatch('chunk size', header.chunkSizeBytes, expected.chunkSizeBytes);
    if (header.originBlockCount !== expected.originBlockCount) throw mismatch('origin block count', header.originBlockCount, expected.originBlockCount);
    if (header.imageBlockCount !== image.blockCount) throw mismatch('image block count', header.imageBlockCount, image.blockCount);
    const snapshot = new Snapshot(image, header, mutant);
    snapshot.currentCopy = newest.copy;
    snapshot.state = header.state;
    snapshot.reason = header.reason;
    snapshot.headerWritten = true;
    snapshot.journal.setNonce(headerNonce(header));
    if (header.state === 'valid') await snapshot.loadTable(source);
    return snapshot;
  }

  /** Scans the entries; damage below a durable watermark makes the snapshot invalid, durably. */
  private async loadTable(source: string): Promise<void> {
    const { layout } = this;
    const nonce = headerNonce(this.header);
    const present = new Set<number>();
    const areas = new Map<number, Uint8Array>();
    let highest = -1;
    let vouched = 0;
    for (let group = 0; group < layout.areaCount; group++) {
      // The area and its mirror, in one read.
      const both = await this.image.read(layout.areaBlock(group), 2 * layout.mirrorOffset);
      const mirror = both.subarray(layout.mirrorOffset * layout.blockSize);
      const bytes = both.subarray(0, layout.mirrorOffset * layout.blockSize);
      const first = group * layout.entriesPerArea;
      const last = Math.min(first + layout.entriesPerArea, layout.slotCapacity);
      let found = 0;
      for (let slot = first; slot < last; slot++) {
        const { block, offset } = layout.entryPosition(slot);
        const at = (block - layout.areaBlock(group)) * layout.blockSize + offset;
        const primary = decodeEntry(bytes, at, slot, nonce);
        const copy = decodeEntry(mirror, at, slot, nonce);
        if (primary !== undefined && copy !== undefined && !sameBytes(bytes.subarray(at, at + ENTRY_BYTES), mirror.subarray(at, at + ENTRY_BYTES))) {
          await this.invalidate(`snapshot image damaged: the two copies of the lookup-table entry of slot ${slot} differ (${source})`);
          return;
        }
        // One copy damaged (or, after a crash, not yet written): the other holds the entry.
        const entry = primary ?? copy;
        if (entry === undefined) continue;
        // Heal the block from its twin before later entries share it.
        if (primary === undefined) bytes.set(mirror.subarray(at, at + ENTRY_BYTES), at);
        found++;
        present.add(slot);
        highest = slot;
        vouched = Math.max(vouched, entry.durableBelow);
        if (entry.kind === ENTRY_CHUNK) {
          this.table.set(entry.originChunk, slot);
          this.slots.set(slot, entry.dataCrc);
        }
      }
      if (found > 0) areas.set(group, bytes);
    }
    this.nextSlot = highest + 1;
    for (let slot = 0; slot < vouched; slot++) {
      if (!present.has(slot)) {
        await this.invalidate(`snapshot image damaged: the lookup-table entry of slot ${slot} is missing or fails its checksum (${source})`);
        return;
      }
    }
    // Seed the journal with every metadata block a later entry will share, then record the
    // slots a crash left unused, so the watermark can pass them.
    const holes: number[] = [];
    for (let slot = vouched; slot < this.nextSlot; slot++) if (!present.has(slot)) holes.push(slot);
    const seeded = new Set<number>();
    for (const slot of [...holes, this.nextSlot]) {
      if (slot >= layout.slotCapacity) continue;
      const { block } = layout.entryPosition(slot);
      if (seeded.has(block)) continue;
      seeded.add(block);
      const group = Math.floor(slot / layout.entriesPerArea);
      const area = areas.get(group);
      if (area === undefined) continue;
      const within = (block - layout.areaBlock(group)) * layout.blockSize;
      let entries = 0;
      const firstInBlock = slot - (slot % layout.entriesPerArea % layout.entriesPerBlock);
      for (let other = firstInBlock; other < firstInBlock + layout.entriesPerBlock; other++) if (present.has(other)) entries++;
      this.journal.resume(block, area.slice(within, within + layout.blockSize), entries, vouched);
    }
    this.journal.resume(undefined, undefined, 0, vouched);
    // Entries found above the watermark are durable too: the watermark may pass them once the holes are recorded.
    this.journal.markDurable(present);
    this.formatted = Promise.all(holes.map((slot) => this.journal.record(slot, { kind: ENTRY_UNUSED, originChunk: -1, dataCrc: 0 }))).then(() => undefined);
    await this.formatted;
  }

  /** True once the latest header write is durable, so copies need not wait on ready(). */
  get headerSettled(): boolean {
    return this.headerWritten;
  }

  /** Resolves once the header is durable; copies into the image wait for it. */
  ready(): Promise<void> {
    return this.formatted;
  }

  /** Takes the next free data slot, or returns -1 when the snapshot store is full. */
  allocateSlot(): number {
    if (this.nextSlot >= this.layout.slotCapacity) return -1;
    return this.nextSlot++;
  }

  /** Records chunk -> slot durably (after the copy) and in the lookup table. */
  async commitEntry(chunk: number, slot: number, dataCrc: number): Promise<void> {
    await this.journal.record(slot, { kind: ENTRY_CHUNK, originChunk: chunk, dataCrc });
    this.slots.set(slot, dataCrc);
    this.table.set(chunk, slot);
  }

  /**
   * Marks the snapshot invalid (store full, image failure, damage): reads fail at once; the mark
   * is made durable and `retiring` resolves once it is, so writes stop protecting only then.
   */
  invalidate(reason: string): Promise<void> {
    if (this.state !== 'valid') return this.retiring ?? Promise.resolve();
    this.state = 'invalid';
    this.reason = reason;
    return this.retire();
  }

  /** Marks the snapshot deleted; resolves (or rejects) when the mark is durable. */
  markDeleted(): Promise<void> {
    this.state = 'deleted';
    return this.retire();
  }

  /** Why the last deleted mark could not be written, when a delete failed. */
  deleteFailure: string | undefined;

  private retire(): Promise<void> {
    const retiring = this.persistState();
    // `retiring` settles only after the state is final, so a write that waited on it and then
    // finds the snapshot valid again (a failed delete) protects it.
    this.retiring = retiring.catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (this.state === 'deleted') {
        // A snapshot whose deleted mark did not land is still the snapshot on disk: keep protecting it.
        this.state = 'valid';
        this.deleteFailure = message;
      } else {
        // The invalid mark could not be written: availability first (design.md section 1), reason kept.
        this.reason = `${this.reason}; the invalid mark could not be written: ${message}`;
      }
    });
    return retiring;
  }

  /**
   * Whether writes must still protect this snapshot: waits for a state mark under way (an
   * invalid or deleted mark must be durable before protection ends; a failed delete leaves the
   * snapshot valid), then answers.
   */
  async protects(): Promise<boolean> {
    while (this.state !== 'valid' && this.retiring !== undefined) {
      const retiring = this.retiring;
      await retiring;
      if (this.retiring === retiring) break;
    }
    return this.state === 'valid';
  }

  /** A copy, dual write or snapshot read on the image begins; settle() waits until all have ended. */
  beginWork(): void {
    this.busy++;
  }

  endWork(): void {
    if (--this.busy === 0) for (const wake of this.idleWaiters.splice(0)) wake();
  }

  /**
   * Waits for the image to be quiet: header, copies, dual writes and reads in flight, metadata
   * commits. Delete waits for it, so a deleted snapshot's image can be reused without a late
   * write landing or a late read returning another snapshot's data.
   */
  async settle(): Promise<void> {
    await this.formatted.catch(() => {});
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
  metadataFigures(): { metadataWrites: number; metadataReads: number; flushes: number } {
    return { metadataWrites: this.journal.metadataWrites, metadataReads: this.journal.metadataReads, flushes: this.journal.flushes };
  }

  /** Reads the image's old headers for its generation, then writes this snapshot's header. */
  private async format(): Promise<void> {
    let newest;
    try {
      newest = await readNewestHeader(this.image, this.layout, 'snapshot image');
    } catch {
      newest = undefined; // damaged: nothing there to follow
    }
    if (newest !== undefined) {
      this.header.generation = newest.header.generation + 1;
      this.header.serial = newest.header.serial + 1;
      this.currentCopy = newest.copy;
    }
    this.journal.setNonce(headerNonce(this.header));
    await this.writeHeader(this.currentCopy === 0 ? 1 : 0);
  }

  private persistState(): Promise<void> {
    // Header writes are chained: two writes of one block must never be in flight at once.
    const write = this.formatted
      .catch(() => {})
      .then(async () => {
        this.header.state = this.state;
        this.header.reason = this.reason;
        this.header.serial++;
        const target = this.currentCopy === 0 ? 1 : 0;
        try {
          await this.writeHeader(target);
        } catch {
          // One retry on the other copy: a latent sector error may spare it.
          await this.writeHeader(target === 0 ? 1 : 0);
        }
      });
    this.setFormatted(write);
    return write;
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

  /** Writes one header copy, flushes, and reads it back: a header that did not land is an error. */
  private async writeHeader(copy: 0 | 1): Promise<void> {
    const bytes = encodeHeader(this.header, this.layout.areaChunks);
    const block = this.layout.headerBlock(copy);
    await this.image.write(block, bytes);
    await this.image.flush();
    const landed = await this.image.read(block, this.layout.headerCopyBlocks);
    if (!sameBytes(landed, bytes)) throw new ImageFormatError(`snapshot image header (copy ${copy === 0 ? 'A' : 'B'}) did not land as written (read back differs)`);
    this.currentCopy = copy;
  }
}

/** Reads both header copies of an image; the newest valid one, undefined when both are blank. */
async function readNewestHeader(image: BlockDevice, layout: ImageLayout, source: string) {
  const blocks = layout.headerCopyBlocks;
  if (image.blockCount < 2 * blocks) throw new ImageFormatError(`${source}: too small to hold a snapshot image header (${image.blockCount} blocks)`);
  const both = await image.read(0, 2 * blocks);
  const size = blocks * layout.blockSize;
  return newestHeader([both.subarray(0, size), both.subarray(size, 2 * size)], source);
}

/**
 * The correctness oracle of design.md section 2. It watches receive order, not completion order:
 * - the snapshot view of block b is the last write to b received before the preserve command;
 * - the live view of b is the last write to b received;
 * - a read of a snapshot view returns the snapshot view's value, checked when no write to b
 *   received before the command is still in flight (until it lands its value cannot be read);
 * - a read of the live view with no write to b in flight, start to end, returns the live value.
 * A write that failed (a device fault in a run with faults) leaves its blocks holding old or new
 * data: their value is undefined until the next write to them succeeds, in every view that took
 * it. A mismatch on a block an injected fault damaged is explained, not a failure of the engine:
 * counted apart (explainedByFaults) when the run gives a way to tell (see the constructor).
 * It keeps its own copy-on-write: per snapshot, the values of blocks overwritten after the
 * command, in the engine's radix LookupTable (block -> write id), so memory grows with blocks
 * written, not with the volume. A block whose value at the command was the initial content needs
 * no entry: write ids grow in receive order, so a live value at or past the snapshot's boundary
 * says the block was written since, and a missing entry then means "initial".
 */
import { isZero } from '../engine/bytes.js';
import { LookupTable } from '../engine/lookup-table.js';
import type { BlockGuard } from './block-guard.js';
import { decodeBlock, stampedWriteId } from './payload.js';
import { WriteRecords } from './write-records.js';
import type { Mismatch } from './run-result.js';

interface OracleSnapshot {
  readonly id: number;
  /** The first write id received after the command. */
  readonly boundaryWriteId: number;
  /** Blocks written since the command whose value at the command was a write -> that write id. */
  readonly saved: LookupTable;
}

/** Receipt of a read, to check its data when it returns. */
export interface ReadCheck {
  readonly view: number | 'live';
  readonly block: number;
  readonly count: number;
  /** Expected write ids, or undefined for blocks whose value the oracle does not define here. */
  readonly expected: (number | undefined)[];
  /** Live reads: the newest write id received at issue; a later write makes the read unchecked. */
  readonly receivedAtIssue: number;
  /** A read of a snapshot deleted before it was issued: it must fail with a clear error. */
  readonly deletedView: boolean;
}

const MAX_DETAILS = 100;

export class Oracle {
  private readonly live = new LookupTable();
  private readonly snapshots = new Map<number, OracleSnapshot>();
  /** The snapshots not deleted, as an array: every received write visits each. */
  private active: OracleSnapshot[] = [];
  private readonly deleted = new Set<number>();
  private writeIds = 1;
  /** Per write id: who wrote it, and whether it failed. */
  private readonly records = new WriteRecords();
  checkedReads = 0;
  uncheckedReads = 0;
  checkedBlocks = 0;
  mismatches = 0;
  readonly details: Mismatch[] = [];
  /** Mismatches on blocks an injected fault damaged: reported, but not the engine's failure. */
  explainedByFaults = 0;
  readonly explainedDetails: Mismatch[] = [];

  constructor(
    private readonly guard: BlockGuard,
    private readonly payloadBytes: number,
    private readonly workloadNames: readonly string[],
    /** True when an injected fault the engine cannot see damaged the block (silent corruption of the origin). */
    private readonly explainedByFault?: (block: number, view: number | 'live') => boolean,
  ) {}

  /** The write id the next received write gets. */
  get nextWriteId(): number {
    return this.writeIds;
  }

  /** A write is received (its volume.write call is being made): returns its write id. */
  receiveWrite(block: number, count: number, writer: number, job: number, writerSequence: number): number {
    const writeId = this.writeIds++;
    this.records.add(writeId, writer, job, writerSequence);
    for (let index = 0; index < count; index++) {
      const target = block + index;
      const previous = this.live.get(target);
      if (previous > 0) {
        // The first write since a command saves the value the snapshot view keeps.
        const active = this.active;
        for (let which = 0; which < active.length; which++) {
          const snapshot = active[which]!;
          if (previous < snapshot.boundaryWriteId) snapshot.saved.set(target, previous);
        }
      }
      this.live.set(target, writeId);
    }
    return writeId;
  }

  /** The write failed: the blocks it touched hold old or new data, so their value is undefined until rewritten. */
  writeFailed(writeId: number): void {
    this.records.markFailed(writeId);
  }

  /** The preserve command is received. */
  preserve(snapshotId: number): void {
    const snapshot: OracleSnapshot = { id: snapshotId, boundaryWriteId: this.writeIds, saved: new LookupTable() };
    this.snapshots.set(snapshotId, snapshot);
    this.active.push(snapshot);
  }

  /** The snapshot was deleted: its saved values are dropped; reads of it must fail from now on. */
  deleteSnapshot(snapshotId: number): void {
    this.snapshots.delete(snapshotId);
    this.active = this.active.filter((snapshot) => snapshot.id !== snapshotId);
    this.deleted.add(snapshotId);
  }

  /** Distinct chunks written since the snapshot's command: each needs a slot of its image. */
  chunksWrittenSince(snapshotId: number, chunkBlocks: number): number {
    const snapshot = this.snapshots.get(snapshotId);
    if (snapshot === undefined) return 0;
    let chunks = 0;
    let last = -1;
    for (const [block, writeId] of this.live) {
      if (writeId < snapshot.boundaryWriteId) continue;
      const chunk = Math.floor(block / chunkBlocks);
      if (chunk !== last) chunks++;
      last = chunk;
    }
    return chunks;
  }

  /** The snapshot view's value of `block`: a write id, 0 for the initial content. */
  snapshotValue(snapshotId: number, block: number): number {
    const snapshot = this.snapshots.get(snapshotId);
    if (!snapshot) throw new Error(`oracle: snapshot ${snapshotId} unknown`);
    return this.valueIn(snapshot, block);
  }

  /** A snapshot view's value of `block`: the live value when the block was not written since the command, else the one saved then. */
  private valueIn(snapshot: OracleSnapshot, block: number): number {
    const live = this.live.get(block);
    if (live < snapshot.boundaryWriteId) return Math.max(0, live);
    return Math.max(0, snapshot.saved.get(block));
  }

  liveValue(block: number): number {
    return Math.max(0, this.live.get(block));
  }

  /** Called as a read is issued: what it must return, where the oracle defines it. */
  beginRead(view: number | 'live', block: number, count: number): ReadCheck {
    const expected: (number | undefined)[] = new Array(count);
    const snapshot = view === 'live' ? undefined : this.snapshots.get(view);
    for (let index = 0; index < count; index++) {
      const target = block + index;
      const inFlight = this.guard.writeInFlight(target);
      if (view === 'live') {
        expected[index] = inFlight === undefined ? this.liveValue(target) : undefined;
      } else if (snapshot === undefined) {
        expected[index] = undefined;
      } else {
        // A write received before the command still in flight: its data may not have landed.
        expected[index] = inFlight !== undefined && inFlight < snapshot.boundaryWriteId ? undefined : this.valueIn(snapshot, target);
      }
    }
    const deletedView = view !== 'live' && this.deleted.has(view);
    return { view, block, count, expected, receivedAtIssue: this.writeIds - 1, deletedView };
  }

  /**
   * Checks a returned read against what beginRead recorded. `when` names the moment for a report:
   * text, or the completion's virtual time in ns (formatted only if a block mismatches).
   */
  endRead(check: ReadCheck, bytes: Uint8Array, when: string | number): void {
    if (check.deletedView) {
      this.mismatches++;
      if (this.details.length < MAX_DETAILS) {
        this.details.push({ view: `snapshot ${check.view}`, block: check.block, when: describeWhen(check.view, when), expected: 'a clear error: the snapshot was deleted before the read', found: 'data' });
      }
      return;
    }
    let defined = false;
    for (let index = 0; index < check.count; index++) {
      const expected = check.expected[index];
      if (expected === undefined || this.records.failed(expected)) continue;
      const target = check.block + index;
      // Live: a write received while the read was in flight leaves the value undefined.
      if (check.view === 'live' && this.liveValue(target) > check.receivedAtIssue) continue;
      defined = true;
      this.compare(check.view, target, expected, bytes, index * this.payloadBytes, when);
    }
    if (defined) this.checkedReads++;
    else this.uncheckedReads++;
  }

  /** A failed check of something other than a block's content (store full, reopen). */
  addFinding(view: string, when: string, expected: string, found: string): void {
    this.mismatches++;
    if (this.details.length < MAX_DETAILS) this.details.push({ view, block: -1, when, expected, found });
  }

  /**
   * Whether a snapshot view's blocks block..block + count - 1 must hold what the live view's do:
   * none was written since the snapshot's command, and no write of the run failed (a failed
   * write's blocks are left out of the check, view by view). The final check then compares the
   * snapshot view's bytes with the live view's, which it has just checked block by block.
   */
  sameAsLive(view: number, block: number, count: number): boolean {
    const snapshot = this.snapshots.get(view);
    return snapshot !== undefined && !this.records.anyFailed && this.live.maxIn(block, count) < snapshot.boundaryWriteId;
  }

  /** Counts blocks checked by comparison with blocks already checked (see sameAsLive). */
  countChecked(count: number): void {
    this.checkedBlocks += count;
  }

  /** Final check of a run of blocks of a view (all writes complete); true when every block held its expected value. */
  checkRange(view: number | 'live', block: number, bytes: Uint8Array, when = 'final check'): boolean {
    const count = bytes.length / this.payloadBytes;
    const findings = this.mismatches + this.explainedByFaults;
    // Blocks never written hold the initial content in every view (a snapshot saves only values
    // that were writes): a run of them is checked in bulk, and only a run that is not all zeros
    // is looked at block by block, for the report.
    if (!this.live.anyIn(block, count) && isZero(bytes)) {
      this.checkedBlocks += count;
      return true;
    }
    const snapshot = view === 'live' ? undefined : this.snapshots.get(view);
    if (view !== 'live' && snapshot === undefined) throw new Error(`oracle: snapshot ${view} unknown`);
    for (let index = 0; index < count; index++) {
      const target = block + index;
      const expected = snapshot === undefined ? this.liveValue(target) : this.valueIn(snapshot, target);
      if (this.records.failed(expected)) continue;
      this.checkedBlocks++;
      this.compare(view, target, expected, bytes, index * this.payloadBytes, when);
    }
    return this.mismatches + this.explainedByFaults === findings;
  }

  /** Describes a write id for a report: "write #17 (oltp.data job 2, its write 5)" or "initial content". */
  describeWrite(writeId: number): string {
    if (writeId === 0) return 'initial content';
    const records = this.records;
    const writer = this.workloadNames[records.writer(writeId)] ?? `writer ${records.writer(writeId)}`;
    return `write #${writeId} (${writer} job ${records.job(writeId)}, its write ${records.sequence(writeId)})`;
  }

  private compare(viewId: number | 'live', block: number, expected: number, bytes: Uint8Array, offset: number, when: string | number): void {
    if (stampedWriteId(bytes, offset, block) === expected) return;
    const decoded = decodeBlock(bytes, offset, block);
    const found = decoded.kind === 'initial' ? 0 : decoded.kind === 'stamp' ? decoded.stamp.writeId : -1;
    const view = viewId === 'live' ? 'live' : `snapshot ${viewId}`;
    const explained = this.explainedByFault?.(block, viewId) === true;
    if (explained) this.explainedByFaults++;
    else this.mismatches++;
    const details = explained ? this.explainedDetails : this.details;
    if (details.length < MAX_DETAILS) {
      details.push({
        view,
        block,
        when: describeWhen(viewId, when),
        expected: this.describeWrite(expected),
        found: decoded.kind === 'garbage' ? `unrecognised data: ${decoded.reason}` : this.describeWrite(found),
      });
    }
  }
}

/** A read's moment for a report: "read at 1.250000 s" from its completion time in ns, or the text given. */
function describeWhen(view: number | 'live', when: string | number): string {
  if (typeof when === 'string') return when;
  return `${view === 'live' ? 'read' : 'snapshot read'} at ${(when / 1e9).toFixed(6)} s`;
}


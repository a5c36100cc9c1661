/**
 * The record of what a FaultyDevice injected, kept apart from the data (TigerBeetle's way): the
 * device's content is what the faults made of it, and this log says where and why, so a report
 * can separate what was injected from what the engine did with it.
 */
import { faultKinds, faultTags, type FaultKind, type FaultOperation, type FaultTag } from './fault-plan.js';

/** One injected fault. */
export interface FaultRecord {
  readonly kind: FaultKind;
  readonly tag: FaultTag;
  readonly operation: FaultOperation;
  /** The request's first block and block count. */
  readonly block: number;
  readonly count: number;
  /** Virtual time the operation was issued. */
  readonly atNs: number;
  /** Blocks the fault left wrong or unreadable (none for delays and failed writes, whose old data stands). */
  readonly damagedBlocks: readonly number[];
  /** What happened, in words: "blocks 4..7 kept their old data", "landed at block 812", "+5000000 ns". */
  readonly detail: string;
}

/** Counts of one device's faults. */
export interface FaultStats {
  /** Faults injected, by kind; every kind is present. */
  injected: Record<FaultKind, number>;
  /** Faults injected, by tag. */
  tags: Record<FaultTag, number>;
  /** Reads that rejected with a MediaError: new read errors and reads of blocks with a latent one. */
  failedReads: number;
  /** Writes that rejected with a MediaError. */
  failedWrites: number;
}

const TAG_BIT: Record<FaultTag, number> = { survive: 1, detect: 2 };

export class FaultLog {
  private readonly list: FaultRecord[] = [];
  /** Block -> bits of the tags of the faults that damaged it. */
  private readonly damaged = new Map<number, number>();
  private readonly injected = Object.fromEntries(faultKinds.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  private readonly tags: Record<FaultTag, number> = { survive: 0, detect: 0 };
  failedReads = 0;
  failedWrites = 0;

  /** Records an injected fault. */
  add(record: FaultRecord): void {
    this.list.push(record);
    this.injected[record.kind]++;
    this.tags[record.tag]++;
    const bit = TAG_BIT[record.tag];
    for (const block of record.damagedBlocks) this.damaged.set(block, (this.damaged.get(block) ?? 0) | bit);
  }

  /** Every injected fault, in the order injected. */
  records(): readonly FaultRecord[] {
    return this.list;
  }

  /** True when a fault (of that tag, if given) ever damaged the block; a rewrite does not undo what copies of it carry. */
  wasFaulted(block: number, tag?: FaultTag): boolean {
    const bits = this.damaged.get(block);
    return bits !== undefined && (tag === undefined || (bits & TAG_BIT[tag]) !== 0);
  }

  /** The blocks a fault (of that tag, if given) ever damaged, ascending. */
  faultedBlocks(tag?: FaultTag): number[] {
    const blocks: number[] = [];
    for (const [block, bits] of this.damaged) if (tag === undefined || (bits & TAG_BIT[tag]) !== 0) blocks.push(block);
    return blocks.sort((a, b) => a - b);
  }

  /** Counts per kind and per tag, and the operations that failed. */
  stats(): FaultStats {
    return {
      injected: { ...this.injected },
      tags: Object.fromEntries(faultTags.map((tag) => [tag, this.tags[tag]])) as Record<FaultTag, number>,
      failedReads: this.failedReads,
      failedWrites: this.failedWrites,
    };
  }
}

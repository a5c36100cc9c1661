/**
 * What the oracle keeps per write id: who wrote it (workload, job, the writer's sequence), for
 * mismatch reports, and whether it failed. Pages of 65,536 writes, added as write ids grow: a run
 * of 52 M writes keeps 8 bytes each and never holds an old and a doubled copy at once, as one
 * growing array would.
 */
const PAGE_SHIFT = 16;
const PAGE_WRITES = 1 << PAGE_SHIFT;
const PAGE_MASK = PAGE_WRITES - 1;

export class WriteRecords {
  private readonly writers: Uint16Array[] = [];
  private readonly jobs: Uint16Array[] = [];
  private readonly sequences: Uint32Array[] = [];
  /** Pages of failure marks, only where a write failed. */
  private readonly failures: (Uint8Array | undefined)[] = [];
  /** Whether any write failed: most runs have none, and then no mark is ever looked up. */
  anyFailed = false;

  /** Records write `writeId` (ids are given in increasing order). */
  add(writeId: number, writer: number, job: number, writerSequence: number): void {
    const page = writeId >>> PAGE_SHIFT;
    while (this.writers.length <= page) {
      this.writers.push(new Uint16Array(PAGE_WRITES));
      this.jobs.push(new Uint16Array(PAGE_WRITES));
      this.sequences.push(new Uint32Array(PAGE_WRITES));
    }
    const within = writeId & PAGE_MASK;
    this.writers[page]![within] = writer;
    this.jobs[page]![within] = job;
    this.sequences[page]![within] = writerSequence;
  }

  markFailed(writeId: number): void {
    const page = writeId >>> PAGE_SHIFT;
    (this.failures[page] ??= new Uint8Array(PAGE_WRITES))[writeId & PAGE_MASK] = 1;
    this.anyFailed = true;
  }

  failed(writeId: number): boolean {
    if (!this.anyFailed) return false;
    const page = this.failures[writeId >>> PAGE_SHIFT];
    return page !== undefined && page[writeId & PAGE_MASK] === 1;
  }

  writer(writeId: number): number {
    return this.writers[writeId >>> PAGE_SHIFT]?.[writeId & PAGE_MASK] ?? 0;
  }

  job(writeId: number): number {
    return this.jobs[writeId >>> PAGE_SHIFT]?.[writeId & PAGE_MASK] ?? 0;
  }

  sequence(writeId: number): number {
    return this.sequences[writeId >>> PAGE_SHIFT]?.[writeId & PAGE_MASK] ?? 0;
  }
}

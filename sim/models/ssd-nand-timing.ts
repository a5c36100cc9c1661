/**
 * Array times of one NAND page, by page type, with read retries: the latency spread of real
 * flash. A flash page's type is its index in its block modulo the number of types (LSB, CSB, MSB
 * in rotation for TLC, as SimpleSSD and NVMeVirt assign it). A read fails its ECC with
 * readRetryProbability and is read again (another tR) until it passes, at most MAX_READ_RETRIES
 * times; the draws come from the model's seeded stream, so runs stay deterministic.
 */
import type { UniformSource } from '../disk-model.js';

/** Retries after which a read is served (by stronger decoding, at no further array cost here). */
export const MAX_READ_RETRIES = 8;

export interface NandTimingParams {
  readonly readLatencyUs: number;
  readonly programLatencyUs: number;
  readonly pageTypeReadScale: readonly number[];
  readonly pageTypeProgramScale: readonly number[];
  readonly readRetryProbability: number;
  readonly flashPagesPerBlock: number;
}

export class NandTiming {
  /** Mean page read and program times (what garbage collection moves are charged). */
  readonly meanReadNs: number;
  readonly meanProgramNs: number;
  private readonly readNs: number[];
  private readonly programNs: number[];
  retries = 0;

  constructor(
    private readonly params: NandTimingParams,
    private readonly random: UniformSource,
  ) {
    this.meanReadNs = params.readLatencyUs * 1000;
    this.meanProgramNs = params.programLatencyUs * 1000;
    this.readNs = params.pageTypeReadScale.map((scale) => scale * this.meanReadNs);
    this.programNs = params.pageTypeProgramScale.map((scale) => scale * this.meanProgramNs);
  }

  /** Array time of a read of `flashPage` (global index), retries included. */
  read(flashPage: number): number {
    const once = this.readNs[(flashPage % this.params.flashPagesPerBlock) % this.readNs.length]!;
    const p = this.params.readRetryProbability;
    if (p <= 0) return once;
    let reads = 1;
    while (reads <= MAX_READ_RETRIES && this.random() < p) reads++;
    this.retries += reads - 1;
    return reads * once;
  }

  /** Program time of `flashPage` (global index). */
  program(flashPage: number): number {
    return this.programNs[(flashPage % this.params.flashPagesPerBlock) % this.programNs.length]!;
  }
}

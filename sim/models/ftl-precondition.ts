/**
 * Preconditioning: an FTL filled before time 0, as a drive that has been used, without
 * simulating time. `sequential` writes every logical page once in order (computed, not written:
 * PageMappingFtl.preconditionSequential). `random-steady-state` then overwrites pages chosen
 * uniformly at random, through the FTL's own write path (garbage collection included), in rounds
 * of an eighth of the capacity, until, after at least one capacity of them, the write amplification
 * of two successive rounds differs by less than 1 %: the steady state of greedy collection under uniform
 * random writes. The work is bounded by MAX_PRECONDITION_WRITES host page writes: a drive larger
 * than about 64 GiB stops there, short of the steady state (the figure preconditionSteady is then
 * 0), and its random phase allocates the whole mapping table (8 bytes per 4 KiB page).
 */
import type { UniformSource } from '../disk-model.js';
import type { PageMappingFtl } from './ftl.js';

/** Bound on the random phase, in host page writes (about 5 to 10 s at 7 % over-provisioning). */
export const MAX_PRECONDITION_WRITES = 1 << 25;

export interface PreconditionResult {
  /** Host page writes of the random phase. */
  readonly randomWrites: number;
  /** 1 when the random phase reached the steady state (or none was asked), 0 when cut short. */
  readonly steady: number;
  /** Write amplification of the last round of the random phase (1 without one). */
  readonly writeAmplification: number;
}

export function preconditionFtl(
  ftl: PageMappingFtl,
  mode: 'none' | 'sequential' | 'random-steady-state',
  random: UniformSource,
  maxWrites = MAX_PRECONDITION_WRITES,
): PreconditionResult {
  if (mode === 'none') return { randomWrites: 0, steady: 1, writeAmplification: 1 };
  ftl.preconditionSequential();
  if (mode === 'sequential') return { randomWrites: 0, steady: 1, writeAmplification: 1 };
  const pages = ftl.geometry.logicalPages;
  const round = Math.max(1024, Math.ceil(pages / 8));
  let written = 0;
  let previous = Number.NaN;
  let amplification = 1;
  let steady = 0;
  while (written < maxWrites) {
    const host0 = ftl.counts.hostPagesWritten;
    const programmed0 = ftl.counts.programmedPages;
    const n = Math.min(round, maxWrites - written);
    for (let i = 0; i < n; i++) ftl.write(Math.floor(random() * pages));
    written += n;
    amplification = (ftl.counts.programmedPages - programmed0) / (ftl.counts.hostPagesWritten - host0);
    if (written >= pages && ftl.counts.gcCollections > 0 && Math.abs(amplification / previous - 1) < 0.01) {
      steady = 1;
      break;
    }
    previous = amplification;
  }
  ftl.padFrontierPage();
  return { randomWrites: written, steady, writeAmplification: amplification };
}

/**
 * Shortest-positioning-time-first with a bounded wait, for the hdd model's command queue.
 *
 * Pure SPTF (Worthington, Ganger and Patt, SIGMETRICS 1994) maximises throughput but never ages a
 * request: under a deep random queue a command far from the head can wait while nearer ones keep
 * arriving (on hdd-7200-sata, random 4 KiB reads at QD32 had a p99 of 627 ms and waits past 1 s).
 * Drives bound this; here, as in the aged SPTF of Jacobson and Wilkes (HP Labs HPL-CSP-91-7rev1,
 * 1991), a command's positioning time counts agingWeight ns less for every ns it has waited in the
 * drive, and a command that has waited longer than maxWaitNs is served before any other, oldest
 * first (a backstop; it must sit well above the mean wait, or a deep random queue falls into
 * serving in arrival order). Both 0 is pure SPTF. On hdd-7200-sata, 20 000 random 4 KiB reads at
 * QD32: pure SPTF 228.2 IOPS, p99 627 ms, max 1.50 s; weight 0.01 and bound 500 ms 223.4 IOPS,
 * p99 409 ms, max 526 ms; NCQ off 86.1 IOPS (test/sim/hdd-write-cache.test.ts).
 */

export interface QueuedCandidate {
  /** When the command reached the drive. */
  readonly arrivedNs: number;
  /** Arrival order, to break ties. */
  readonly arrival: number;
}

/**
 * Index in `candidates` of the command to serve at nowNs; `positioningNs(i)` is the positioning
 * time of candidate i from the head's current state. Returns -1 for an empty list.
 */
export function chooseSptf(
  candidates: readonly QueuedCandidate[],
  nowNs: number,
  maxWaitNs: number,
  agingWeight: number,
  positioningNs: (index: number) => number,
): { index: number; aged: boolean } {
  if (candidates.length === 0) return { index: -1, aged: false };
  if (maxWaitNs > 0) {
    let oldest = -1;
    for (let i = 0; i < candidates.length; i++) {
      const candidate = candidates[i]!;
      if (nowNs - candidate.arrivedNs <= maxWaitNs) continue;
      if (oldest < 0 || candidate.arrival < candidates[oldest]!.arrival) oldest = i;
    }
    if (oldest >= 0) return { index: oldest, aged: true };
  }
  const score = (i: number) => positioningNs(i) - agingWeight * (nowNs - candidates[i]!.arrivedNs);
  let best = 0;
  let bestNs = score(0);
  for (let i = 1; i < candidates.length; i++) {
    const ns = score(i);
    if (ns < bestNs) {
      best = i;
      bestNs = ns;
    }
  }
  return { index: best, aged: false };
}

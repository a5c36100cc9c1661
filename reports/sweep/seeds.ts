/**
 * Seeds of a sweep's replications. Replication r of every point runs with the same seed, derived
 * from the base seed and r alone (common random numbers: points differ only in what was swept).
 */

/** The seed of replication `replication` (0-based): a 32-bit hash of the base seed and the replication number. */
export function replicationSeed(baseSeed: number, replication: number): number {
  // FNV-1a over both numbers, then murmur3's finaliser so that neighbouring inputs spread out.
  let hash = 0x811c9dc5;
  for (const word of [baseSeed >>> 0, replication >>> 0, 0x5eed]) {
    for (let shift = 0; shift < 32; shift += 8) {
      hash ^= (word >>> shift) & 0xff;
      hash = Math.imul(hash, 0x01000193);
    }
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/**
 * Wall-clock benchmarks of the engine alone: the lookup table at 100 M entries and writes
 * through the volume on MemoryDevices. Only reports/bench may read the wall clock.
 */
import { LookupTable, MemoryDevice, Volume } from '../../engine/index.js';

export interface LookupTableBenchResult {
  lookupTableEntries: number;
  lookupTableBytesPerEntry: number;
  lookupTableLookupsPerSec: number;
}

function heapBytes(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  // Twice: buffers of an earlier bench that the first collection only finalises go with the second.
  gc?.();
  gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/**
 * Fills a lookup table with `entries` distinct chunks in scattered order (a multiplicative
 * bijection, so no permutation array skews the heap figure), then times random lookups.
 * Bytes per entry = heap growth / entries; run node with --expose-gc for a steady figure.
 */
export function benchLookupTable(entries = 100_000_000, lookups = 20_000_000): LookupTableBenchResult {
  // A prime stride visits every chunk of 0..entries-1 exactly once in scattered order.
  const stride = 2_654_435_761 % entries || 1;
  const before = heapBytes();
  const table = new LookupTable();
  let chunk = 0;
  for (let slot = 0; slot < entries; slot++) {
    table.set(chunk, slot);
    chunk = (chunk + stride) % entries;
  }
  const bytesPerEntry = (heapBytes() - before) / entries;
  if (table.size !== entries) throw new Error(`lookup table holds ${table.size} entries, expected ${entries}`);
  let state = 1;
  let found = 0;
  const started = performance.now();
  for (let i = 0; i < lookups; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    if (table.get(state % (entries * 2)) >= 0) found++;
  }
  const seconds = (performance.now() - started) / 1000;
  // About half of the lookups hit (chunks below `entries` are present); a wrong table would not.
  if (found < lookups * 0.45 || found > lookups * 0.55) throw new Error(`lookup hit rate ${found / lookups} is not about one half`);
  return { lookupTableEntries: entries, lookupTableBytesPerEntry: bytesPerEntry, lookupTableLookupsPerSec: lookups / seconds };
}

/**
 * 4 KiB random writes per wall-second through the volume on MemoryDevices with one snapshot
 * active (64 KiB chunks, 32 writers), so copies, dual writes and metadata commits all count.
 */
export async function benchMemoryEngine(writes = 400_000, writers = 32): Promise<{ memoryEngineWritesPerSec: number; memoryEngineCowCopies: number }> {
  const blockSize = 4096;
  const originBlocks = 65_536; // 256 MiB
  const origin = new MemoryDevice(blockSize, originBlocks);
  const volume = Volume.create({ origin, chunkSizeBytes: 65_536 });
  await volume.preserve(new MemoryDevice(blockSize, originBlocks * 2));
  const data = new Uint8Array(blockSize).fill(0xab);
  let issued = 0;
  let state = 99;
  const busy = new Set<number>();
  const writer = async (): Promise<void> => {
    while (issued < writes) {
      issued++;
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      let block = state % originBlocks;
      while (busy.has(block)) block = (block + 1) % originBlocks; // one write per block in flight
      busy.add(block);
      await volume.write(block, data);
      busy.delete(block);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: writers }, writer));
  const seconds = (performance.now() - started) / 1000;
  await volume.close();
  return { memoryEngineWritesPerSec: writes / seconds, memoryEngineCowCopies: volume.stats().cow.copies };
}

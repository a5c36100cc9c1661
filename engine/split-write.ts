/** One piece of a write, within one chunk (or allocation unit), with the write's receive sequence number. */
export type WritePiece = (sequence: number, chunk: number, block: number, data: Uint8Array) => Promise<void>;

/**
 * Splits a write at chunk boundaries and gives each piece to `piece` (a method bound once, so a
 * write within one chunk costs no allocation); resolves when every piece has been written.
 */
export function splitWrite(chunkBlocks: number, blockSize: number, sequence: number, block: number, count: number, data: Uint8Array, piece: WritePiece): Promise<void> {
  const firstChunk = Math.floor(block / chunkBlocks);
  const lastChunk = Math.floor((block + count - 1) / chunkBlocks);
  if (firstChunk === lastChunk) return piece(sequence, firstChunk, block, data);
  const pieces: Promise<void>[] = [];
  for (let chunk = firstChunk; chunk <= lastChunk; chunk++) {
    const from = Math.max(block, chunk * chunkBlocks);
    const to = Math.min(block + count, (chunk + 1) * chunkBlocks);
    pieces.push(piece(sequence, chunk, from, data.subarray((from - block) * blockSize, (to - block) * blockSize)));
  }
  return Promise.all(pieces).then(nothing);
}

/** Keeps a promise in `pending` until it settles (close waits for them); returns it. */
export function trackPending<T>(pending: Set<Promise<unknown>>, promise: Promise<T>): Promise<T> {
  pending.add(promise);
  const forget = () => pending.delete(promise);
  promise.then(forget, forget);
  return promise;
}

function nothing(): void {}

/**
 * Byte comparisons the engine, the simulated devices and the oracle share: whole buffers a 32-bit
 * word at a time where both are aligned (the final check compares every block of every view).
 */

/** Whether two buffers hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  const length = a.length;
  if (b.length !== length) return false;
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0 && length % 4 === 0) {
    const wordsA = new Uint32Array(a.buffer, a.byteOffset, length / 4);
    const wordsB = new Uint32Array(b.buffer, b.byteOffset, length / 4);
    for (let index = 0; index < wordsA.length; index++) if (wordsA[index] !== wordsB[index]) return false;
    return true;
  }
  for (let index = 0; index < length; index++) if (a[index] !== b[index]) return false;
  return true;
}

/** Whether bytes offset..offset + length - 1 (all of them by default) are zero. */
export function isZero(bytes: Uint8Array, offset = 0, length = bytes.length - offset): boolean {
  const start = bytes.byteOffset + offset;
  if (start % 4 === 0 && length % 4 === 0) {
    const words = new Uint32Array(bytes.buffer, start, length / 4);
    for (let index = 0; index < words.length; index++) if (words[index] !== 0) return false;
    return true;
  }
  for (let index = offset, end = offset + length; index < end; index++) if (bytes[index] !== 0) return false;
  return true;
}

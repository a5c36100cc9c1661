/** Test helpers: blocks whose content names the write that produced it. */
export function stamp(blockSize: number, text: string, count = 1): Uint8Array {
  const bytes = new Uint8Array(blockSize * count);
  const encoded = new TextEncoder().encode(text);
  for (let i = 0; i < count; i++) bytes.set(encoded.subarray(0, blockSize), i * blockSize);
  return bytes;
}

/** The text at the start of each block, up to the first zero byte. */
export function label(bytes: Uint8Array, blockSize: number): string[] {
  const out: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += blockSize) {
    const block = bytes.subarray(offset, offset + blockSize);
    const end = block.indexOf(0);
    out.push(new TextDecoder().decode(block.subarray(0, end < 0 ? block.length : end)));
  }
  return out;
}

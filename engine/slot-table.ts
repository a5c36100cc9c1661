/** Per data slot of a snapshot image: the checksum of its data, in a growable Uint32Array. */
export class SlotTable {
  private checksums = new Uint32Array(64);

  set(slot: number, checksum: number): void {
    if (slot >= this.checksums.length) {
      const grown = new Uint32Array(Math.max(slot + 1, this.checksums.length * 2));
      grown.set(this.checksums);
      this.checksums = grown;
    }
    this.checksums[slot] = checksum >>> 0;
  }

  /** The checksum recorded for `slot` (0 when none was). */
  checksum(slot: number): number {
    return this.checksums[slot] ?? 0;
  }
}

import { InputError } from '../../engine/errors.js';

/** The volume a trace is replayed onto. */
export interface TraceVolume {
  sizeBytes: number;
  blockSizeBytes: number;
}

/** How trace addresses are mapped onto the volume. */
export interface PlacementOptions {
  /**
   * Fold addresses beyond the volume back onto it: offset modulo the volume size, aligned down
   * to the block size; an I/O that would then cross the end is clipped at the end (never split,
   * so record counts and ordering stay those of the trace). Default true.
   * When false, an I/O reaching beyond the volume is an input error.
   */
  fold?: boolean;
  /**
   * Round offsets down and ends up to whole blocks, so the aligned I/O covers every byte of the
   * original one. Default true.
   */
  align?: boolean;
}

/** A byte range on the volume. */
export interface PlacedRange {
  offsetBytes: number;
  sizeBytes: number;
}

/** Maps one traced I/O onto the volume; `where` names the trace line for errors. */
export function placeOnVolume(
  offsetBytes: number,
  sizeBytes: number,
  volume: TraceVolume,
  options: PlacementOptions,
  file: string,
  where: string,
): PlacedRange {
  const block = volume.blockSizeBytes;
  let offset = offsetBytes;
  let end = offsetBytes + sizeBytes;
  if (options.align ?? true) {
    offset = Math.floor(offset / block) * block;
    end = Math.ceil(end / block) * block;
  }
  let size = end - offset;
  if (options.fold ?? true) {
    offset = offset % volume.sizeBytes;
    offset -= offset % block;
    size = Math.min(size, volume.sizeBytes - offset);
  } else if (offset + size > volume.sizeBytes) {
    throw new InputError(
      file,
      where,
      `an I/O inside the volume of ${volume.sizeBytes} bytes (or turn folding on)`,
      `bytes ${offsetBytes}..${offsetBytes + sizeBytes}`,
    );
  }
  return { offsetBytes: offset, sizeBytes: size };
}

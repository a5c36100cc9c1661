/**
 * The largest drive the ssd and nvme models can simulate: the FTL numbers physical 4 KiB slots in
 * 32 bits and keeps per-block tables in memory. Checked with the parameters, so a drive past them
 * is a scenario error naming capacityBytes and the limit (exit 2), not a crash when it is built.
 */
import { blocksPerDieFor, LOGICAL_PAGE_BYTES } from './ftl.js';
import { UNMAPPED } from './ftl-paged-array.js';

/** Flash blocks the model keeps tables for (about 13 bytes each: 16.7 million is some 220 MB). */
export const MAX_FLASH_BLOCKS = 2 ** 24;

/** The geometry parameters that size the FTL. */
export interface FtlSizing {
  readonly capacityBytes: number;
  readonly channels: number;
  readonly diesPerChannel: number;
  readonly flashPageBytes: number;
  readonly flashPagesPerBlock: number;
  readonly overProvisioning: number;
  readonly gcThresholdBlocks: number;
}

/** Physical slots and flash blocks the FTL would have for these parameters (as SolidStateDrive builds it). */
export function ftlSize(params: FtlSizing, capacityBytes = params.capacityBytes): { slots: number; blocks: number } {
  const dies = params.channels * params.diesPerChannel;
  const slotsPerBlock = params.flashPagesPerBlock * (params.flashPageBytes / LOGICAL_PAGE_BYTES);
  const logicalPages = Math.ceil(capacityBytes / LOGICAL_PAGE_BYTES);
  const blocks = dies * blocksPerDieFor(logicalPages, dies, slotsPerBlock, params.overProvisioning, params.gcThresholdBlocks);
  return { slots: blocks * slotsPerBlock, blocks };
}

function fits(size: { slots: number; blocks: number }): boolean {
  return size.slots < UNMAPPED && size.blocks <= MAX_FLASH_BLOCKS;
}

/** Why these parameters are past the model's limits, or undefined when they fit. */
export function ftlLimitProblem(params: FtlSizing): string | undefined {
  const size = ftlSize(params);
  if (fits(size)) return undefined;
  // The largest capacity (whole logical pages) that fits, by bisection: size grows with capacity.
  let low = 0;
  let high = Math.ceil(params.capacityBytes / LOGICAL_PAGE_BYTES);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (fits(ftlSize(params, middle * LOGICAL_PAGE_BYTES))) low = middle;
    else high = middle;
  }
  const largest = low * LOGICAL_PAGE_BYTES;
  const why =
    size.slots >= UNMAPPED
      ? `${size.slots} physical 4 KiB slots, past the 2^32-1 the mapping tables address`
      : `${size.blocks} flash blocks, past the ${MAX_FLASH_BLOCKS} the model keeps tables for`;
  return largest > 0
    ? `expected at most ${largest} bytes with this geometry (overProvisioning ${params.overProvisioning}, ${params.flashPageBytes}-byte pages, ${params.flashPagesPerBlock} pages per block): ${params.capacityBytes} bytes need ${why}`
    : `expected a geometry the model can hold: even the smallest drive needs ${why} (fewer dies, pages per block or gcThresholdBlocks)`;
}

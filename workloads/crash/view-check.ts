/**
 * Compares the blocks of one view of a reopened volume with their accepted values
 * (accepted-values.ts). Every block carries a self-describing stamp (payload.ts), so a block is
 * a write id, the initial zeros, or garbage (a torn mixture, damage, another block's data).
 */
import { decodeBlock, GARBAGE, stampedWriteId } from '../payload.js';
import type { AcceptedView } from './accepted-values.js';
import type { CrashProperty } from './crash-figures.js';

/** One block that holds what it must not. */
export interface BlockFinding {
  property: CrashProperty;
  view: string;
  block: number;
  accepted: number[];
  found: string;
}

export interface ViewCheckResult {
  blocksChecked: number;
  indeterminateBlocks: number;
  findings: BlockFinding[];
}

/** Which property a wrong value and a garbage block violate in this view. */
export interface ViewProperties {
  wrongValue: CrashProperty;
  garbage: CrashProperty;
}

/** Checks `bytes` (blocks from `firstBlock` on) of the view named `view`. */
export function checkViewBytes(view: string, bytes: Uint8Array, firstBlock: number, payloadBytes: number, accepted: AcceptedView, properties: ViewProperties): ViewCheckResult {
  const count = bytes.length / payloadBytes;
  const result: ViewCheckResult = { blocksChecked: count, indeterminateBlocks: 0, findings: [] };
  for (let index = 0; index < count; index++) {
    const block = firstBlock + index;
    const allowed = accepted.of(block);
    if (allowed.length > 1) result.indeterminateBlocks++;
    // The write id alone, allocating nothing, settles every block that holds an accepted value;
    // only a finding is decoded, to say what the block holds.
    const stamped = stampedWriteId(bytes, index * payloadBytes, block);
    if (stamped !== GARBAGE && allowed.includes(stamped)) continue;
    const decoded = decodeBlock(bytes, index * payloadBytes, block);
    if (decoded.kind === 'garbage') {
      result.findings.push({ property: properties.garbage, view, block, accepted: [...allowed], found: `garbage: ${decoded.reason}` });
      continue;
    }
    const writeId = decoded.kind === 'initial' ? 0 : decoded.stamp.writeId;
    if (allowed.includes(writeId)) continue;
    result.findings.push({ property: properties.wrongValue, view, block, accepted: [...allowed], found: describeWriteId(writeId) });
  }
  return result;
}

/** "write #17" or "initial content". */
export function describeWriteId(writeId: number): string {
  return writeId === 0 ? 'initial content' : `write #${writeId}`;
}

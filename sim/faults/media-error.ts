/**
 * The error a faulty medium surfaces: a read that cannot return the data (a latent sector error)
 * or a write that failed and was never acknowledged. A user can act on it (the device is failing,
 * the fault plan asked for it), so it is a CowsimError, not a bug.
 */
import { CowsimError, DeviceError } from '../../engine/errors.js';

export type MediaErrorKind = 'readError' | 'writeError';

export class MediaError extends CowsimError {
  constructor(
    /** The device that failed. */
    readonly device: string,
    readonly operation: 'read' | 'write',
    /** The request's first block and block count. */
    readonly block: number,
    readonly count: number,
    readonly kind: MediaErrorKind,
    /** Reads: the unreadable blocks of the request. */
    readonly badBlocks: readonly number[] = [],
  ) {
    super(
      `${device}: media error (${kind}) on ${operation} of blocks ${block}..${block + count - 1}: ` +
        (kind === 'readError'
          ? `block${badBlocks.length === 1 ? '' : 's'} ${badBlocks.join(', ')} cannot be read (a latent sector error; it stays until the block is rewritten)`
          : 'the write failed and was not acknowledged; the blocks hold their old data'),
    );
  }
}

/** True when `error`, or an error it names as its cause, is a MediaError: a device fault, not a bug. */
export function isMediaError(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; current = current.cause, depth++) {
    if (current instanceof MediaError) return true;
  }
  return false;
}

/**
 * True for an error a faulty device can explain: a MediaError, or an error the engine raised to
 * report one (a CowsimError such as an unreadable or corrupt snapshot). A DeviceError is not one:
 * it means a request the device could not even take (out of range), a bug above the device.
 */
export function isFaultError(error: unknown): boolean {
  return isMediaError(error) || (error instanceof CowsimError && !(error instanceof DeviceError));
}

/** A short reason for reports: "media error", or the error's class in words ("snapshot corrupt"). */
export function faultReason(error: unknown): string {
  if (isMediaError(error)) return 'media error';
  const name = error instanceof Error ? error.name : 'error';
  return name.replace(/Error$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() || 'error';
}

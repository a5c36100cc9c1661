/**
 * Whether the hdd model can be built from its parameters: the seek curve must fit the drive's
 * cylinder count, which follows from capacity, surfaces, rpm and media rates. The schema's
 * share-of-stroke check is only an approximation of this; a drive of very few cylinders can
 * still fail it, which would otherwise be a crash when the drive is built.
 */
import { HddGeometry, type HddGeometryParams } from './hdd-geometry.js';
import { fitSeekCurve } from './hdd-seek.js';

/** Why no seek curve fits these parameters, or undefined when one does. */
export function seekFitProblem(params: HddGeometryParams & { trackToTrackSeekMs: number; averageSeekMs: number; fullStrokeSeekMs: number }): string | undefined {
  const cylinders = new HddGeometry(params).cylinderCount;
  if (!Number.isSafeInteger(cylinders) || cylinders < 1) {
    return `expected capacity, surfaces, rpm and media rates that give a drive of at least one cylinder and at most 2^53, found ${cylinders}`;
  }
  try {
    fitSeekCurve(params.trackToTrackSeekMs, params.averageSeekMs, params.fullStrokeSeekMs, cylinders);
    return undefined;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return `expected seek times a curve can fit on this drive of ${cylinders} cylinders (${error.message.replace(/^hdd seek: /, '')})`;
  }
}

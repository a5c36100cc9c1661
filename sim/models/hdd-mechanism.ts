/**
 * The hdd model's mechanism: how long the head takes to reach data and carry it. Positioning =
 * command overhead (host commands only) + seek + rotational wait; transfer at the zoned media rate
 * of the cylinder where the data starts.
 *
 * - Seek: Ruemmler & Wilkes' two-regime curve (hdd-seek.ts). A write adds writeSettleNs to any
 *   seek that moves the head: a write needs the head settled on the track centre more precisely
 *   than a read, which is why datasheets give a longer average write seek (HC310: 8.2 ms against
 *   7.4 ms for reads).
 * - Rotation: the platter's angle is a deterministic function of virtual time (angle 0 at t = 0);
 *   the drive waits until the target passes under the head. For the drive's own back-to-back
 *   operations (destages of one sequential extent, no command overhead between them) a head
 *   arriving less than DESTAGE_LATE_TOLERANCE_NS (1 us) after its target counts as on time, so they
 *   do not lose a revolution to rounding.
 */
import { HddGeometry } from './hdd-geometry.js';
import { fitSeekCurve, type SeekCurve } from './hdd-seek.js';

export const DESTAGE_LATE_TOLERANCE_NS = 1000;

export interface MechanismParams {
  readonly capacityBytes: number;
  readonly rpm: number;
  readonly surfaces: number;
  readonly trackToTrackSeekMs: number;
  readonly averageSeekMs: number;
  readonly fullStrokeSeekMs: number;
  readonly outerRateMBps: number;
  readonly innerRateMBps: number;
  readonly writeSettleMs: number;
}

/** Timing of one media access. */
export interface MediaAccess {
  readonly seekNs: number;
  readonly rotationNs: number;
  /** When the first byte passes the head, and the last. */
  readonly dataStartNs: number;
  readonly dataEndNs: number;
  readonly bytesPerNs: number;
  /** The cylinder where the data ends: the head's position afterwards. */
  readonly endCylinder: number;
}

export class Mechanism {
  readonly geometry: HddGeometry;
  readonly seek: SeekCurve;
  private readonly writeSettleNs: number;

  constructor(params: MechanismParams) {
    this.geometry = new HddGeometry(params);
    this.seek = fitSeekCurve(params.trackToTrackSeekMs, params.averageSeekMs, params.fullStrokeSeekMs, this.geometry.cylinderCount);
    this.writeSettleNs = params.writeSettleMs * 1e6;
  }

  /** Access to [start, start + sizeBytes) from headCylinder, the head free at readyNs (after any overhead). */
  access(start: number, sizeBytes: number, write: boolean, readyNs: number, headCylinder: number, lateToleranceNs = 0): MediaAccess {
    const target = this.geometry.locate(start);
    const seekNs = this.seekTimeNs(target.cylinder - headCylinder, write);
    const arriveNs = readyNs + seekNs;
    const rotationNs = this.rotationWaitNs(target.angle, arriveNs, lateToleranceNs);
    const dataStartNs = arriveNs + rotationNs;
    return {
      seekNs,
      rotationNs,
      dataStartNs,
      dataEndNs: dataStartNs + sizeBytes / target.bytesPerNs,
      bytesPerNs: target.bytesPerNs,
      endCylinder: this.geometry.locate(Math.max(start, start + sizeBytes - 1)).cylinder,
    };
  }

  /**
   * access(...).dataStartNs for data at (cylinder, angle) (HddGeometry.cylinderOf, angleOf), with
   * the same arithmetic in the same order, so equal to the bit. Allocates nothing: shortest-
   * positioning-time-first asks it for every candidate and materializes only the one it picks.
   */
  dataStartNs(cylinder: number, angle: number, write: boolean, readyNs: number, headCylinder: number, lateToleranceNs = 0): number {
    const arriveNs = readyNs + this.seekTimeNs(cylinder - headCylinder, write);
    return arriveNs + this.rotationWaitNs(angle, arriveNs, lateToleranceNs);
  }

  /** Seek over `distance` cylinders, with the write settle when a write moves the head. */
  private seekTimeNs(distance: number, write: boolean): number {
    return this.seek.seekNs(distance) + (write && distance !== 0 ? this.writeSettleNs : 0);
  }

  /** Wait from arriveNs until the target at `angle` passes the head; arriving at most lateToleranceNs late counts as on time. */
  private rotationWaitNs(angle: number, arriveNs: number, lateToleranceNs: number): number {
    const revolution = this.geometry.revolutionNs;
    const platterAngle = (arriveNs % revolution) / revolution;
    let wait = angle - platterAngle;
    if (wait < 0) wait = -wait * revolution <= lateToleranceNs ? 0 : wait + 1;
    return wait * revolution;
  }
}

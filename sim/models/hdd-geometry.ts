/**
 * Zoned geometry of a hard disk, simplified. Real drives have tens of zones with a stepwise
 * number of sectors per track, skew between tracks, spare sectors and serpentine layouts; here
 * the medium is a smooth band of cylinders whose capacity falls linearly from the outer edge
 * (cylinder 0, LBA 0) to the inner edge, as track length falls with the radius. So the media
 * transfer rate at a cylinder is linear in the cylinder index, from outerRateMBps to innerRateMBps.
 *
 * - A cylinder holds `surfaces` tracks, one per head; LBAs fill a cylinder track by track.
 * - A track holds one revolution of data at the cylinder's media rate (rate * revolution time).
 * - The number of cylinders follows from capacity, surfaces, rpm and the two rates.
 * - A sector's angle is its offset inside its track over the track length; no track or cylinder
 *   skew, so a transfer crossing a track boundary costs no head switch.
 */

/** Where a byte offset lies on the medium. */
export interface MediumPosition {
  /** Fractional cylinder index (the integer part is the cylinder). */
  readonly cylinderPosition: number;
  readonly cylinder: number;
  /** Angle of the offset on its track, as a fraction of a revolution in [0, 1). */
  readonly angle: number;
  /** Media transfer rate at this cylinder, bytes per nanosecond. */
  readonly bytesPerNs: number;
}

export interface HddGeometryParams {
  readonly capacityBytes: number;
  readonly surfaces: number;
  readonly rpm: number;
  readonly outerRateMBps: number;
  readonly innerRateMBps: number;
}

/** The zoned geometry derived from capacity, surfaces, rpm and the outer/inner media rates. */
export class HddGeometry {
  readonly revolutionNs: number;
  readonly cylinders: number;
  private readonly outerBytesPerNs: number;
  private readonly innerBytesPerNs: number;
  /** Cumulative bytes up to fractional cylinder x: linearTerm * x + quadraticTerm * x^2. */
  private readonly linearTerm: number;
  private readonly quadraticTerm: number;

  constructor(readonly params: HddGeometryParams) {
    this.revolutionNs = 60e9 / params.rpm;
    this.outerBytesPerNs = params.outerRateMBps / 1000;
    this.innerBytesPerNs = params.innerRateMBps / 1000;
    const outerCylinderBytes = params.surfaces * this.outerBytesPerNs * this.revolutionNs;
    const innerCylinderBytes = params.surfaces * this.innerBytesPerNs * this.revolutionNs;
    this.cylinders = params.capacityBytes / ((outerCylinderBytes + innerCylinderBytes) / 2);
    this.linearTerm = outerCylinderBytes;
    this.quadraticTerm = (innerCylinderBytes - outerCylinderBytes) / (2 * this.cylinders);
  }

  /** Number of whole cylinders (the last one may be partly used). */
  get cylinderCount(): number {
    return Math.ceil(this.cylinders);
  }

  /** Bytes stored before fractional cylinder x. */
  private bytesBefore(x: number): number {
    return this.linearTerm * x + this.quadraticTerm * x * x;
  }

  /** Media rate at fractional cylinder x, bytes per nanosecond. */
  bytesPerNsAt(x: number): number {
    return this.outerBytesPerNs + ((this.innerBytesPerNs - this.outerBytesPerNs) * x) / this.cylinders;
  }

  /** The fractional cylinder holding byte `offset`. */
  cylinderPositionOf(offset: number): number {
    // Root of quadraticTerm x^2 + linearTerm x - offset = 0, in the cancellation-free form.
    const discriminant = this.linearTerm * this.linearTerm + 4 * this.quadraticTerm * offset;
    const x = (2 * offset) / (this.linearTerm + Math.sqrt(Math.max(0, discriminant)));
    return Math.min(x, this.cylinders);
  }

  /** Where byte `offset` lies: cylinder, angle on its track, media rate. */
  locate(offset: number): MediumPosition {
    const cylinderPosition = this.cylinderPositionOf(offset);
    const cylinder = this.cylinderAt(cylinderPosition);
    return { cylinderPosition, cylinder, angle: this.angleOf(offset, cylinder), bytesPerNs: this.bytesPerNsAt(cylinder + 0.5) };
  }

  /**
   * The cylinder holding byte `offset`: locate(offset).cylinder without building a position, for
   * the estimates the drive makes of every candidate (hdd-drive.ts).
   */
  cylinderOf(offset: number): number {
    return this.cylinderAt(this.cylinderPositionOf(offset));
  }

  /** The angle of byte `offset` on its track, `cylinder` being cylinderOf(offset): locate(offset).angle. */
  angleOf(offset: number, cylinder: number): number {
    const cylinderStart = this.bytesBefore(cylinder);
    const cylinderBytes = this.bytesBefore(cylinder + 1) - cylinderStart;
    const trackBytes = cylinderBytes / this.params.surfaces;
    const inTrack = (offset - cylinderStart) / trackBytes;
    return inTrack - Math.floor(inTrack);
  }

  /** The whole cylinder at fractional cylinder x (the last one holds the partly used remainder). */
  private cylinderAt(x: number): number {
    return Math.min(Math.floor(x), this.cylinderCount - 1);
  }
}

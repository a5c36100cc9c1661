/**
 * Timing of one host command on the hdd mechanism: a flush costs the command overhead; a read the
 * read-ahead buffer holds costs the wait until its data is there (hdd-read-ahead.ts); any other
 * read or write costs overhead (a write's own) + seek (+ write settle) + rotational wait + media
 * transfer (hdd-mechanism.ts). With a read bus rate (hdd.ts, readBusTransfer 'overlapped') a read
 * also pays its host link transfer, overlapped sector by sector with the media transfer (or, for a
 * read-ahead hit, starting after the command overhead); the mechanism is then busy until the link
 * transfer ends. The positioning time (to the first byte) is what SPTF compares: hostPositioningNs
 * gives it alone, allocating nothing, for every queued candidate; planHostCommand plans the one
 * chosen.
 */
import type { DiskRequest } from '../disk-model.js';
import type { Mechanism } from './hdd-mechanism.js';
import { readAheadHit, servesRead, startStream, streamByteNs, type ReadAheadStream } from './hdd-read-ahead.js';

export interface HostPlanConfig {
  readonly mechanism: Mechanism;
  readonly capacityBytes: number;
  readonly overheadNs: number;
  /** A write command's overhead. */
  readonly writeOverheadNs: number;
  readonly readAheadBytes: number;
  /** Host link rate reads pay, overlapped with the media transfer; undefined: reads pay none. */
  readonly readBusBytesPerNs: number | undefined;
}

/** The unit the link sends once read: a read's link transfer cannot send a sector before it is read. */
const BUS_SECTOR_BYTES = 512;

/**
 * When a read of sizeBytes whose data reaches the buffer from dataStartNs to dataEndNs (at an even
 * rate) has been sent over the link at busBytesPerNs, the link free from busFromNs: each 512-byte
 * sector goes once it is read and the previous one is sent, so the end is the latest of the link's
 * own pace from busFromNs, from the first sector's read, and the last sector's read plus its send.
 */
export function busTransferEndNs(busFromNs: number, dataStartNs: number, dataEndNs: number, sizeBytes: number, busBytesPerNs: number): number {
  const unit = Math.min(sizeBytes, BUS_SECTOR_BYTES);
  const busNs = sizeBytes / busBytesPerNs;
  const firstUnitReadNs = dataStartNs + (dataEndNs - dataStartNs) * (unit / sizeBytes);
  return Math.max(busFromNs + busNs, firstUnitReadNs + busNs, dataEndNs + unit / busBytesPerNs);
}

export interface HostPlan {
  readonly completionNs: number;
  readonly positioningNs: number;
  readonly seekNs: number;
  readonly rotationNs: number;
  readonly readAheadHit: boolean;
  readonly endCylinder: number;
  readonly stream: ReadAheadStream | undefined;
}

/** Timing of host command `request` on the mechanism if it starts at startNs from this head state. */
export function planHostCommand(
  config: HostPlanConfig,
  request: DiskRequest,
  startNs: number,
  headCylinder: number,
  stream: ReadAheadStream | undefined,
): HostPlan {
  const { readAheadBytes, capacityBytes, mechanism, readBusBytesPerNs } = config;
  const write = request.operation === 'write';
  const overheadNs = write ? config.writeOverheadNs : config.overheadNs;
  const afterOverheadNs = startNs + overheadNs;
  if (request.operation === 'flush' || request.sizeBytes === 0) {
    const completionNs = Math.round(afterOverheadNs);
    return { completionNs, positioningNs: overheadNs, seekNs: 0, rotationNs: 0, readAheadHit: false, endCylinder: headCylinder, stream };
  }
  const start = request.offsetBytes;
  const end = start + request.sizeBytes;
  if (request.operation === 'read') {
    const hit = readAheadHit(stream, start, end, startNs, readAheadBytes, capacityBytes);
    if (hit !== undefined) {
      const frozen = hit.stream.frozen;
      return {
        completionNs: Math.round(
          readBusBytesPerNs === undefined
            ? Math.max(afterOverheadNs, hit.lastByteNs)
            : busTransferEndNs(afterOverheadNs, hit.firstByteNs, hit.lastByteNs, request.sizeBytes, readBusBytesPerNs),
        ),
        positioningNs: Math.max(overheadNs, hit.firstByteNs - startNs),
        seekNs: 0,
        rotationNs: 0,
        readAheadHit: true,
        endCylinder: frozen ? headCylinder : mechanism.geometry.locate(end - 1).cylinder,
        stream: hit.stream,
      };
    }
  }
  const access = mechanism.access(start, request.sizeBytes, write, afterOverheadNs, headCylinder);
  const doneNs =
    write || readBusBytesPerNs === undefined
      ? access.dataEndNs
      : busTransferEndNs(access.dataStartNs, access.dataStartNs, access.dataEndNs, request.sizeBytes, readBusBytesPerNs);
  return {
    completionNs: Math.round(doneNs),
    positioningNs: access.dataStartNs - startNs,
    seekNs: access.seekNs,
    rotationNs: access.rotationNs,
    readAheadHit: false,
    endCylinder: access.endCylinder,
    stream: write ? undefined : startStream(end, access.dataEndNs, access.bytesPerNs, readAheadBytes, capacityBytes),
  };
}

/** A host command with where its first byte lies (HddGeometry.cylinderOf, angleOf), found once when it arrives. */
export interface PlacedCommand {
  readonly request: DiskRequest;
  readonly cylinder: number;
  readonly angle: number;
}

/**
 * planHostCommand(...).positioningNs, computed the same way to the bit but with no plan, read-ahead
 * hit or media access built: SPTF asks it of every queued command at every dispatch.
 */
export function hostPositioningNs(
  config: HostPlanConfig,
  command: PlacedCommand,
  startNs: number,
  headCylinder: number,
  stream: ReadAheadStream | undefined,
): number {
  const { request } = command;
  const write = request.operation === 'write';
  const overheadNs = write ? config.writeOverheadNs : config.overheadNs;
  if (request.operation === 'flush' || request.sizeBytes === 0) return overheadNs;
  const start = request.offsetBytes;
  if (request.operation === 'read' && servesRead(stream, start, start + request.sizeBytes, startNs)) {
    return Math.max(overheadNs, streamByteNs(stream, start) - startNs);
  }
  return config.mechanism.dataStartNs(command.cylinder, command.angle, write, startNs + overheadNs, headCylinder) - startNs;
}

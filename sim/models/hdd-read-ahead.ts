/**
 * The hdd model's read-ahead: after a read the head keeps reading the following readAheadBytes
 * into the drive buffer, so a sequential read stream runs at media rate without missing a
 * revolution per command (what every drive's look-ahead cache does).
 *
 * A stream is anchored at the offset where the read that started it ended and the time that byte
 * passed the head; later bytes pass at the media rate. A read whose data lies ahead in the stream
 * (up to the read-ahead limit, or past it while the stream is still running) is a hit: its data is
 * in the buffer at the time the stream reaches it, and the hit moves the limit on, so a stream of
 * hits keeps the head reading. When the head leaves for another operation (a destage of the write
 * cache) the stream freezes: what it had read stays in the buffer and is served, nothing more is
 * read ahead.
 *
 * For shortest-positioning-time-first a hit's positioning time is the wait until its first byte
 * is in the buffer: the next request of a sequential stream then always wins against a request
 * further along the track, which would break the stream (a queue of sequential reads at QD32
 * otherwise loses revolutions).
 */

/** Where the data a read left in the buffer ends, and how the read-ahead stream continues. */
export interface ReadAheadStream {
  /** Offset where the stream's timing is anchored, and the time that byte passed the head. */
  readonly anchorOffset: number;
  readonly anchorNs: number;
  readonly bytesPerNs: number;
  /** Read-ahead stops at this offset. */
  readonly limitOffset: number;
  /** The head left the stream: only data up to limitOffset is in the buffer. */
  readonly frozen: boolean;
}

/** A read served from the read-ahead buffer. */
export interface ReadAheadHit {
  /** When the request's first and last byte are in the buffer. */
  readonly firstByteNs: number;
  readonly lastByteNs: number;
  /** The stream after the hit: the limit moves on by readAheadBytes (unless frozen). */
  readonly stream: ReadAheadStream;
}

/** The stream a read of [start, end) that reached the medium at dataEndNs starts, or undefined when read-ahead is off. */
export function startStream(
  end: number,
  dataEndNs: number,
  bytesPerNs: number,
  readAheadBytes: number,
  capacityBytes: number,
): ReadAheadStream | undefined {
  if (readAheadBytes <= 0) return undefined;
  return {
    anchorOffset: end,
    anchorNs: dataEndNs,
    bytesPerNs,
    limitOffset: Math.min(capacityBytes, end + readAheadBytes),
    frozen: false,
  };
}

/** Whether a read of [start, end) at startNs is served from `stream`, and when its data is there. */
export function readAheadHit(
  stream: ReadAheadStream | undefined,
  start: number,
  end: number,
  startNs: number,
  readAheadBytes: number,
  capacityBytes: number,
): ReadAheadHit | undefined {
  if (!servesRead(stream, start, end, startNs)) return undefined;
  return {
    firstByteNs: streamByteNs(stream, start),
    lastByteNs: streamByteNs(stream, end),
    stream: stream.frozen ? stream : { ...stream, limitOffset: Math.min(capacityBytes, end + readAheadBytes) },
  };
}

/**
 * Whether readAheadHit finds a hit, without building it: the scheduler asks for every queued read
 * (hdd-host-plan.ts, hostPositioningNs).
 */
export function servesRead(stream: ReadAheadStream | undefined, start: number, end: number, startNs: number): stream is ReadAheadStream {
  if (stream === undefined || start < stream.anchorOffset || start > stream.limitOffset) return false;
  return !(end > stream.limitOffset && (stream.frozen || startNs > streamByteNs(stream, stream.limitOffset)));
}

/** When byte `offset` of the stream passes the head (for a frozen stream: would have). */
export function streamByteNs(stream: ReadAheadStream, offset: number): number {
  return stream.anchorNs + (offset - stream.anchorOffset) / stream.bytesPerNs;
}

/** The stream once the head leaves it at leaveNs: what it had read by then stays in the buffer. */
export function freezeStream(stream: ReadAheadStream | undefined, leaveNs: number): ReadAheadStream | undefined {
  if (stream === undefined || stream.frozen) return stream;
  const readBy = stream.anchorOffset + Math.max(0, leaveNs - stream.anchorNs) * stream.bytesPerNs;
  return { ...stream, limitOffset: Math.min(stream.limitOffset, Math.floor(readBy)), frozen: true };
}

/**
 * The hdd model's CPU shortcuts (issue 12) decide exactly what the long way decides: SPTF's
 * per-candidate estimates equal the plans they stand for, to the bit; the write cache's bisected
 * lookups equal its scans; a projection the model adopts as its state is the state it would have
 * reached; and a fixed mixed workload completes at the very nanoseconds it did before the shortcuts.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DiskModel, DiskOperation, DiskRequest } from '../../sim/disk-model.js';
import type { DriveState } from '../../sim/models/hdd-drive.js';
import { hostPositioningNs, planHostCommand, type HostPlanConfig } from '../../sim/models/hdd-host-plan.js';
import { DESTAGE_LATE_TOLERANCE_NS, Mechanism } from '../../sim/models/hdd-mechanism.js';
import { freezeStream, startStream, type ReadAheadStream } from '../../sim/models/hdd-read-ahead.js';
import { WriteCache, type DirtyExtent } from '../../sim/models/hdd-write-cache.js';
import { hddPlugin, newDriveState, type HddParams } from '../../sim/models/hdd.js';
import { findPreset } from '../../sim/presets.js';
import { seededRandom } from './drive-harness.js';

const MIB = 1024 * 1024;

function presetParams(name: string, overrides: Partial<HddParams> = {}): HddParams {
  return hddPlugin.paramsSchema.parse({ ...findPreset(name)!.params, ...overrides });
}

describe('SPTF estimates equal the plans they stand for', () => {
  for (const name of ['hdd-7200-sata', 'hdd-15k-sas']) {
    const params = presetParams(name);
    const mechanism = new Mechanism(params);
    const geometry = mechanism.geometry;

    it(`${name}: cylinderOf and angleOf are locate's, dataStartNs is access's`, () => {
      const random = seededRandom(1);
      for (let i = 0; i < 5000; i++) {
        const offset = Math.floor(random() * params.capacityBytes);
        const position = geometry.locate(offset);
        const cylinder = geometry.cylinderOf(offset);
        expect(cylinder).toBe(position.cylinder);
        expect(geometry.angleOf(offset, cylinder)).toBe(position.angle);
        const write = random() < 0.5;
        const readyNs = random() * 1e10;
        const head = Math.floor(random() * geometry.cylinderCount);
        const tolerance = random() < 0.5 ? 0 : DESTAGE_LATE_TOLERANCE_NS;
        const access = mechanism.access(offset, 4096, write, readyNs, head, tolerance);
        expect(mechanism.dataStartNs(cylinder, position.angle, write, readyNs, head, tolerance)).toBe(access.dataStartNs);
      }
    });

    for (const readBus of [undefined, 1.2]) {
      it(`${name}: hostPositioningNs is planHostCommand's positioningNs (read bus ${readBus ?? 'off'})`, () => {
        const config: HostPlanConfig = {
          mechanism,
          capacityBytes: params.capacityBytes,
          overheadNs: 100_000,
          writeOverheadNs: 30_000,
          readAheadBytes: 2 * MIB,
          readBusBytesPerNs: readBus,
        };
        const random = seededRandom(2);
        const operations: DiskOperation[] = ['read', 'read', 'write', 'flush'];
        let hits = 0;
        for (let i = 0; i < 5000; i++) {
          const operation = operations[Math.floor(random() * operations.length)]!;
          const sizeBytes = operation === 'flush' || random() < 0.02 ? 0 : 512 * (1 + Math.floor(random() * 256));
          // Half the requests near a stream's anchor, so read-ahead hits, misses past the limit and frozen streams all occur.
          const anchor = Math.floor(random() * (params.capacityBytes - 8 * MIB));
          const offsetBytes = random() < 0.5 ? anchor + Math.floor((random() - 0.2) * 3 * MIB) : Math.floor(random() * (params.capacityBytes - sizeBytes));
          const request: DiskRequest = { id: i, operation, offsetBytes: Math.max(0, offsetBytes), sizeBytes, queuedAtNs: 0 };
          const startNs = 1e9 + random() * 1e8;
          let stream: ReadAheadStream | undefined = startStream(anchor, startNs - random() * 1e7, 0.2, config.readAheadBytes, params.capacityBytes);
          if (random() < 0.3) stream = freezeStream(stream, startNs - random() * 1e7);
          if (random() < 0.1) stream = undefined;
          const head = Math.floor(random() * geometry.cylinderCount);
          const cylinder = geometry.cylinderOf(request.offsetBytes);
          const placed = { request, cylinder, angle: geometry.angleOf(request.offsetBytes, cylinder) };
          const plan = planHostCommand(config, request, startNs, head, stream);
          if (plan.readAheadHit) hits++;
          expect(hostPositioningNs(config, placed, startNs, head, stream)).toBe(plan.positioningNs);
        }
        expect(hits).toBeGreaterThan(100);
      });
    }
  }
});

describe('hdd write cache: bisected lookups answer as the scans do', () => {
  /** covers() and fits() as they were written before issue 12: a scan of every extent. */
  function scanCovers(extents: readonly DirtyExtent[], destaging: { start: number; end: number }[], start: number, end: number): boolean {
    for (const piece of destaging) if (piece.start <= start && piece.end >= end) return true;
    for (const extent of extents) {
      if (extent.start <= start && extent.end >= end) return true;
      if (extent.start > start) return false;
    }
    return false;
  }

  function scanFits(cache: WriteCache, destaging: { start: number; end: number }[], start: number, end: number): boolean {
    let freed = 0;
    let segmentsFreed = 0;
    for (const extent of cache.dirtyExtents.filter((e) => e.start < end && e.end > start)) {
      const lost = Math.min(end, extent.end) - Math.max(start, extent.start);
      freed += lost;
      if (lost === extent.end - extent.start) segmentsFreed++;
    }
    const destagingBytes = destaging.reduce((sum, piece) => sum + piece.end - piece.start, 0);
    const bytes = cache.bytes + destagingBytes - freed + (end - start);
    const segments = cache.extentCount + destaging.length - segmentsFreed + 1;
    return bytes <= cache.capacityBytes && segments <= cache.segments;
  }

  for (const zeroLengthWrites of [false, true]) {
    it(`through inserts, destages and releases${zeroLengthWrites ? ', with writes of no bytes' : ''}`, () => {
      const random = seededRandom(zeroLengthWrites ? 4 : 3);
      const span = 4 * MIB;
      const cache = new WriteCache(2 * MIB, 64);
      const destaging: { start: number; end: number }[] = [];
      for (let i = 0; i < 4000; i++) {
        const action = random();
        if (action < 0.5) {
          const size = zeroLengthWrites && random() < 0.1 ? 0 : 512 * (1 + Math.floor(random() * 64));
          const start = 512 * Math.floor((random() * (span - size)) / 512);
          if (cache.fits(start, start + size)) cache.insert(start, start + size, i);
        } else if (action < 0.7 && cache.extentCount > 0) {
          const extents = cache.dirtyExtents;
          destaging.push(cache.take(extents[Math.floor(random() * extents.length)]!));
        } else if (action < 0.8 && destaging.length > 0) {
          cache.release(destaging.splice(Math.floor(random() * destaging.length), 1)[0]!);
        }
        for (let probe = 0; probe < 8; probe++) {
          const size = random() < 0.05 ? 0 : 512 * (1 + Math.floor(random() * 64));
          const start = 512 * Math.floor((random() * (span - size)) / 512);
          expect(cache.covers(start, start + size)).toBe(scanCovers(cache.dirtyExtents, destaging, start, start + size));
          expect(cache.fits(start, start + size)).toBe(scanFits(cache, destaging, start, start + size));
        }
      }
    });
  }
});

/** A seeded open loop: arrivals at random gaps (often several at one instant), mixed requests, flushes. */
function* openLoop(seed: number, params: HddParams, count: number): Generator<DiskRequest> {
  const random = seededRandom(seed);
  let nowNs = 0;
  let sequentialOffset = 0;
  for (let id = 1; id <= count; id++) {
    const gap = random();
    nowNs += gap < 0.3 ? 0 : Math.round(-Math.log(1 - random()) * 3e6);
    const kind = random();
    const sizeBytes = [4096, 8192, 65536, MIB][Math.floor(random() * 4)]!;
    let offsetBytes = Math.floor((random() * (params.capacityBytes - sizeBytes)) / 4096) * 4096;
    if (random() < 0.4) {
      offsetBytes = sequentialOffset;
      sequentialOffset += sizeBytes;
    }
    const operation: DiskOperation = kind < 0.02 ? 'flush' : kind < 0.55 ? 'read' : 'write';
    yield operation === 'flush'
      ? { id, operation, offsetBytes: 0, sizeBytes: 0, queuedAtNs: nowNs }
      : { id, operation, offsetBytes, sizeBytes, queuedAtNs: nowNs };
  }
}

/** Runs the open loop on a drive; returns every submit and completion as text, and the figures. */
function drive(model: Pick<DiskModel, 'submit' | 'nextCompletionNs' | 'complete' | 'outstanding' | 'queueDepth'>, requests: Iterable<DiskRequest>): string[] {
  const log: string[] = [];
  const host: DiskRequest[] = [];
  const fill = (nowNs: number) => {
    while (host.length > 0 && model.outstanding() < model.queueDepth) model.submit(host.shift()!, nowNs);
  };
  for (const request of requests) {
    // Completions before this arrival first, as a kernel would order them.
    for (let at = model.nextCompletionNs(); at !== undefined && at <= request.queuedAtNs; at = model.nextCompletionNs()) {
      log.push(`${model.complete(at).id}@${at}`);
      fill(at);
    }
    host.push(request);
    fill(request.queuedAtNs);
  }
  for (let at = model.nextCompletionNs(); at !== undefined; at = model.nextCompletionNs()) {
    log.push(`${model.complete(at).id}@${at}`);
    fill(at);
  }
  return log;
}

/** The model as it was before projections were adopted: project on a copy, always decide again. */
function neverAdopting(params: HddParams): Pick<DiskModel, 'submit' | 'nextCompletionNs' | 'complete' | 'outstanding' | 'queueDepth'> & { state: DriveState } {
  const state = newDriveState(params, new Mechanism(params));
  return {
    state,
    queueDepth: params.queueDepth,
    outstanding: () => state.waiting.length + state.inFlight.length,
    submit(request, nowNs) {
      state.advance(nowNs, false);
      state.accept(request, nowNs);
    },
    nextCompletionNs() {
      if (state.inFlight.length === 0 && state.waiting.length === 0) return undefined;
      const first = state.earliestCompletion()?.completionNs;
      if (first !== undefined && first <= state.nextEventNs()) return first;
      return state.clone().projectCompletion().completionNs;
    },
    complete(nowNs) {
      state.advance(this.nextCompletionNs()!, true);
      return state.popCompletion();
    },
  };
}

describe('hdd projections', () => {
  const variants: [string, Partial<HddParams>][] = [
    ['hdd-7200-sata', {}],
    ['hdd-7200-sata, small cache', { writeCacheBytes: 4 * MIB, writeCacheSegments: 8 }],
    ['hdd-15k-sas, read bus, NCQ off', { readBusTransfer: 'overlapped', queueDepth: 1 }],
  ];
  for (const [label, overrides] of variants) {
    it(`${label}: adopting the projection's copy decides as deciding again would`, () => {
      const params = presetParams(label.startsWith('hdd-15k') ? 'hdd-15k-sas' : 'hdd-7200-sata', overrides);
      const model = hddPlugin.create(params, () => 0.5);
      const reference = neverAdopting(params);
      expect(drive(model, openLoop(5, params, 3000))).toEqual(drive(reference, openLoop(5, params, 3000)));
      const figures = model.figures();
      const counts = reference.state.counts;
      expect(counts.destages + counts.agedCommands + counts.readAheadHits).toBeGreaterThan(0);
      for (const [key, value] of Object.entries(counts)) if (key in figures) expect(figures[key], key).toBe(value);
      expect(figures.meanSeekMs).toBe(counts.seekNsTotal / counts.seeks / 1e6);
      expect(figures.dirtyBytes).toBe(reference.state.cache.bytes);
    });
  }

  it('a flush behind a read of data being destaged starts once the read has left the link', () => {
    // The mechanism finds nothing to do when the destage ends (the flush waits for the link), so
    // only the link's end can start the flush: the drive must not keep its earlier answer.
    const params = presetParams('hdd-7200-sata');
    const model = hddPlugin.create(params, () => 0.5);
    const offsetBytes = 1_000_000_000_000;
    const request = (id: number, operation: DiskOperation, queuedAtNs: number): DiskRequest =>
      operation === 'flush' ? { id, operation, offsetBytes: 0, sizeBytes: 0, queuedAtNs } : { id, operation, offsetBytes, sizeBytes: 4096, queuedAtNs };
    model.submit(request(1, 'write', 0), 0);
    expect(model.complete(model.nextCompletionNs()!).id).toBe(1);
    // Idle, the drive destages the write at once, from cylinder 0.
    const destageEndNs = new Mechanism(params).access(offsetBytes, 4096, true, 0, 0, DESTAGE_LATE_TOLERANCE_NS).dataEndNs;
    const readAtNs = Math.floor(destageEndNs) - 50_000;
    model.submit(request(2, 'read', readAtNs), readAtNs);
    model.submit(request(3, 'flush', readAtNs), readAtNs);
    const readEndNs = model.nextCompletionNs()!;
    expect(readEndNs).toBeGreaterThan(destageEndNs);
    expect(model.complete(readEndNs).id).toBe(2);
    expect(model.nextCompletionNs()).toBe(readEndNs + params.commandOverheadUs * 1000);
    expect(model.complete(model.nextCompletionNs()!).id).toBe(3);
    expect(model.figures()).toMatchObject({ cacheReadHits: 1, destages: 1, dirtyBytes: 0 });
  });

  it('a write waiting for room enters the cache when the destage that frees it ends', () => {
    // With one segment the second write waits for the first to be destaged; once it is, the
    // mechanism has nothing to do, so only the end of the destage can let the write in.
    const params = presetParams('hdd-7200-sata', { writeCacheSegments: 1 });
    const model = hddPlugin.create(params, () => 0.5);
    for (const [id, offsetBytes] of [[1, 2_000_000_000_000], [2, 1_000_000_000]] as const) {
      model.submit({ id, operation: 'write', offsetBytes, sizeBytes: 4096, queuedAtNs: 0 }, 0);
    }
    expect(model.complete(model.nextCompletionNs()!).id).toBe(1);
    expect(model.complete(model.nextCompletionNs()!).id).toBe(2);
    expect(model.figures().cachedWrites).toBe(2);
  });

  it('a read the cache held whole goes to the medium when a destage starting at its arrival splits it', () => {
    // The read arrives as a host read ends; the drive then destages the first segment of the
    // extent holding it, and the read, across the segment's end, is no longer all in the buffer.
    const params = presetParams('hdd-7200-sata', { writeCacheBytes: MIB, writeCacheSegments: 4 });
    const model = hddPlugin.create(params, () => 0.5);
    const extentStart = 1_000_000_000_000;
    model.submit({ id: 1, operation: 'read', offsetBytes: 3_000_000_000_000, sizeBytes: 4096, queuedAtNs: 0 }, 0);
    model.submit({ id: 2, operation: 'write', offsetBytes: extentStart, sizeBytes: 768 * 1024, queuedAtNs: 0 }, 0);
    expect(model.complete(model.nextCompletionNs()!).id).toBe(2);
    const readEndNs = model.nextCompletionNs()!;
    model.submit({ id: 3, operation: 'read', offsetBytes: extentStart + 128 * 1024, sizeBytes: 256 * 1024, queuedAtNs: readEndNs }, readEndNs);
    expect(model.complete(readEndNs).id).toBe(1);
    expect(model.complete(model.nextCompletionNs()!).id).toBe(3);
    expect(model.figures()).toMatchObject({ cacheReadHits: 0, commands: 2 });
  });

  it('hdd-7200-sata: a fixed mixed workload completes at the nanoseconds it did before issue 12', () => {
    const params = presetParams('hdd-7200-sata', { writeCacheBytes: 16 * MIB, writeCacheSegments: 16 });
    const model = hddPlugin.create(params, () => 0.5);
    const log = drive(model, openLoop(6, params, 4000));
    const digest = createHash('sha256').update(log.join(';')).update(JSON.stringify(model.figures())).digest('hex');
    // Pinned from the model before issue 12's changes (same workload and parameters).
    expect(digest).toBe('2fbc8cfb73138cf4dc21b070f375ba5153881b1f3a6ec7de47b8f8e3a9a9341e');
  });
});

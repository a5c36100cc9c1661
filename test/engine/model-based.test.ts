/**
 * Model-based test: random command sequences (writes, preserve commands, deletes, snapshot and
 * live reads, scheduler steps) run against the engine and a reference model that only knows
 * receive order. fast-check's scheduler decides when every intake passage and device operation
 * completes, so writes received before a preserve command often reach their chunk after later
 * writes to it. Afterwards every snapshot view and the live view must match the model; mid-run
 * reads are checked where the oracle of design.md section 2 defines their value.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BlockDevice,
  type EngineMutant,
  engineMutants,
  type Intake,
  type LockMode,
  type LockPolicy,
  MemoryDevice,
  SnapshotUnavailableError,
  Volume,
} from '../../engine/index.js';
import { label, stamp } from '../helpers/blocks.js';

const BLOCK = 64;
const CHUNK_BLOCKS = 4;
const ORIGIN_BLOCKS = 24;
const IMAGE_BLOCKS = 256;

/** A MemoryDevice whose every operation completes when the scheduler says so. */
class ScheduledDevice implements BlockDevice {
  readonly blockSize: number;
  readonly blockCount: number;
  constructor(private readonly inner: MemoryDevice, private readonly s: fc.Scheduler, private readonly name: string) {
    this.blockSize = inner.blockSize;
    this.blockCount = inner.blockCount;
  }
  async read(block: number, count: number): Promise<Uint8Array> {
    await this.s.schedule(Promise.resolve(), `${this.name} read ${block}+${count}`);
    return this.inner.read(block, count);
  }
  async write(block: number, data: Uint8Array): Promise<void> {
    const copy = data.slice();
    await this.s.schedule(Promise.resolve(), `${this.name} write ${block}+${data.length / BLOCK}`);
    return this.inner.write(block, copy);
  }
  async flush(): Promise<void> {
    await this.s.schedule(Promise.resolve(), `${this.name} flush`);
  }
}

type Event = { kind: 'write'; block: number; value: string } | { kind: 'preserve'; snapshot: number };

/** The reference: the receive order of writes and preserve commands, nothing else. */
class Model {
  readonly events: Event[] = [];
  snapshots = 0;
  readonly deleted = new Set<number>();

  /** The snapshot view of `block`: the last write to it received before the command. */
  snapshotValue(snapshot: number, block: number): string {
    let value = '';
    for (const event of this.events) {
      if (event.kind === 'preserve' && event.snapshot === snapshot) return value;
      if (event.kind === 'write' && event.block === block) value = event.value;
    }
    throw new Error(`snapshot ${snapshot} was never taken`);
  }

  liveValue(block: number): string {
    let value = '';
    for (const event of this.events) if (event.kind === 'write' && event.block === block) value = event.value;
    return value;
  }

  /** Writes received before the command and not yet complete: the snapshot view is not final. */
  receivedBefore(snapshot: number): Set<number> {
    const sequences = new Set<number>();
    for (const [sequence, event] of this.events.entries()) {
      if (event.kind === 'preserve' && event.snapshot === snapshot) return sequences;
      if (event.kind === 'write') sequences.add(sequence);
    }
    return sequences;
  }
}

class Real {
  readonly origin: ScheduledDevice;
  readonly volume: Volume;
  /** Receive sequence (index in model.events) -> block, for writes not yet complete. */
  readonly inFlight = new Map<number, number>();
  readonly writesIssued = new Map<number, number>();
  readonly pending = new Set<Promise<unknown>>();
  readonly mismatches: string[] = [];
  private written = 0;

  constructor(readonly s: fc.Scheduler, readonly model: Model, policy: LockPolicy, mutant: EngineMutant, mode: LockMode) {
    this.origin = new ScheduledDevice(new MemoryDevice(BLOCK, ORIGIN_BLOCKS), s, 'origin');
    const intake: Intake = { admit: (write) => s.schedule(Promise.resolve(), `intake ${write.sequence}`) };
    this.volume = Volume.create({ origin: this.origin, chunkSizeBytes: CHUNK_BLOCKS * BLOCK, intake, mutant, locks: { policy, stripes: 3, mode } });
  }

  track<T>(promise: Promise<T>): void {
    const tracked: Promise<unknown> = promise.then(
      (): unknown => this.pending.delete(tracked),
      (error: unknown): void => {
        this.pending.delete(tracked);
        this.mismatches.push(`unexpected error: ${String(error)}`);
      },
    );
    this.pending.add(tracked);
  }

  async write(block: number): Promise<void> {
    // Applications never have two writes to one block in flight (design.md section 1).
    for (const [sequence, other] of this.inFlight) if (other === block) await this.s.waitFor(this.waitWrite(sequence));
    const value = `w${++this.written}`;
    const sequence = this.model.events.length;
    this.model.events.push({ kind: 'write', block, value });
    this.inFlight.set(sequence, block);
    this.writesIssued.set(block, (this.writesIssued.get(block) ?? 0) + 1);
    this.track(this.volume.write(block, stamp(BLOCK, value)).then(() => void this.inFlight.delete(sequence)));
  }

  private async waitWrite(sequence: number): Promise<void> {
    while (this.inFlight.has(sequence)) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  preserve(): void {
    const snapshot = ++this.model.snapshots;
    this.model.events.push({ kind: 'preserve', snapshot });
    const image = new ScheduledDevice(new MemoryDevice(BLOCK, IMAGE_BLOCKS), this.s, `image${snapshot}`);
    this.track(this.volume.preserve(image));
  }

  deleteSnapshot(snapshot: number): void {
    this.model.deleted.add(snapshot);
    this.track(this.volume.deleteSnapshot(snapshot));
  }

  readSnapshot(snapshot: number, block: number): void {
    const before = this.model.receivedBefore(snapshot);
    const final = ![...this.inFlight.keys()].some((sequence) => before.has(sequence) && this.inFlight.get(sequence) === block);
    const expected = this.model.snapshotValue(snapshot, block);
    const read = this.volume.readSnapshot(snapshot, block, 1).then(
      (bytes) => {
        const [found] = label(bytes, BLOCK);
        if (final && found !== expected) this.mismatches.push(`snapshot ${snapshot} block ${block}: read ${found}, expected ${expected}`);
      },
      (error: unknown) => {
        if (!(error instanceof SnapshotUnavailableError && this.model.deleted.has(snapshot))) throw error;
      },
    );
    this.track(read);
  }

  readLive(block: number): void {
    const quiet = ![...this.inFlight.values()].includes(block);
    const issued = this.writesIssued.get(block) ?? 0;
    const expected = this.model.liveValue(block);
    this.track(
      this.volume.readLive(block, 1).then((bytes) => {
        const [found] = label(bytes, BLOCK);
        const stillQuiet = quiet && (this.writesIssued.get(block) ?? 0) === issued;
        if (stillQuiet && found !== expected) this.mismatches.push(`live block ${block}: read ${found}, expected ${expected}`);
      }),
    );
  }
}

type Command = fc.AsyncCommand<Model, Real>;
const block = fc.integer({ min: 0, max: ORIGIN_BLOCKS - 1 });
const snapshotNumber = fc.integer({ min: 1, max: 4 });

const writeCommand = block.map((b): Command => ({ check: () => true, run: async (_m, r) => r.write(b), toString: () => `write ${b}` }));
// Writes are listed three times to make them the most frequent command.
const commands = [
  writeCommand,
  writeCommand,
  writeCommand,
  fc.constant<Command>({ check: (m) => m.snapshots < 4, run: async (_m, r) => r.preserve(), toString: () => 'preserve' }),
  snapshotNumber.map((n): Command => ({
    check: (m) => n <= m.snapshots && !m.deleted.has(n),
    run: async (_m, r) => r.deleteSnapshot(n),
    toString: () => `delete ${n}`,
  })),
  fc.tuple(snapshotNumber, block).map(([n, b]): Command => ({
    check: (m) => n <= m.snapshots && !m.deleted.has(n),
    run: async (_m, r) => r.readSnapshot(n, b),
    toString: () => `read snapshot ${n} block ${b}`,
  })),
  block.map((b): Command => ({ check: () => true, run: async (_m, r) => r.readLive(b), toString: () => `read live ${b}` })),
  fc.integer({ min: 1, max: 6 }).map((steps): Command => ({
    check: () => true,
    run: async (_m, r) => {
      for (let i = 0; i < steps && r.s.count() > 0; i++) await r.s.waitNext(1);
    },
    toString: () => `step ${steps}`,
  })),
];

/** Runs one command sequence and returns every disagreement with the model. */
async function runScenario(s: fc.Scheduler, sequence: Iterable<Command>, policy: LockPolicy, mutant: EngineMutant, mode: LockMode): Promise<string[]> {
  const model = new Model();
  const real = new Real(s, model, policy, mutant, mode);
  await fc.asyncModelRun(() => ({ model, real }), sequence);
  while (real.pending.size > 0) {
    await s.waitIdle();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const problems = [...real.mismatches];
  const views: Promise<void>[] = [];
  for (let snapshot = 1; snapshot <= model.snapshots; snapshot++) {
    if (model.deleted.has(snapshot)) continue;
    views.push(
      real.volume.readSnapshot(snapshot, 0, ORIGIN_BLOCKS).then((bytes) => {
        label(bytes, BLOCK).forEach((found, b) => {
          const expected = model.snapshotValue(snapshot, b);
          if (found !== expected) problems.push(`snapshot ${snapshot} view block ${b}: ${found}, expected ${expected}`);
        });
      }),
    );
  }
  views.push(
    real.volume.readLive(0, ORIGIN_BLOCKS).then((bytes) => {
      label(bytes, BLOCK).forEach((found, b) => {
        const expected = model.liveValue(b);
        if (found !== expected) problems.push(`live view block ${b}: ${found}, expected ${expected}`);
      });
    }),
  );
  const all = Promise.all(views);
  await s.waitFor(all);
  const { cow, writes } = real.volume.stats();
  coverage.runs++;
  coverage.dualWrites += cow.dualWrites;
  coverage.copies += cow.copies;
  coverage.writes += writes;
  return problems;
}

/** What the runs exercised, so the test proves it reached the hard row of the table. */
const coverage = { runs: 0, writes: 0, copies: 0, dualWrites: 0 };

const property = (policy: LockPolicy, mutant: EngineMutant, mode: LockMode = 'exclusive') =>
  fc.asyncProperty(fc.scheduler(), fc.commands(commands, { maxCommands: 80, size: 'max' }), async (s, sequence) => {
    const problems = await runScenario(s, sequence, policy, mutant, mode);
    if (problems.length > 0) throw new Error(problems.join('\n'));
  });

describe('the engine against a receive-order reference model', () => {
  it.each<LockPolicy>(['chunk', 'striped', 'global'])('matches the model under random interleavings (%s locks)', async (policy) => {
    Object.assign(coverage, { runs: 0, writes: 0, copies: 0, dualWrites: 0 });
    await fc.assert(property(policy, 'none'), { numRuns: 300, seed: 20261125 });
    expect(coverage.runs).toBeGreaterThanOrEqual(300);
    expect(coverage.copies).toBeGreaterThan(100);
    // Writes received before a command that reached a chunk already copied: the first row.
    expect(coverage.dualWrites).toBeGreaterThan(10);
  });

  // The shared mode must keep every row of the method table, as the exclusive mode does.
  it.each<LockPolicy>(['chunk', 'striped', 'global'])('matches the model in shared mode (%s locks)', async (policy) => {
    Object.assign(coverage, { runs: 0, writes: 0, copies: 0, dualWrites: 0 });
    await fc.assert(property(policy, 'none', 'shared'), { numRuns: 300, seed: 20261128 });
    expect(coverage.runs).toBeGreaterThanOrEqual(300);
    expect(coverage.copies).toBeGreaterThan(100);
    expect(coverage.dualWrites).toBeGreaterThan(10);
  });

  it.each(engineMutants.filter((mutant) => mutant.phase === 'run' && mutant.strategy === 'method').map((mutant) => mutant.name))('finds the %s mutant', async (mutant) => {
    const result = await fc.check(property('chunk', mutant), { numRuns: 300, seed: 7, endOnFailure: true });
    expect(result.failed).toBe(true);
  });
});

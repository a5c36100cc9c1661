/**
 * Model-based test of the redirect-on-write strategy: random sequences of writes of random sizes
 * (some covering whole units, some spanning units), preserve commands, deletes, and live and
 * snapshot reads of random ranges, against a reference model that only knows receive order
 * (design.md section 2). fast-check's scheduler decides when every intake passage and device
 * operation completes, so writes received before a command often reach their unit after later
 * writes redirected it. Reads must be exact wherever the oracle defines them; after every command
 * and at the end the reference counts must match the maps and the free list.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BlockDevice, type EngineMutant, type Intake, type LockMode, type LockPolicy, MemoryDevice, SnapshotUnavailableError } from '../../engine/index.js';
import { RedirectOnWriteVolume } from '../../engine/redirect-on-write/index.js';
import { MetadataRegion } from '../../engine/redirect-on-write/metadata-region.js';
import { label, stamp } from '../helpers/blocks.js';

const BLOCK = 64;
const UNIT_BLOCKS = 4;
/** Eight units, the last one short (two blocks). */
const ORIGIN_BLOCKS = 30;
const MAX_SNAPSHOTS = 6;

/** A MemoryDevice whose operations complete when the scheduler says so. */
class SteppedDevice implements BlockDevice {
  readonly blockSize: number;
  readonly blockCount: number;
  constructor(readonly memory: MemoryDevice, private readonly s: fc.Scheduler) {
    this.blockSize = memory.blockSize;
    this.blockCount = memory.blockCount;
  }
  async read(block: number, count: number): Promise<Uint8Array> {
    await this.s.schedule(Promise.resolve(), `${this.memory.name} read ${block}+${count}`);
    return this.memory.read(block, count);
  }
  async write(block: number, data: Uint8Array): Promise<void> {
    const copy = data.slice();
    await this.s.schedule(Promise.resolve(), `${this.memory.name} write ${block}+${data.length / BLOCK}`);
    return this.memory.write(block, copy);
  }
  async flush(): Promise<void> {
    await this.s.schedule(Promise.resolve(), `${this.memory.name} flush`);
  }
}

type Event = { kind: 'write'; block: number; count: number; id: number } | { kind: 'command'; snapshot: number };

const initial = (block: number) => `i${block}`;
const written = (id: number, block: number) => `w${id}.${block}`;

/** The reference: the receive order of writes and preserve commands, nothing else. */
class Model {
  readonly events: Event[] = [];
  snapshots = 0;
  readonly deleted = new Set<number>();

  /** The value of `block` after the events before `end` (all of them by default). */
  valueAt(block: number, end = this.events.length): string {
    for (let index = end - 1; index >= 0; index--) {
      const event = this.events[index]!;
      if (event.kind === 'write' && block >= event.block && block < event.block + event.count) return written(event.id, block);
    }
    return initial(block);
  }

  commandIndex(snapshot: number): number {
    return this.events.findIndex((event) => event.kind === 'command' && event.snapshot === snapshot);
  }
}

interface Setup {
  policy: LockPolicy;
  mode: LockMode;
  poolUnits: number;
  mutant: EngineMutant;
}

class Real {
  readonly volume: RedirectOnWriteVolume;
  /** Event index -> the write's range, while the write is under way. */
  readonly inFlight = new Map<number, { block: number; count: number }>();
  /** Writes issued per block, so a live read can tell a write began while it ran. */
  readonly issued = new Int32Array(ORIGIN_BLOCKS);
  readonly pending = new Set<Promise<unknown>>();
  readonly problems: string[] = [];
  private writes = 0;

  constructor(readonly s: fc.Scheduler, readonly model: Model, readonly setup: Setup) {
    const originMemory = new MemoryDevice(BLOCK, ORIGIN_BLOCKS, 'origin');
    for (let block = 0; block < ORIGIN_BLOCKS; block++) originMemory.writeNow(block, stamp(BLOCK, initial(block)));
    const pool = new MemoryDevice(BLOCK, poolBlocks(setup.poolUnits), 'pool');
    const intake: Intake = { admit: (write) => s.schedule(Promise.resolve(), `intake ${write.sequence}`) };
    this.volume = RedirectOnWriteVolume.create({
      origin: new SteppedDevice(originMemory, s),
      pool: new SteppedDevice(pool, s),
      chunkSizeBytes: UNIT_BLOCKS * BLOCK,
      intake,
      mutant: setup.mutant,
      locks: { policy: setup.policy, stripes: 3, mode: setup.mode },
    });
  }

  track(promise: Promise<unknown>): void {
    const tracked: Promise<unknown> = promise.then(
      () => this.pending.delete(tracked),
      (error: unknown) => {
        this.pending.delete(tracked);
        this.problems.push(`unexpected error: ${String(error)}`);
      },
    );
    this.pending.add(tracked);
  }

  audit(when: string): void {
    for (const problem of this.volume.audit()) this.problems.push(`${when}: ${problem}`);
  }

  async write(block: number, count: number): Promise<void> {
    count = Math.min(count, ORIGIN_BLOCKS - block);
    // Applications never have two writes to one block in flight (design.md section 1).
    const overlaps = () => [...this.inFlight.values()].some((other) => other.block < block + count && block < other.block + other.count);
    if (overlaps()) await this.s.waitFor(until(() => !overlaps()));
    const id = ++this.writes;
    const index = this.model.events.length;
    this.model.events.push({ kind: 'write', block, count, id });
    this.inFlight.set(index, { block, count });
    for (let b = block; b < block + count; b++) this.issued[b]!++;
    const data = new Uint8Array(count * BLOCK);
    for (let b = 0; b < count; b++) data.set(stamp(BLOCK, written(id, block + b)), b * BLOCK);
    this.track(this.volume.write(block, data).then(() => this.inFlight.delete(index)));
  }

  command(): void {
    const snapshot = ++this.model.snapshots;
    this.model.events.push({ kind: 'command', snapshot });
    const { id, done } = this.volume.command(undefined as never);
    if (id !== snapshot) this.problems.push(`command gave id ${id}, expected ${snapshot}`);
    this.track(done);
  }

  deleteSnapshot(snapshot: number): void {
    this.model.deleted.add(snapshot);
    this.track(this.volume.deleteSnapshot(snapshot));
  }

  readSnapshot(snapshot: number, block: number, count: number): void {
    const end = this.model.commandIndex(snapshot);
    // A block is final once no write received before the command to it is under way.
    const unsettled = (b: number) => [...this.inFlight].some(([index, w]) => index < end && b >= w.block && b < w.block + w.count);
    const expected = range(block, count).map((b) => (unsettled(b) ? undefined : this.model.valueAt(b, end)));
    const read = this.volume.readSnapshot(snapshot, block, count).then(
      (bytes) => this.compare(`snapshot ${snapshot}`, block, label(bytes, BLOCK), expected),
      (error: unknown) => this.unavailable(snapshot, error),
    );
    this.track(read);
  }

  readLive(block: number, count: number): void {
    const busy = (b: number) => [...this.inFlight.values()].some((w) => b >= w.block && b < w.block + w.count);
    const expected = range(block, count).map((b) => (busy(b) ? undefined : this.model.valueAt(b)));
    const issuedBefore = this.issued.slice();
    const read = this.volume.readLive(block, count).then((bytes) => {
      // A write issued to a block while the read ran may or may not be in it.
      const quiet = expected.map((value, i) => (this.issued[block + i] === issuedBefore[block + i] ? value : undefined));
      this.compare('live', block, label(bytes, BLOCK), quiet);
    });
    this.track(read);
  }

  /** Checks a read failure: deleted, or invalid because the pool was full. */
  unavailable(snapshot: number, error: unknown): void {
    if (!(error instanceof SnapshotUnavailableError)) throw error;
    if (this.model.deleted.has(snapshot)) return;
    const info = this.volume.snapshots().find((candidate) => candidate.id === snapshot);
    if (info?.state === 'invalid' && error.message.includes('snapshot store full') && info.reason.startsWith('snapshot store full')) return;
    this.problems.push(`snapshot ${snapshot} unreadable: ${error.message}`);
  }

  compare(view: string, block: number, found: string[], expected: (string | undefined)[]): void {
    expected.forEach((value, i) => {
      if (value !== undefined && found[i] !== value) this.problems.push(`${view} block ${block + i}: read ${found[i]}, expected ${value}`);
    });
  }
}

/** A pool of exactly `units` units after its metadata region. */
function poolBlocks(units: number): number {
  const originUnits = Math.ceil(ORIGIN_BLOCKS / UNIT_BLOCKS);
  for (let blocks = units * UNIT_BLOCKS; ; blocks++) {
    const metadata = MetadataRegion.blocksFor(BLOCK, originUnits);
    if (Math.floor((blocks - metadata) / UNIT_BLOCKS) === units) return blocks;
  }
}

function range(block: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => block + i);
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise<void>((resolve) => setImmediate(resolve));
}

type Command = fc.AsyncCommand<Model, Real>;
const block = fc.integer({ min: 0, max: ORIGIN_BLOCKS - 1 });
const count = fc.integer({ min: 1, max: 6 });
const snapshotNumber = fc.integer({ min: 1, max: MAX_SNAPSHOTS });

const writeCommand = fc.tuple(block, count).map(([b, n]): Command => ({ check: () => true, run: async (_m, r) => r.write(b, n), toString: () => `write ${b}+${n}` }));
const unitWriteCommand = fc.integer({ min: 0, max: Math.ceil(ORIGIN_BLOCKS / UNIT_BLOCKS) - 1 }).map((unit): Command => ({
  check: () => true,
  run: async (_m, r) => r.write(unit * UNIT_BLOCKS, UNIT_BLOCKS),
  toString: () => `write unit ${unit}`,
}));
const commands = [
  writeCommand,
  writeCommand,
  writeCommand,
  unitWriteCommand,
  fc.constant<Command>({ check: (m) => m.snapshots < MAX_SNAPSHOTS, run: async (_m, r) => r.command(), toString: () => 'command' }),
  snapshotNumber.map((n): Command => ({
    check: (m) => n <= m.snapshots && !m.deleted.has(n),
    run: async (_m, r) => r.deleteSnapshot(n),
    toString: () => `delete ${n}`,
  })),
  fc.tuple(snapshotNumber, block, count).map(([n, b, c]): Command => ({
    check: (m) => n <= m.snapshots && !m.deleted.has(n),
    run: async (_m, r) => r.readSnapshot(n, b, Math.min(c, ORIGIN_BLOCKS - b)),
    toString: () => `read snapshot ${n} ${b}+${c}`,
  })),
  fc.tuple(block, count).map(([b, c]): Command => ({
    check: () => true,
    run: async (_m, r) => r.readLive(b, Math.min(c, ORIGIN_BLOCKS - b)),
    toString: () => `read live ${b}+${c}`,
  })),
  fc.integer({ min: 1, max: 6 }).map((steps): Command => ({
    check: () => true,
    run: async (_m, r) => {
      for (let i = 0; i < steps && r.s.count() > 0; i++) await r.s.waitNext(1);
    },
    toString: () => `step ${steps}`,
  })),
];

/** What the runs exercised, so a test proves it reached the interesting paths. */
const coverage = { runs: 0, redirects: 0, fills: 0, fullUnitRedirects: 0, dualWrites: 0, invalidations: 0, unitsFreed: 0 };

/** Runs one command sequence and returns every disagreement with the model. */
async function runScenario(s: fc.Scheduler, sequence: Iterable<Command>, setup: Setup): Promise<string[]> {
  const model = new Model();
  const real = new Real(s, model, setup);
  // Audit after every command: counts change with the maps, so they agree at every step.
  const audited = [...sequence].map((command): Command => ({
    check: (m) => command.check(m),
    run: async (m, r) => {
      await command.run(m, r);
      r.audit(`after ${command.toString()}`);
    },
    toString: () => command.toString(),
  }));
  await fc.asyncModelRun(() => ({ model, real }), audited);
  while (real.pending.size > 0) {
    await s.waitIdle();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const problems = [...real.problems];
  const views: Promise<void>[] = [];
  const infos = real.volume.snapshots();
  const expectedIds = range(1, model.snapshots).filter((n) => !model.deleted.has(n));
  if (infos.map((info) => info.id).join() !== expectedIds.join()) problems.push(`snapshots() lists ${infos.map((info) => info.id)}, expected ${expectedIds}`);
  for (const info of infos) {
    const end = model.commandIndex(info.id);
    const expected = range(0, ORIGIN_BLOCKS).map((b) => model.valueAt(b, end));
    const read = real.volume.readSnapshot(info.id, 0, ORIGIN_BLOCKS);
    if (info.state === 'invalid') {
      if (!info.reason.startsWith('snapshot store full')) problems.push(`snapshot ${info.id} invalid: ${info.reason}`);
      views.push(read.then(() => void problems.push(`invalid snapshot ${info.id} was readable`), () => {}));
    } else {
      views.push(read.then((bytes) => real.compare(`snapshot ${info.id} view`, 0, label(bytes, BLOCK), expected)));
    }
  }
  const live = range(0, ORIGIN_BLOCKS).map((b) => model.valueAt(b));
  views.push(real.volume.readLive(0, ORIGIN_BLOCKS).then((bytes) => real.compare('live view', 0, label(bytes, BLOCK), live)));
  await s.waitFor(Promise.all(views));
  problems.push(...real.problems.slice(problems.length), ...real.volume.audit(true).map((problem) => `at rest: ${problem}`));
  const figures = real.volume.strategyFigures();
  coverage.runs++;
  coverage.redirects += figures.redirects!;
  coverage.fills += figures.fills!;
  coverage.fullUnitRedirects += figures.fullUnitRedirects!;
  coverage.dualWrites += figures.dualWrites!;
  coverage.invalidations += figures.invalidations!;
  coverage.unitsFreed += figures.unitsFreed!;
  return problems;
}

const property = (setup: Setup) =>
  fc.asyncProperty(fc.scheduler(), fc.commands(commands, { maxCommands: 120, size: 'max' }), async (s, sequence) => {
    const problems = await runScenario(s, sequence, setup);
    if (problems.length > 0) throw new Error(problems.join('\n'));
  });

/** 64 pool units: more than 8 live units and 6 snapshots can use, so nothing is invalidated. */
const ROOMY = 64;
/** 6 pool units: snapshots are invalidated as the pool fills. */
const TIGHT = 6;

describe('redirect-on-write against a receive-order reference model', () => {
  it.each<[LockPolicy, LockMode, number, number]>([
    ['chunk', 'exclusive', ROOMY, 20260101],
    ['striped', 'exclusive', ROOMY, 20260102],
    ['global', 'exclusive', TIGHT, 20260103],
    ['chunk', 'shared', TIGHT, 20260104],
    ['striped', 'shared', TIGHT, 20260105],
  ])('matches the model under random interleavings (%s locks, %s mode, %i pool units, seed %i)', async (policy, mode, poolUnits, seed) => {
    Object.assign(coverage, { runs: 0, redirects: 0, fills: 0, fullUnitRedirects: 0, dualWrites: 0, invalidations: 0, unitsFreed: 0 });
    await fc.assert(property({ policy, mode, poolUnits, mutant: 'none' }), { numRuns: 300, seed });
    expect(coverage.runs).toBeGreaterThanOrEqual(300);
    expect(coverage.fills).toBeGreaterThan(100);
    expect(coverage.fullUnitRedirects).toBeGreaterThan(20);
    // Writes received before a command that reached a unit live had left: the hard row.
    expect(coverage.dualWrites).toBeGreaterThan(10);
    expect(coverage.unitsFreed).toBeGreaterThan(20);
    if (poolUnits === TIGHT) expect(coverage.invalidations).toBeGreaterThan(10);
    else expect(coverage.invalidations).toBe(0);
  });

  it('finds the row-no-fill mutant', async () => {
    const result = await fc.check(property({ policy: 'chunk', mode: 'exclusive', poolUnits: ROOMY, mutant: 'row-no-fill' }), { numRuns: 150, seed: 7, endOnFailure: true });
    expect(result.failed).toBe(true);
    expect(String(result.errorInstance)).toMatch(/read (i\d+|w\d+\.\d+|), expected/);
  });
});

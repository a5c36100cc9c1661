/**
 * FaultyDevice (design.md sections 6 and 7): a decorator that behaves exactly like its inner
 * device with an empty plan, and otherwise injects each kind of fault as its plan says, counted
 * and tagged, with the injected faults kept apart from the data.
 */
import { describe, expect, it } from 'vitest';
import { describeBlockDevice } from '../../block-device-contract.js';
import type { BlockDevice } from '../../../engine/block-device.js';
import { ManualClock } from '../../../engine/clock.js';
import { CowsimError } from '../../../engine/errors.js';
import { MemoryDevice } from '../../../engine/memory-device.js';
import { faultKinds, FaultyDevice, MediaError, parseRatio, WriteOrdering, type FaultRuleInput } from '../../../sim/faults/index.js';
import { Kernel } from '../../../sim/kernel.js';
import { FixedModel } from '../../../sim/models/fixed.js';
import { RandomStreams } from '../../../sim/random.js';
import { SimDevice } from '../../../sim/sim-device.js';
import { driven } from '../driven.js';

const BLOCK = 16;
const BLOCKS = 64;

/** A block of one repeated byte: easy to tell old data from new. */
function filled(value: number, count = 1): Uint8Array {
  return new Uint8Array(count * BLOCK).fill(value);
}

function stream(seed = 1): () => number {
  return new RandomStreams(seed).get('faults').next;
}

/** A MemoryDevice under a FaultyDevice on a manual clock; delays move the clock. */
function setup(plan: FaultRuleInput[], seed = 1) {
  const memory = new MemoryDevice(BLOCK, BLOCKS, 'mem');
  const clock = new ManualClock();
  const device = new FaultyDevice(memory, plan, stream(seed), { clock, delay: async (ns) => clock.advance(ns) });
  return { memory, clock, device };
}

/** Number of bits that differ between two buffers. */
function bitsDiffering(a: Uint8Array, b: Uint8Array): number {
  let bits = 0;
  for (let index = 0; index < a.length; index++) {
    let x = a[index]! ^ b[index]!;
    for (; x !== 0; x &= x - 1) bits++;
  }
  return bits;
}

describeBlockDevice('FaultyDevice with an empty plan over a MemoryDevice', () => new FaultyDevice(new MemoryDevice(BLOCK, BLOCKS), [], stream()));

describeBlockDevice('FaultyDevice with every kind at probability 0/1', () => {
  const clock = new ManualClock();
  const plan = faultKinds.map((kind): FaultRuleInput => ({ kind, probability: '0/1', ...(kind === 'latencySpike' ? { extraNs: 5 } : kind === 'grayFailure' ? { factor: 3 } : {}) }));
  return new FaultyDevice(new MemoryDevice(BLOCK, BLOCKS), plan, stream(), { clock, delay: async (ns) => clock.advance(ns) });
});

describeBlockDevice('FaultyDevice with latency and gray failure at 1/1 over a SimDevice (kernel sleeps)', () => {
  const kernel = new Kernel();
  const model = new FixedModel({ servers: 1, queueDepth: 4, meanServiceTimeUs: 20, distribution: 'deterministic', capacityBytes: 2 ** 30 }, stream(2));
  const sim = new SimDevice({ name: 'fixed-disk', kernel, model, blockSize: BLOCK, blockCount: BLOCKS });
  const plan: FaultRuleInput[] = [
    { kind: 'latencySpike', probability: '1/1', extraNs: 1_000 },
    { kind: 'grayFailure', probability: '1/1', factor: 2.5, extraNs: 10 },
  ];
  return driven(new FaultyDevice(sim, plan, stream(), { clock: kernel, delay: (ns) => kernel.sleep(ns) }), kernel);
});

describe('FaultyDevice', () => {
  it('with an empty plan passes every call through and draws no random number', async () => {
    let draws = 0;
    const memory = new MemoryDevice(BLOCK, BLOCKS);
    const device = new FaultyDevice(memory, [], () => (draws++, 0.5));
    await device.write(3, filled(7, 2));
    expect(await device.read(3, 2)).toEqual(filled(7, 2));
    expect(memory.readNow(3, 2)).toEqual(filled(7, 2));
    await device.flush();
    expect(draws).toBe(0);
    expect(device.name).toBe('memory');
    expect(device.records()).toEqual([]);
    expect(device.stats()).toEqual({
      injected: Object.fromEntries(faultKinds.map((kind) => [kind, 0])),
      tags: { survive: 0, detect: 0 },
      failedReads: 0,
      failedWrites: 0,
    });
  });

  describe('readError', () => {
    it('1/1: the read rejects with a MediaError naming device, blocks and kind; the block stays unreadable until rewritten', async () => {
      const { device, clock } = setup([{ kind: 'readError', probability: '1/1', window: { fromNs: 0, untilNs: 10 } }]);
      await device.write(4, filled(1, 4));
      const error = await device.read(4, 4).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(MediaError);
      expect(error).toBeInstanceOf(CowsimError);
      const media = error as MediaError;
      expect(media).toMatchObject({ device: 'mem', operation: 'read', block: 4, count: 4, kind: 'readError' });
      expect(media.badBlocks).toHaveLength(1);
      const bad = media.badBlocks[0]!;
      expect(bad).toBeGreaterThanOrEqual(4);
      expect(bad).toBeLessThan(8);
      expect(media.message).toContain('mem: media error (readError) on read of blocks 4..7');
      expect(device.unreadableBlocks()).toEqual([bad]);

      // Outside the window no new error is injected, but the latent one persists: retries fail.
      clock.advance(100);
      await expect(device.read(bad, 1)).rejects.toBeInstanceOf(MediaError);
      const other = bad === 4 ? 5 : 4;
      expect(await device.read(other, 1)).toEqual(filled(1));
      expect(device.stats()).toMatchObject({ injected: { readError: 1 }, tags: { survive: 1, detect: 0 }, failedReads: 2 });
      // A write that lands clears it.
      await device.write(bad, filled(2));
      expect(await device.read(bad, 1)).toEqual(filled(2));
      expect(device.unreadableBlocks()).toEqual([]);
      expect(device.wasFaulted(bad, 'survive')).toBe(true);
      expect(device.wasFaulted(bad, 'detect')).toBe(false);
    });

    it('0/1: reads succeed', async () => {
      const { device } = setup([{ kind: 'readError', probability: '0/1' }]);
      await device.write(0, filled(9));
      expect(await device.read(0, 1)).toEqual(filled(9));
      expect(device.stats().injected.readError).toBe(0);
    });
  });

  describe('writeError', () => {
    it('1/1: the write rejects and nothing lands', async () => {
      const { device, memory } = setup([{ kind: 'writeError', probability: '1/1' }]);
      memory.writeNow(2, filled(5, 2));
      const error = await device.write(2, filled(6, 2)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(MediaError);
      expect(error).toMatchObject({ operation: 'write', block: 2, count: 2, kind: 'writeError' });
      expect(memory.readNow(2, 2)).toEqual(filled(5, 2));
      expect(device.stats()).toMatchObject({ injected: { writeError: 1 }, tags: { survive: 1, detect: 0 }, failedWrites: 1 });
      // The old data stands: nothing is damaged.
      expect(device.faultedBlocks()).toEqual([]);
    });

    it('0/1: the write lands', async () => {
      const { device, memory } = setup([{ kind: 'writeError', probability: '0/1' }]);
      await device.write(2, filled(6));
      expect(memory.readNow(2, 1)).toEqual(filled(6));
    });
  });

  describe('tornWrite', () => {
    it('1/1: acknowledged, but only a prefix lands and the rest keeps its old data', async () => {
      const { device, memory } = setup([{ kind: 'tornWrite', probability: '1/1' }]);
      const prefixes = new Set<number>();
      for (let round = 0; round < 20; round++) {
        const block = round * 3;
        memory.writeNow(block, filled(1, 3));
        await device.write(block, filled(2, 3));
        const record = device.records().at(-1)!;
        const landed = 3 - record.damagedBlocks.length;
        expect(landed).toBeGreaterThanOrEqual(0);
        expect(landed).toBeLessThan(3);
        expect(memory.readNow(block, 3)).toEqual(new Uint8Array([...filled(2, landed), ...filled(1, 3 - landed)]));
        expect(record).toMatchObject({ kind: 'tornWrite', tag: 'detect', operation: 'write', block, count: 3 });
        prefixes.add(landed);
      }
      expect([...prefixes].sort()).toEqual([0, 1, 2]);
      expect(device.stats()).toMatchObject({ injected: { tornWrite: 20 }, tags: { detect: 20, survive: 0 }, failedWrites: 0 });
    });

    it('0/1: the whole write lands', async () => {
      const { device, memory } = setup([{ kind: 'tornWrite', probability: '0/1' }]);
      await device.write(0, filled(2, 3));
      expect(memory.readNow(0, 3)).toEqual(filled(2, 3));
    });
  });

  describe('droppedWrite', () => {
    it('1/1: acknowledged, nothing lands, and a flush does not bring it back', async () => {
      const { device, memory } = setup([{ kind: 'droppedWrite', probability: '1/1' }]);
      memory.writeNow(10, filled(3, 2));
      await device.write(10, filled(4, 2));
      await device.flush();
      expect(memory.readNow(10, 2)).toEqual(filled(3, 2));
      expect(await device.read(10, 2)).toEqual(filled(3, 2));
      expect(device.faultedBlocks('detect')).toEqual([10, 11]);
      expect(device.stats()).toMatchObject({ injected: { droppedWrite: 1 }, tags: { detect: 1 } });
    });

    it('0/1: the write lands', async () => {
      const { device, memory } = setup([{ kind: 'droppedWrite', probability: '0/1' }]);
      await device.write(10, filled(4, 2));
      expect(memory.readNow(10, 2)).toEqual(filled(4, 2));
    });
  });

  describe('bitFlip', () => {
    it('1/1: lands with exactly one bit flipped, persistently, until the block is rewritten; the caller\'s buffer is untouched', async () => {
      const { device, memory, clock } = setup([{ kind: 'bitFlip', probability: '1/1', window: { fromNs: 0, untilNs: 1 } }]);
      const data = filled(0x55, 4);
      await device.write(20, data);
      expect(data).toEqual(filled(0x55, 4));
      const stored = memory.readNow(20, 4);
      expect(bitsDiffering(stored, data)).toBe(1);
      const [flippedBlock] = device.faultedBlocks('detect');
      expect(flippedBlock).toBeGreaterThanOrEqual(20);
      expect(flippedBlock).toBeLessThan(24);
      expect(bitsDiffering(memory.readNow(flippedBlock!, 1), filled(0x55))).toBe(1);
      // Every later read returns the flipped data.
      expect(await device.read(20, 4)).toEqual(stored);
      expect(await device.read(20, 4)).toEqual(stored);
      clock.advance(5);
      await device.write(flippedBlock!, filled(0x55));
      expect(await device.read(20, 4)).toEqual(filled(0x55, 4));
      expect(device.stats()).toMatchObject({ injected: { bitFlip: 1 }, tags: { detect: 1, survive: 0 } });
    });

    it('0/1: lands intact', async () => {
      const { device, memory } = setup([{ kind: 'bitFlip', probability: '0/1' }]);
      await device.write(20, filled(0x55, 4));
      expect(memory.readNow(20, 4)).toEqual(filled(0x55, 4));
    });
  });

  describe('misdirectedWrite', () => {
    it('1/1: acknowledged, lands at another address of the device, and the intended blocks keep their old data', async () => {
      const { device, memory } = setup([{ kind: 'misdirectedWrite', probability: '1/1' }]);
      await device.write(30, filled(8, 2));
      expect(memory.readNow(30, 2)).toEqual(filled(0, 2));
      const landedAt: number[] = [];
      for (let block = 0; block < BLOCKS; block++) if (memory.readNow(block, 1)[0] === 8) landedAt.push(block);
      expect(landedAt).toHaveLength(2);
      expect(landedAt[1]).toBe(landedAt[0]! + 1);
      expect(landedAt[0]).not.toBe(30);
      const record = device.records()[0]!;
      expect(record.detail).toContain(`landed at blocks ${landedAt[0]}..${landedAt[1]}`);
      expect(device.faultedBlocks()).toEqual([...new Set([30, 31, ...landedAt])].sort((a, b) => a - b));
      expect(device.stats()).toMatchObject({ injected: { misdirectedWrite: 1 }, tags: { detect: 1 } });
    });

    it('1/1 with blocks: the destination lies inside the rule\'s blocks', async () => {
      const { device, memory } = setup([{ kind: 'misdirectedWrite', probability: '1/1', blocks: { from: 40, until: 44 } }]);
      for (let round = 0; round < 10; round++) {
        memory.writeNow(40, filled(0, 4));
        await device.write(41, filled(8));
        const landedAt = [40, 41, 42, 43].filter((block) => memory.readNow(block, 1)[0] === 8);
        expect(landedAt).toHaveLength(1);
        expect(landedAt[0]).not.toBe(41);
      }
    });

    it('0/1: lands where asked', async () => {
      const { device, memory } = setup([{ kind: 'misdirectedWrite', probability: '0/1' }]);
      await device.write(30, filled(8, 2));
      expect(memory.readNow(30, 2)).toEqual(filled(8, 2));
    });

    it('a write that meets a misdirected one in flight waits for it, and the other way round; the caller\'s own writes are never held apart', async () => {
      const ordering = new WriteOrdering();
      const events: string[] = [];
      const gate = () => {
        let open!: () => void;
        const opened = new Promise<void>((resolve) => (open = resolve));
        return { open, opened };
      };
      const first = gate();
      const callerWrite = ordering.run(10, 4, false, async () => {
        events.push('caller start');
        await first.opened;
        events.push('caller end');
      });
      // The caller's own overlapping write is not held back: a strict inner device must see it.
      const overlapping = ordering.run(12, 1, false, async () => void events.push('caller overlap'));
      await overlapping;
      const misdirectedGate = gate();
      const misdirected = ordering.run(13, 2, true, async () => {
        events.push('misdirected start');
        await misdirectedGate.opened;
        events.push('misdirected end');
      });
      const later = ordering.run(14, 1, false, async () => void events.push('caller after misdirected'));
      const unrelated = ordering.run(20, 1, false, async () => void events.push('unrelated'));
      await unrelated;
      expect(events).toEqual(['caller start', 'caller overlap', 'unrelated']);
      first.open();
      await callerWrite;
      await Promise.resolve();
      expect(events.slice(-2)).toEqual(['caller end', 'misdirected start']);
      misdirectedGate.open();
      await Promise.all([misdirected, later]);
      expect(events.slice(-2)).toEqual(['misdirected end', 'caller after misdirected']);
      expect(ordering.waited).toBe(2);
    });
  });

  describe('latencySpike', () => {
    it('1/1: reads and writes take the extra time; 0/1: no time', async () => {
      const { device, clock } = setup([{ kind: 'latencySpike', probability: '1/1', extraNs: 5_000 }]);
      await device.write(0, filled(1));
      expect(clock.nowNs()).toBe(5_000);
      expect(await device.read(0, 1)).toEqual(filled(1));
      expect(clock.nowNs()).toBe(10_000);
      expect(device.stats()).toMatchObject({ injected: { latencySpike: 2 }, tags: { survive: 2, detect: 0 } });
      expect(device.records().map((record) => [record.operation, record.atNs, record.detail])).toEqual([
        ['write', 0, '+5 µs'],
        ['read', 5_000, '+5 µs'],
      ]);
      const calm = setup([{ kind: 'latencySpike', probability: '0/1', extraNs: 5_000 }]);
      await calm.device.write(0, filled(1));
      expect(calm.clock.nowNs()).toBe(0);
    });

    it('with operations: [read] leaves writes alone', async () => {
      const { device, clock } = setup([{ kind: 'latencySpike', probability: '1/1', extraNs: 7, operations: ['read'] }]);
      await device.write(0, filled(1));
      expect(clock.nowNs()).toBe(0);
      await device.read(0, 1);
      expect(clock.nowNs()).toBe(7);
    });
  });

  describe('grayFailure', () => {
    /** A device that takes 100 ns of the manual clock per operation. */
    function slowDevice(clock: ManualClock): BlockDevice {
      const memory = new MemoryDevice(BLOCK, BLOCKS);
      return {
        blockSize: BLOCK,
        blockCount: BLOCKS,
        read: async (block, count) => (clock.advance(100), memory.read(block, count)),
        write: async (block, data) => (clock.advance(100), memory.write(block, data)),
        flush: async () => undefined,
      };
    }

    it('during its window every operation takes factor times its time plus extra, and succeeds; outside it, its normal time', async () => {
      const clock = new ManualClock();
      const plan: FaultRuleInput[] = [{ kind: 'grayFailure', probability: '1/1', factor: 3, extraNs: 10, window: { fromNs: 1_000, untilNs: 2_000 } }];
      const device = new FaultyDevice(slowDevice(clock), plan, stream(), { clock, delay: async (ns) => clock.advance(ns) });
      const timed = async (operation: () => Promise<unknown>): Promise<number> => {
        const startNs = clock.nowNs();
        await operation();
        return clock.nowNs() - startNs;
      };
      expect(await timed(() => device.write(0, filled(1)))).toBe(100);
      clock.advance(1_000 - clock.nowNs());
      expect(await timed(() => device.write(0, filled(2)))).toBe(310);
      expect(await timed(() => device.read(0, 1))).toBe(310);
      expect(await device.read(0, 1)).toEqual(filled(2));
      clock.advance(2_000 - clock.nowNs());
      expect(await timed(() => device.read(0, 1))).toBe(100);
      expect(device.stats()).toMatchObject({ injected: { grayFailure: 3 }, tags: { survive: 3 } });
      expect(device.records()[0]!.detail).toBe('slowed x3, +10 ns');
    });

    it('0/1: operations take their normal time', async () => {
      const clock = new ManualClock();
      const device = new FaultyDevice(slowDevice(clock), [{ kind: 'grayFailure', probability: '0/1', factor: 3 }], stream(), { clock, delay: async (ns) => clock.advance(ns) });
      await device.write(0, filled(1));
      expect(clock.nowNs()).toBe(100);
    });
  });

  it('honours windows: faults strike operations issued in [from, until) only', async () => {
    const { device, memory, clock } = setup([{ kind: 'droppedWrite', probability: '1/1', window: { fromNs: 100, untilNs: 200 } }]);
    const outcome: Record<number, boolean> = {};
    for (const atNs of [0, 99, 100, 150, 199, 200, 500]) {
      clock.advance(atNs - clock.nowNs());
      const block = atNs % BLOCKS;
      await device.write(block, filled(atNs % 250 + 1));
      outcome[atNs] = memory.readNow(block, 1)[0] === atNs % 250 + 1;
    }
    expect(outcome).toEqual({ 0: true, 99: true, 100: false, 150: false, 199: false, 200: true, 500: true });
    expect(device.records().map((record) => record.atNs)).toEqual([100, 150, 199]);
  });

  it('honours block ranges: only requests touching [from, until) are struck, and a flipped bit lies inside the range', async () => {
    const { device, memory } = setup([{ kind: 'bitFlip', probability: '1/1', blocks: { from: 8, until: 16 } }]);
    await device.write(0, filled(0x0f, 8));
    await device.write(16, filled(0x0f, 4));
    expect(memory.readNow(0, 8)).toEqual(filled(0x0f, 8));
    expect(memory.readNow(16, 4)).toEqual(filled(0x0f, 4));
    expect(device.records()).toEqual([]);
    for (let round = 0; round < 10; round++) {
      await device.write(6, filled(0x0f, 4)); // blocks 6..9 straddle the range's start
      const flipped = device.records().at(-1)!.damagedBlocks;
      expect(flipped).toHaveLength(1);
      expect([8, 9]).toContain(flipped[0]);
    }
    expect(device.stats().injected.bitFlip).toBe(10);
  });

  it('is deterministic by seed: the same seed and operations give the same faults and content, another seed others', async () => {
    const plan: FaultRuleInput[] = [
      { kind: 'bitFlip', probability: '1/5' },
      { kind: 'misdirectedWrite', probability: '1/5' },
      { kind: 'tornWrite', probability: '1/5' },
      { kind: 'readError', probability: '1/20' },
      { kind: 'latencySpike', probability: '1/3', extraNs: 1_000 },
    ];
    const run = async (seed: number) => {
      const { device, memory, clock } = setup(plan, seed);
      let readErrors = 0;
      for (let index = 0; index < 200; index++) {
        await device.write((index * 7) % (BLOCKS - 2), filled(index % 256, 2));
        await device.read((index * 5) % BLOCKS, 1).catch(() => readErrors++);
      }
      return { records: device.records(), stats: device.stats(), content: memory.readNow(0, BLOCKS), timeNs: clock.nowNs(), readErrors };
    };
    const first = await run(7);
    expect(first.stats.tags.detect).toBeGreaterThan(0);
    expect(await run(7)).toEqual(first);
    expect((await run(8)).records).not.toEqual(first.records);
  });

  it('decides an integer ratio by an integer draw: 1/4 strikes about a quarter of writes', async () => {
    const { device } = setup([{ kind: 'droppedWrite', probability: { numerator: 1, denominator: 4 } }]);
    for (let index = 0; index < 4_000; index++) await device.write(index % BLOCKS, filled(1));
    // Binomial(4000, 1/4): mean 1000, standard deviation 27.
    expect(device.stats().injected.droppedWrite).toBeGreaterThan(900);
    expect(device.stats().injected.droppedWrite).toBeLessThan(1_100);
  });

  it('applies the first data fault that fires, and every latency fault besides; counts per kind and tag', async () => {
    const { device, memory, clock } = setup([
      { kind: 'droppedWrite', probability: '1/1' },
      { kind: 'bitFlip', probability: '1/1' },
      { kind: 'latencySpike', probability: '1/1', extraNs: 3 },
    ]);
    for (let index = 0; index < 5; index++) await device.write(index, filled(9));
    expect(memory.readNow(0, 5)).toEqual(filled(0, 5));
    expect(clock.nowNs()).toBe(15);
    const { injected, tags } = device.stats();
    expect(injected).toMatchObject({ droppedWrite: 5, bitFlip: 0, latencySpike: 5 });
    expect(tags).toEqual({ survive: 5, detect: 5 });
  });

  it('parses ratios exactly and refuses bad plans, naming the rule and field', () => {
    expect(parseRatio('1/1000')).toEqual({ numerator: 1, denominator: 1000 });
    expect(parseRatio(' 3 / 4 ')).toEqual({ numerator: 3, denominator: 4 });
    for (const bad of ['2/1', '1/0', '0.5', '1/2/3', '-1/2', 'one/two']) expect(parseRatio(bad), bad).toBeUndefined();
    const memory = new MemoryDevice(BLOCK, BLOCKS, 'mem');
    expect(() => new FaultyDevice(memory, [{ kind: 'bitFlip', probability: '3/2' }], stream())).toThrow(/mem: fault rule 0 \(bitFlip\): probability: expected a ratio/);
    expect(() => new FaultyDevice(memory, [{ kind: 'droppedWrite', probability: '1/2', blocks: { from: 60, until: 70 } }], stream())).toThrow(/blocks: expected a non-empty range of blocks inside the device/);
    expect(() => new FaultyDevice(memory, [{ kind: 'writeError', probability: '1/2', operations: ['read'] }], stream())).toThrow(/operations/);
    expect(() => new FaultyDevice(memory, [{ kind: 'latencySpike', probability: '1/2', extraNs: 5 }], stream())).toThrow(/latency faults need options.delay/);
    expect(() => new FaultyDevice(memory, [{ kind: 'bitFlip', probability: '1/2', window: { fromNs: 0, untilNs: 5 } }], stream())).toThrow(/needs options.clock/);
  });
});

/**
 * FaultyDevice: faults as a decorator around any BlockDevice (design.md sections 6 and 7), never
 * as flags inside the engine. Per operation, each rule of the plan that applies (its operations,
 * its window of virtual time, its blocks) draws from the seeded stream; the first data fault that
 * fires strikes the operation, and every latency fault that fires adds its delay.
 *
 * - readError: the read rejects with a MediaError; the block stays unreadable (a latent sector
 *   error) until a write lands on it.
 * - writeError: the write rejects with a MediaError; nothing lands.
 * - tornWrite: acknowledged, but only a prefix of the blocks lands (sectors are blocks here).
 * - droppedWrite: acknowledged; nothing lands.
 * - bitFlip: lands with one bit flipped; every later read returns it until the block is rewritten.
 * - misdirectedWrite: acknowledged; lands at another address of the device, drawn at random.
 * - latencySpike: the operation is delayed by extraNs.
 * - grayFailure: the operation takes `factor` times its time on the inner device, plus extraNs.
 *
 * Faulted data lives in the inner device like any data; what was injected, where and when lives
 * in the FaultLog, so a report can tell injected faults from what the engine made of them. A
 * write that does not land costs the inner device nothing: it is acknowledged (or fails) at once.
 */
import { checkRange, checkWriteBuffer, type BlockDevice } from '../../engine/block-device.js';
import type { Clock } from '../../engine/clock.js';
import { FaultLog, type FaultRecord, type FaultStats } from './fault-log.js';
import { checkedPlan, faultTagOf, isLatencyKind, type FaultOperation, type FaultPlan, type FaultRule, type FaultTag, type Ratio } from './fault-plan.js';
import { MediaError } from './media-error.js';
import { WriteOrdering } from './write-ordering.js';

export interface FaultyDeviceOptions {
  /** Names the device in errors and records (default: the inner device's name). */
  readonly name?: string;
  /** Virtual time for windows and records; required when a rule has a window (default: always 0). */
  readonly clock?: Clock;
  /** Waits `ns` of virtual time (in the simulator, a kernel sleep); required by latency faults. */
  readonly delay?: (ns: number) => Promise<void>;
}

/** What the plan decided for one operation. */
interface Decision {
  readonly dataFault: FaultRule | undefined;
  readonly extraNs: number;
  readonly factor: number;
}

const ZERO_CLOCK: Clock = { nowNs: () => 0 };

export class FaultyDevice implements BlockDevice {
  readonly blockSize: number;
  readonly blockCount: number;
  readonly name: string;
  private readonly log = new FaultLog();
  private readonly readRules: FaultRule[];
  private readonly writeRules: FaultRule[];
  /** Blocks with a latent sector error: reads of them fail until a write lands. */
  private readonly latent = new Set<number>();
  private readonly tracksLatent: boolean;
  private readonly ordering: WriteOrdering | undefined;
  private readonly clock: Clock;
  private readonly delay: (ns: number) => Promise<void>;
  /** False once disarm() was called: no new faults, though what was damaged stays damaged. */
  private armed = true;

  constructor(
    readonly inner: BlockDevice,
    plan: FaultPlan,
    private readonly random: () => number,
    options: FaultyDeviceOptions = {},
  ) {
    this.blockSize = inner.blockSize;
    this.blockCount = inner.blockCount;
    const innerName = (inner as { name?: unknown }).name;
    this.name = options.name ?? (typeof innerName === 'string' ? innerName : 'faulty device');
    const rules = checkedPlan(plan, inner.blockCount, this.name);
    if (options.clock === undefined && rules.some((rule) => rule.window !== undefined)) {
      throw new RangeError(`FaultyDevice ${this.name}: a rule with a time window needs options.clock`);
    }
    if (options.delay === undefined && rules.some((rule) => isLatencyKind(rule.kind))) {
      throw new RangeError(`FaultyDevice ${this.name}: latency faults need options.delay (a kernel sleep in the simulator)`);
    }
    this.clock = options.clock ?? ZERO_CLOCK;
    this.delay = options.delay ?? (() => Promise.resolve());
    this.readRules = rules.filter((rule) => rule.operations.includes('read'));
    this.writeRules = rules.filter((rule) => rule.operations.includes('write'));
    this.tracksLatent = rules.some((rule) => rule.kind === 'readError');
    this.ordering = rules.some((rule) => rule.kind === 'misdirectedWrite') ? new WriteOrdering() : undefined;
  }

  async read(block: number, count: number): Promise<Uint8Array> {
    checkRange(this.name, this, block, count);
    if ((this.readRules.length === 0 || !this.armed) && this.latent.size === 0) return this.inner.read(block, count);
    const atNs = this.clock.nowNs();
    const decision = this.decide('read', block, count, atNs);
    if (decision.extraNs > 0) await this.delay(decision.extraNs);
    const startNs = this.clock.nowNs();
    // The drive tries (and spends its time) before it gives up on a bad sector.
    const data = await this.inner.read(block, count);
    await this.slowDown(decision.factor, startNs);
    const bad = this.latentIn(block, count);
    const fault = decision.dataFault;
    if (fault !== undefined) {
      const target = this.pickBlock(fault, block, count);
      this.latent.add(target);
      this.record(fault, 'read', block, count, atNs, [target], `block ${target} became unreadable`);
      if (!bad.includes(target)) bad.push(target);
    }
    if (bad.length > 0) {
      this.log.failedReads++;
      throw new MediaError(this.name, 'read', block, count, 'readError', bad.sort((a, b) => a - b));
    }
    return data;
  }

  async write(block: number, data: Uint8Array): Promise<void> {
    const count = checkWriteBuffer(this.name, this, block, data);
    if ((this.writeRules.length === 0 || !this.armed) && !this.tracksLatent) return this.inner.write(block, data);
    const atNs = this.clock.nowNs();
    const decision = this.decide('write', block, count, atNs);
    if (decision.extraNs > 0) await this.delay(decision.extraNs);
    const startNs = this.clock.nowNs();
    const fault = decision.dataFault;
    switch (fault?.kind) {
      case undefined:
        await this.land(block, data);
        break;
      case 'writeError':
        this.record(fault, 'write', block, count, atNs, [], 'the write failed; nothing landed');
        this.log.failedWrites++;
        throw new MediaError(this.name, 'write', block, count, 'writeError');
      case 'droppedWrite':
        this.record(fault, 'write', block, count, atNs, range(block, count), `blocks ${span(block, count)} kept their old data`);
        break;
      case 'tornWrite': {
        const landed = Math.floor(this.random() * count);
        this.record(fault, 'write', block, count, atNs, range(block + landed, count - landed), `${landed} of ${count} blocks landed; blocks ${span(block + landed, count - landed)} kept their old data`);
        if (landed > 0) await this.land(block, data.subarray(0, landed * this.blockSize));
        break;
      }
      case 'bitFlip': {
        const target = this.pickBlock(fault, block, count);
        const byte = Math.floor(this.random() * this.blockSize);
        const bit = Math.floor(this.random() * 8);
        const flipped = data.slice();
        flipped[(target - block) * this.blockSize + byte]! ^= 1 << bit;
        this.record(fault, 'write', block, count, atNs, [target], `bit ${bit} of byte ${byte} of block ${target} flipped`);
        await this.land(block, flipped);
        break;
      }
      case 'misdirectedWrite': {
        const destination = this.pickDestination(fault, block, count);
        // A device of one possible address has nowhere else to put it: the write lands as asked.
        if (destination === undefined) {
          await this.land(block, data);
          break;
        }
        const damaged = [...new Set([...range(block, count), ...range(destination, count)])].sort((a, b) => a - b);
        this.record(fault, 'write', block, count, atNs, damaged, `landed at blocks ${span(destination, count)}; blocks ${span(block, count)} kept their old data`);
        await this.land(destination, data, true);
        break;
      }
      default:
        throw new Error(`FaultyDevice ${this.name}: ${fault?.kind} is not a write fault`);
    }
    await this.slowDown(decision.factor, startNs);
  }

  /** Passes through: what a dropped or torn write did not land stays missing. */
  flush(): Promise<void> {
    return this.inner.flush();
  }

  /**
   * Injects no new fault from now on (a run's final check reads what the faults left behind);
   * latent sector errors and damaged data stay until rewritten.
   */
  disarm(): void {
    this.armed = false;
  }

  /** Counts of injected faults per kind and tag, and of failed operations. */
  stats(): FaultStats {
    return this.log.stats();
  }

  /** Every injected fault in order: kind, tag, operation, blocks, virtual time. */
  records(): readonly FaultRecord[] {
    return this.log.records();
  }

  /** Blocks a fault (of that tag, if given) ever damaged, ascending. */
  faultedBlocks(tag?: FaultTag): number[] {
    return this.log.faultedBlocks(tag);
  }

  /** True when a fault (of that tag, if given) ever damaged the block. */
  wasFaulted(block: number, tag?: FaultTag): boolean {
    return this.log.wasFaulted(block, tag);
  }

  /** Blocks whose reads fail right now (latent sector errors not yet rewritten), ascending. */
  unreadableBlocks(): number[] {
    return [...this.latent].sort((a, b) => a - b);
  }

  private decide(operation: FaultOperation, block: number, count: number, atNs: number): Decision {
    const rules = !this.armed ? [] : operation === 'read' ? this.readRules : this.writeRules;
    let dataFault: FaultRule | undefined;
    let extraNs = 0;
    let factor = 1;
    for (const rule of rules) {
      const { window, blocks } = rule;
      if (window !== undefined && (atNs < window.fromNs || atNs >= window.untilNs)) continue;
      if (blocks !== undefined && (block + count <= blocks.from || block >= blocks.until)) continue;
      // Every applicable rule draws, fired or not, so one rule's outcome never shifts another's draws.
      if (!this.fires(rule.probability)) continue;
      if (isLatencyKind(rule.kind)) {
        extraNs += rule.extraNs ?? 0;
        factor *= rule.factor ?? 1;
        const slowed = rule.factor !== undefined && rule.factor !== 1 ? `slowed x${rule.factor}` : '';
        const added = rule.extraNs ? `+${duration(rule.extraNs)}` : '';
        this.record(rule, operation, block, count, atNs, [], [slowed, added].filter((part) => part !== '').join(', '));
      } else {
        dataFault ??= rule;
      }
    }
    return { dataFault, extraNs, factor };
  }

  /** Decides numerator / denominator exactly: an integer draw in [0, denominator) below the numerator. */
  private fires({ numerator, denominator }: Ratio): boolean {
    if (numerator === 0) return false;
    if (numerator === denominator) return true;
    return Math.floor(this.random() * denominator) < numerator;
  }

  private record(rule: FaultRule, operation: FaultOperation, block: number, count: number, atNs: number, damagedBlocks: readonly number[], detail: string): void {
    this.log.add({ kind: rule.kind, tag: faultTagOf(rule.kind), operation, block, count, atNs, damagedBlocks, detail });
  }

  /** Writes to the inner device; a write that lands clears the latent errors of its blocks. */
  private async land(block: number, data: Uint8Array, misdirected = false): Promise<void> {
    const count = data.length / this.blockSize;
    if (this.ordering !== undefined) await this.ordering.run(block, count, misdirected, () => this.inner.write(block, data));
    else await this.inner.write(block, data);
    if (this.latent.size > 0) for (let index = 0; index < count; index++) this.latent.delete(block + index);
  }

  /** The gray failure's share of the time: (factor - 1) times what the inner device took. */
  private async slowDown(factor: number, startNs: number): Promise<void> {
    if (factor <= 1) return;
    const extraNs = Math.round((factor - 1) * (this.clock.nowNs() - startNs));
    if (extraNs > 0) await this.delay(extraNs);
  }

  private latentIn(block: number, count: number): number[] {
    const bad: number[] = [];
    if (this.latent.size === 0) return bad;
    for (let index = 0; index < count; index++) if (this.latent.has(block + index)) bad.push(block + index);
    return bad;
  }

  /** One block of the request, inside the rule's blocks when it has some. */
  private pickBlock(rule: FaultRule, block: number, count: number): number {
    const first = Math.max(block, rule.blocks?.from ?? block);
    const end = Math.min(block + count, rule.blocks?.until ?? block + count);
    return first + Math.floor(this.random() * (end - first));
  }

  /** Another start address where the whole write fits: inside the rule's blocks if they can hold it, else anywhere. */
  private pickDestination(rule: FaultRule, block: number, count: number): number | undefined {
    let first = rule.blocks?.from ?? 0;
    let last = (rule.blocks?.until ?? this.blockCount) - count;
    if (last < first) {
      first = 0;
      last = this.blockCount - count;
    }
    const includesOwn = block >= first && block <= last;
    const choices = last - first + 1 - (includesOwn ? 1 : 0);
    if (choices < 1) return undefined;
    const pick = first + Math.floor(this.random() * choices);
    return includesOwn && pick >= block ? pick + 1 : pick;
  }
}

function range(block: number, count: number): number[] {
  return Array.from({ length: count }, (_, index) => block + index);
}

function span(block: number, count: number): string {
  return count === 1 ? `${block}` : `${block}..${block + count - 1}`;
}

/** A delay as a report reads it: 800 ns, 5 µs, 2 ms. */
function duration(ns: number): string {
  if (ns < 1_000) return `${ns} ns`;
  if (ns < 1_000_000) return `${Number((ns / 1_000).toPrecision(4))} µs`;
  return `${Number((ns / 1_000_000).toPrecision(4))} ms`;
}

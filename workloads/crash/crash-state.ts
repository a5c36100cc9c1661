/**
 * A crash state: what each recorded device holds if power fails at a cut of the operation log.
 * Standard write-cache semantics, the weakest a real drive gives:
 * - a write is durable once a flush of its device, issued after the write completed, has
 *   completed before the cut;
 * - a write completed before the cut but not durable may or may not have reached the medium:
 *   the policy keeps none, all, or a seeded random subset of them;
 * - a write in flight at the cut (issued before it, not completed) is dropped, landed, or torn
 *   per block (a prefix or a subset of its blocks land), by the policy;
 * - a write issued after the cut is absent.
 * Writes to one block are never in flight twice at once (the strict SimDevice asserts it), so the
 * surviving writes are applied in issue order and the latest survivor of each block wins.
 */
import { MemoryDevice } from '../../engine/memory-device.js';
import type { RandomStream } from '../../sim/random.js';
import type { LoggedWrite, OperationLog } from './operation-log.js';

export type UnflushedPolicy = 'none' | 'all' | 'random';
export type InFlightPolicy = 'drop' | 'land' | 'random';

export interface CrashStatePolicy {
  readonly unflushed: UnflushedPolicy;
  /** 'random' drops, lands or tears each in-flight write. */
  readonly inFlight: InFlightPolicy;
}

/**
 * The states the explorer builds per cut, by number: 0 keeps only what is durable (the write
 * cache lost), 1 keeps every completed write (the log replayed up to the cut, as dm-log-writes
 * replays), 2 and on keep random subsets and drop, land or tear what is in flight.
 */
export function statePolicy(state: number): CrashStatePolicy {
  if (state === 0) return { unflushed: 'none', inFlight: 'drop' };
  if (state === 1) return { unflushed: 'all', inFlight: 'drop' };
  return { unflushed: 'random', inFlight: 'random' };
}

/** A short name of a policy for reports: "unflushed none, in flight dropped". */
export function describePolicy(policy: CrashStatePolicy): string {
  const inFlight = { drop: 'dropped', land: 'landed', random: 'dropped, landed or torn' }[policy.inFlight];
  return `unflushed ${policy.unflushed === 'random' ? 'random subset' : policy.unflushed}, in flight ${inFlight}`;
}

export interface CrashStateFigures {
  durable: number;
  unflushedKept: number;
  unflushedDropped: number;
  inFlightDropped: number;
  inFlightLanded: number;
  /** In-flight writes of which only some blocks landed. */
  torn: number;
}

export interface CrashState {
  readonly cut: number;
  readonly policy: CrashStatePolicy;
  /** One medium per log device, in the log's device order. */
  readonly devices: MemoryDevice[];
  readonly figures: CrashStateFigures;
}

/** Where a write stands at a cut. */
export type WriteStanding = 'durable' | 'unflushed' | 'in-flight' | 'absent';

/** The highest flush issue boundary per device among flushes completed before the cut (-1: none). */
export function durableFrontier(log: OperationLog, cut: number): number[] {
  const frontier = log.devices.map(() => -1);
  for (const operation of log.operations) {
    if (operation.issuedAt >= cut) break;
    if (operation.kind !== 'flush' || operation.completedAt < 0 || operation.completedAt >= cut) continue;
    frontier[operation.device] = Math.max(frontier[operation.device]!, operation.issuedAt);
  }
  return frontier;
}

/** Classifies a write at a cut, given the durable frontier of its device. */
export function writeStanding(write: LoggedWrite, cut: number, frontier: readonly number[]): WriteStanding {
  if (write.issuedAt >= cut) return 'absent';
  if (write.completedAt < 0 || write.completedAt >= cut) return 'in-flight';
  return write.completedAt < frontier[write.device]! ? 'durable' : 'unflushed';
}

/** Builds the crash state at `cut` under `policy`; `random` drives the random policies. */
export function buildCrashState(log: OperationLog, cut: number, policy: CrashStatePolicy, random?: RandomStream): CrashState {
  if (!Number.isInteger(cut) || cut < 0 || cut > log.boundaries) throw new RangeError(`cut ${cut}: expected an integer from 0 to ${log.boundaries}`);
  if ((policy.unflushed === 'random' || policy.inFlight === 'random') && random === undefined) throw new Error('buildCrashState: a random policy needs a random stream');
  const devices = log.devices.map((device) => new MemoryDevice(device.blockSize, device.blockCount, `${device.name} (crash state)`));
  const figures: CrashStateFigures = { durable: 0, unflushedKept: 0, unflushedDropped: 0, inFlightDropped: 0, inFlightLanded: 0, torn: 0 };
  const frontier = durableFrontier(log, cut);
  for (const operation of log.operations) {
    if (operation.issuedAt >= cut) break;
    if (operation.kind !== 'write') continue;
    const medium = devices[operation.device]!;
    switch (writeStanding(operation, cut, frontier)) {
      case 'durable':
        figures.durable++;
        medium.writeNow(operation.block, operation.data);
        break;
      case 'unflushed':
        if (policy.unflushed === 'all' || (policy.unflushed === 'random' && random!.chance(0.5))) {
          figures.unflushedKept++;
          medium.writeNow(operation.block, operation.data);
        } else {
          figures.unflushedDropped++;
        }
        break;
      case 'in-flight':
        landInFlight(operation, medium, policy.inFlight, random, figures);
        break;
      case 'absent':
        break;
    }
  }
  return { cut, policy, devices, figures };
}

function landInFlight(write: LoggedWrite, medium: MemoryDevice, policy: InFlightPolicy, random: RandomStream | undefined, figures: CrashStateFigures): void {
  const choice = policy === 'random' ? random!.pick(['drop', 'land', 'tear'] as const) : policy;
  // A one-block write is atomic (a block is a sector here): torn, it is dropped or landed.
  if (choice === 'drop' || (choice === 'tear' && write.count === 1 && random!.chance(0.5))) {
    figures.inFlightDropped++;
    return;
  }
  if (choice === 'land' || write.count === 1) {
    figures.inFlightLanded++;
    medium.writeNow(write.block, write.data);
    return;
  }
  // Torn at block (sector) granularity: a proper prefix, as a drive writing in order leaves, or
  // any proper non-empty subset, as one that reorders internally does.
  figures.torn++;
  const landed = tornBlocks(write.count, random!);
  const size = medium.blockSize;
  for (const index of landed) medium.writeNow(write.block + index, write.data.subarray(index * size, (index + 1) * size));
}

/** The blocks of a torn write of `count` >= 2 blocks that land: never none, never all. */
export function tornBlocks(count: number, random: RandomStream): number[] {
  if (random.chance(0.5)) {
    const length = random.integer(1, count - 1);
    return Array.from({ length }, (_, index) => index);
  }
  for (;;) {
    const landed: number[] = [];
    for (let index = 0; index < count; index++) if (random.chance(0.5)) landed.push(index);
    if (landed.length > 0 && landed.length < count) return landed;
  }
}

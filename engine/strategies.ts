/**
 * The snapshot strategies by name (design.md section 8): each builds a SnapshotStrategy over the
 * same origin, snapshot store, locks, intake and clock.
 */
import type { BlockDevice } from './block-device.js';
import { CowsimError } from './errors.js';
import { engineMutants } from './mutants.js';
import { QuiesceVolume } from './quiesce-volume.js';
import { RedirectOnWriteVolume } from './redirect-on-write/index.js';
import type { SnapshotStrategy, StrategyName } from './snapshot-strategy.js';
import { Volume, type VolumeOptions } from './volume.js';

export interface StrategyOptions extends VolumeOptions {
  /** The whole snapshot store device: redirect-on-write allocates from it as one pool. */
  store: BlockDevice;
}

/** What each strategy is, in a line, for `cowsim presets` and the reports. */
export const strategyDescriptions: Record<StrategyName, string> = {
  method: 'the claims: no pause; writes received before the command reach the snapshot through the dual write',
  quiesce: 'dm-snapshot, LVM: the command holds new writes, drains and flushes, then copy-on-write',
  'redirect-on-write': 'dm-thin, ZFS, btrfs: writes after the command go to new units of a shared pool through a map',
};

/** Builds the named strategy; a mutant must belong to it. */
export function createStrategy(name: StrategyName, options: StrategyOptions): SnapshotStrategy {
  const mutant = options.mutant ?? 'none';
  const owner = engineMutants.find((candidate) => candidate.name === mutant)?.strategy;
  if (owner !== undefined && owner !== name) throw new CowsimError(`engine mutant ${mutant} belongs to the ${owner} strategy, not ${name}`);
  const { store, ...volume } = options;
  switch (name) {
    case 'method':
      return Volume.create(volume);
    case 'quiesce':
      return QuiesceVolume.create(volume);
    case 'redirect-on-write':
      return RedirectOnWriteVolume.create({ ...volume, pool: store });
  }
}

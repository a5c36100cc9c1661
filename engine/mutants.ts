/**
 * Deliberately broken variants of the engine, selected by name, so the correctness checker can
 * prove it catches each (design.md section 2). Off ('none') unless a self-test asks. Run mutants
 * break what a run's reads show; crash mutants break only the order of durable steps, so only a
 * crash shows them (the crash explorer, design.md section 7). Each mutant belongs to one snapshot
 * strategy (design.md section 8).
 */
import type { StrategyName } from './snapshot-strategy.js';

export type EngineMutant =
  | 'none'
  | 'no-dual-write'
  | 'no-cow'
  | 'cow-after-write'
  | 'no-lock'
  | 'no-copy-flush'
  | 'entry-not-durable'
  | 'late-delete-mark'
  | 'quiesce-no-drain'
  | 'row-no-fill';

export const engineMutants: readonly { name: Exclude<EngineMutant, 'none'>; phase: 'run' | 'crash'; strategy: StrategyName; breaks: string }[] = [
  { name: 'no-dual-write', phase: 'run', strategy: 'method', breaks: 'a write received before the command whose chunk is already copied goes to the origin image only' },
  { name: 'no-cow', phase: 'run', strategy: 'method', breaks: 'a write received after the command overwrites the origin without copying the chunk first' },
  { name: 'cow-after-write', phase: 'run', strategy: 'method', breaks: 'the chunk is copied after the origin write, so the copy holds the new data' },
  { name: 'no-lock', phase: 'run', strategy: 'method', breaks: 'no chunk locks: copies, table updates and snapshot reads race each other' },
  { name: 'no-copy-flush', phase: 'crash', strategy: 'method', breaks: 'no flush between a chunk copy and its lookup-table entry: the entry can be durable while the copy is not' },
  { name: 'entry-not-durable', phase: 'crash', strategy: 'method', breaks: 'the origin write goes ahead before the lookup-table entry that protects it is flushed' },
  { name: 'late-delete-mark', phase: 'crash', strategy: 'method', breaks: 'delete stops protecting the snapshot before its deleted mark is durable' },
  {
    name: 'quiesce-no-drain',
    phase: 'run',
    strategy: 'quiesce',
    breaks: 'the preserve command holds new writes but does not wait for those in flight, so a write received before it lands after the snapshot',
  },
  {
    name: 'row-no-fill',
    phase: 'run',
    strategy: 'redirect-on-write',
    breaks: 'a write smaller than the allocation unit is redirected without filling the rest of its new unit from the old one',
  },
];

export function isEngineMutant(name: string): name is EngineMutant {
  return name === 'none' || engineMutants.some((mutant) => mutant.name === name);
}

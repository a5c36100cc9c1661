/**
 * Deliberately broken variants of the engine, selected by name, so the correctness checker can
 * prove it catches each (design.md section 2). Off ('none') unless a self-test asks.
 */
export type EngineMutant = 'none' | 'no-dual-write' | 'no-cow' | 'cow-after-write' | 'no-lock';

export const engineMutants: readonly { name: Exclude<EngineMutant, 'none'>; breaks: string }[] = [
  { name: 'no-dual-write', breaks: 'a write received before the command whose chunk is already copied goes to the origin image only' },
  { name: 'no-cow', breaks: 'a write received after the command overwrites the origin without copying the chunk first' },
  { name: 'cow-after-write', breaks: 'the chunk is copied after the origin write, so the copy holds the new data' },
  { name: 'no-lock', breaks: 'no chunk locks: copies, table updates and snapshot reads race each other' },
];

export function isEngineMutant(name: string): name is EngineMutant {
  return name === 'none' || engineMutants.some((mutant) => mutant.name === name);
}

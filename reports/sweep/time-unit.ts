/** The unit a set of microsecond figures reads best in, from the largest: ms, not "800k µs". */
export function timeUnit(largestUs: number): { readonly name: 'µs' | 'ms' | 's'; readonly perMicrosecond: number } {
  if (largestUs >= 1_000_000) return { name: 's', perMicrosecond: 1e-6 };
  if (largestUs >= 1000) return { name: 'ms', perMicrosecond: 1e-3 };
  return { name: 'µs', perMicrosecond: 1 };
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NumberKeyMap } from '../../engine/number-key-map.js';

describe('NumberKeyMap', () => {
  it('agrees with a Map on any sequence of sets and deletes, across growth and probe runs', () => {
    const key = fc.oneof(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: 2 ** 40 }), fc.constantFrom(0, 2 ** 32, 2 ** 53 - 1, 4294967295));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), key, fc.integer()), { maxLength: 400 }), (operations) => {
        const map = new NumberKeyMap<number>(8);
        const reference = new Map<number, number>();
        for (const [isSet, k, value] of operations) {
          if (isSet) {
            map.set(k, value);
            reference.set(k, value);
          } else {
            expect(map.delete(k)).toBe(reference.delete(k));
          }
          expect(map.size).toBe(reference.size);
        }
        for (const [k, value] of reference) expect([map.has(k), map.get(k)]).toEqual([true, value]);
        expect(new Map(map)).toEqual(reference);
        for (const [, k] of operations) if (!reference.has(k)) expect([map.has(k), map.get(k)]).toEqual([false, undefined]);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every key findable when a dense block of keys drains and refills (backward-shift deletion)', () => {
    const map = new NumberKeyMap<string>();
    for (let round = 0; round < 50; round++) {
      for (let block = round; block < round + 1000; block++) map.set(block * 16, `b${block}`);
      for (let block = round; block < round + 1000; block += 2) expect(map.delete(block * 16)).toBe(true);
      for (let block = round + 1; block < round + 1000; block += 2) expect(map.get(block * 16)).toBe(`b${block}`);
      for (let block = round + 1; block < round + 1000; block += 2) map.delete(block * 16);
      expect(map.size).toBe(0);
    }
  });

  it('refuses a negative or NaN key', () => {
    const map = new NumberKeyMap<number>();
    expect(() => map.set(-1, 0)).toThrow(RangeError);
    expect(() => map.set(Number.NaN, 0)).toThrow(RangeError);
  });
});

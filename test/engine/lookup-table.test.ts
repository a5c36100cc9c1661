import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LookupTable, MAX_CHUNK, MAX_SLOT } from '../../engine/index.js';

describe('lookup table', () => {
  it('maps chunks to slots, reports absent chunks as -1, and counts entries', () => {
    const table = new LookupTable();
    expect(table.get(5)).toBe(-1);
    table.set(5, 0);
    table.set(4096 * 3 + 1, 7);
    table.set(MAX_CHUNK, MAX_SLOT);
    expect([table.get(5), table.get(4096 * 3 + 1), table.get(MAX_CHUNK)]).toEqual([0, 7, MAX_SLOT]);
    expect(table.has(6)).toBe(false);
    expect(table.size).toBe(3);
    table.set(5, 9); // replacing keeps the count
    expect(table.size).toBe(3);
    expect([...table]).toEqual([
      [5, 9],
      [4096 * 3 + 1, 7],
      [MAX_CHUNK, MAX_SLOT],
    ]);
  });

  it('refuses chunks and slots it cannot store', () => {
    const table = new LookupTable();
    expect(() => table.set(-1, 0)).toThrow(RangeError);
    expect(() => table.set(MAX_CHUNK + 1, 0)).toThrow(RangeError);
    expect(() => table.set(0, MAX_SLOT + 1)).toThrow(RangeError);
    expect(() => table.set(1.5, 0)).toThrow(RangeError);
  });

  it('agrees with a Map on any sequence of sets', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 ** 22 }), fc.integer({ min: 0, max: 2 ** 30 })), { maxLength: 300 }), (pairs) => {
        const table = new LookupTable();
        const reference = new Map<number, number>();
        for (const [chunk, slot] of pairs) {
          table.set(chunk, slot);
          reference.set(chunk, slot);
        }
        expect(table.size).toBe(reference.size);
        for (const [chunk, slot] of reference) expect(table.get(chunk)).toBe(slot);
        expect(new Map(table)).toEqual(reference);
      }),
    );
  });

  it('says whether any chunk of a range is in the table, across pages touched and untouched', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 * 4096 }), { maxLength: 20 }),
        fc.integer({ min: 0, max: 3 * 4096 }),
        fc.integer({ min: 0, max: 5000 }),
        (chunks, first, count) => {
          const table = new LookupTable();
          for (const chunk of chunks) table.set(chunk, 0);
          expect(table.anyIn(first, count)).toBe(chunks.some((chunk) => chunk >= first && chunk < first + count));
        },
      ),
    );
  });

  it('gives the largest slot of a range, or -1 for a range with no entry', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 * 4096 }), fc.integer({ min: 0, max: 2 ** 31 })), { maxLength: 20 }),
        fc.integer({ min: 0, max: 3 * 4096 }),
        fc.integer({ min: 0, max: 5000 }),
        (pairs, first, count) => {
          const table = new LookupTable();
          const reference = new Map<number, number>();
          for (const [chunk, slot] of pairs) {
            table.set(chunk, slot);
            reference.set(chunk, slot);
          }
          const inRange = [...reference].filter(([chunk]) => chunk >= first && chunk < first + count).map(([, slot]) => slot);
          expect(table.maxIn(first, count)).toBe(inRange.length === 0 ? -1 : Math.max(...inRange));
        },
      ),
    );
  });

  it('holds 4 bytes per entry on densely copied pages', () => {
    const table = new LookupTable();
    for (let chunk = 0; chunk < 4096 * 10; chunk++) table.set(chunk, chunk);
    expect(table.memoryBytes / table.size).toBe(4);
  });
});

import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../sim/random.js';
import { RandomAddresses } from '../../workloads/addresses.js';

function sample(distribution: ConstructorParameters<typeof RandomAddresses>[0], draws = 100_000, rangeBlocks = 10_000, sizeBlocks = 1) {
  const addresses = new RandomAddresses(distribution, 1000, rangeBlocks, 1);
  const random = new RandomStreams(1).get('addresses');
  const counts = new Map<number, number>();
  for (let i = 0; i < draws; i++) {
    const block = addresses.next(random, sizeBlocks);
    expect(block).toBeGreaterThanOrEqual(1000);
    expect(block + sizeBlocks).toBeLessThanOrEqual(1000 + rangeBlocks);
    counts.set(block, (counts.get(block) ?? 0) + 1);
  }
  return [...counts.values()].sort((a, b) => b - a);
}

describe('random access distributions', () => {
  it('uniform touches nearly every block about equally', () => {
    const counts = sample('uniform');
    expect(counts.length).toBeGreaterThan(9990);
    expect(counts[0]!).toBeLessThan(30); // mean 10 per block
  });

  it('zipf(1.2) puts a large share on a few blocks, scattered over the range', () => {
    const counts = sample({ zipf: 1.2 });
    const top10 = counts.slice(0, 10).reduce((sum, count) => sum + count, 0);
    expect(top10 / 100_000).toBeGreaterThan(0.4);
    const heavy = sample({ zipf: 0.5 });
    expect(heavy[0]!).toBeLessThan(counts[0]!);
  });

  it('hot/cold sends the given share of I/Os to the given share of the space', () => {
    const addresses = new RandomAddresses({ hotcold: { ioPercent: 90, spacePercent: 10 } }, 0, 10_000, 1);
    const random = new RandomStreams(2).get('hotcold');
    let hot = 0;
    for (let i = 0; i < 100_000; i++) if (addresses.next(random, 1) < 1000) hot++;
    expect(hot / 100_000).toBeCloseTo(0.9, 2);
  });

  it('pareto(0.2) follows the 80/20 rule', () => {
    const counts = sample({ pareto: 0.2 });
    const top20 = counts.slice(0, 2000).reduce((sum, count) => sum + count, 0);
    expect(top20 / 100_000).toBeGreaterThan(0.75);
  });

  it('keeps multi-block requests inside the range', () => {
    sample('uniform', 20_000, 100, 16);
    sample({ zipf: 0.99 }, 20_000, 100, 16);
  });
});

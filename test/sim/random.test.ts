import { max, mean, min, sampleSkewness, standardDeviation } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { lognormalParameters, RandomStream, RandomStreams, WeightedChoice, Zipf } from '../../sim/random.js';

const draw = (count: number, sample: () => number): number[] => Array.from({ length: count }, sample);

describe('RandomStreams', () => {
  it('gives the same sequence for the same seed and name, whatever the creation order', () => {
    const first = new RandomStreams(42);
    const a1 = draw(5, first.get('workload.oltp').next);
    const b1 = draw(5, first.get('disk.origin').next);
    const second = new RandomStreams(42);
    const b2 = draw(5, second.get('disk.origin').next);
    const a2 = draw(5, second.get('workload.oltp').next);
    expect(a2).toEqual(a1);
    expect(b2).toEqual(b1);
    expect(a1).not.toEqual(b1);
  });

  it('gives different sequences for different seeds, and tells number 1 from string "1"', () => {
    const sequence = (seed: number | string): number[] => draw(5, new RandomStreams(seed).get('x').next);
    expect(sequence(1)).not.toEqual(sequence(2));
    expect(sequence(1)).not.toEqual(sequence('1'));
  });

  it('shares one stream per name and restarts it with fresh()', () => {
    const streams = new RandomStreams(7);
    const stream = streams.get('a');
    expect(streams.get('a')).toBe(stream);
    const firstValues = draw(3, stream.next);
    expect(draw(3, streams.fresh('a').next)).toEqual(firstValues);
    expect(streams.names()).toEqual(['a']);
  });

  it('draws uniform values in [0, 1) with mean 1/2 and variance 1/12', () => {
    const values = draw(200_000, new RandomStreams(1).get('u').next);
    expect(min(values)).toBeGreaterThanOrEqual(0);
    expect(max(values)).toBeLessThan(1);
    expect(mean(values)).toBeCloseTo(0.5, 2);
    expect(standardDeviation(values) ** 2).toBeCloseTo(1 / 12, 3);
  });
});

describe('RandomStream distributions', () => {
  const stream = (): RandomStream => new RandomStreams(2024).fresh('distributions');

  it('uniform(min, max)', () => {
    const random = stream();
    const values = draw(100_000, () => random.uniform(10, 20));
    expect(min(values)).toBeGreaterThanOrEqual(10);
    expect(max(values)).toBeLessThan(20);
    expect(mean(values)).toBeCloseTo(15, 1);
  });

  it('integer(min, max) includes both ends evenly, small and huge ranges alike', () => {
    const random = stream();
    const counts = new Array(6).fill(0);
    for (let index = 0; index < 60_000; index++) counts[random.integer(1, 6) - 1]++;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(400);
    const huge = draw(100_000, () => random.integer(0, 1e12));
    expect(huge.every(Number.isInteger)).toBe(true);
    expect(mean(huge) / 1e12).toBeCloseTo(0.5, 2);
    expect(() => random.integer(2, 1)).toThrow(RangeError);
  });

  it('exponential(mean): mean and standard deviation both equal the mean', () => {
    const random = stream();
    const values = draw(200_000, () => random.exponential(3));
    expect(mean(values)).toBeCloseTo(3, 1);
    expect(standardDeviation(values)).toBeCloseTo(3, 1);
  });

  it('normal(mean, sd): moments and symmetry', () => {
    const random = stream();
    const values = draw(200_000, () => random.normal(5, 2));
    expect(mean(values)).toBeCloseTo(5, 1);
    expect(standardDeviation(values)).toBeCloseTo(2, 1);
    expect(Math.abs(sampleSkewness(values))).toBeLessThan(0.03);
  });

  it('lognormal with parameters chosen for a mean and standard deviation', () => {
    const random = stream();
    const { mu, sigma } = lognormalParameters(100, 50);
    const values = draw(400_000, () => random.lognormal(mu, sigma));
    expect(mean(values) / 100).toBeCloseTo(1, 2);
    expect(standardDeviation(values) / 50).toBeCloseTo(1, 1);
    expect(min(values)).toBeGreaterThan(0);
  });

  it('pareto(scale, shape): minimum is the scale, mean is shape * scale / (shape - 1)', () => {
    const random = stream();
    const values = draw(400_000, () => random.pareto(2, 3));
    expect(min(values)).toBeGreaterThanOrEqual(2);
    expect(mean(values)).toBeCloseTo(3, 1);
  });

  it('weightedIndex and WeightedChoice follow the weights', () => {
    const random = stream();
    const weights = [1, 0, 3, 6];
    const slow = new Array(4).fill(0);
    const fast = new Array(4).fill(0);
    const choice = new WeightedChoice(weights);
    for (let index = 0; index < 100_000; index++) {
      slow[random.weightedIndex(weights)]++;
      fast[choice.sample(random)]++;
    }
    for (const counts of [slow, fast]) {
      expect(counts[1]).toBe(0);
      weights.forEach((weight, index) => expect(counts[index] / 100_000).toBeCloseTo(weight / 10, 2));
    }
    expect(() => new WeightedChoice([0, 0])).toThrow(RangeError);
  });

  it('pick takes each element', () => {
    const random = stream();
    const seen = new Set(Array.from({ length: 1000 }, () => random.pick(['a', 'b', 'c'])));
    expect([...seen].sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('Zipf', () => {
  /** Exact probabilities of ranks 0..n-1. */
  const exact = (n: number, theta: number): number[] => {
    const weights = Array.from({ length: n }, (_, rank) => 1 / (rank + 1) ** theta);
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    return weights.map((weight) => weight / total);
  };

  for (const theta of [0, 0.5, 0.99, 1, 1.5]) {
    it(`matches the exact distribution over 50 items at theta ${theta}`, () => {
      const random = new RandomStreams(9).fresh(`zipf-${theta}`);
      const zipf = new Zipf(50, theta);
      const samples = 500_000;
      const counts = new Array(50).fill(0);
      for (let index = 0; index < samples; index++) counts[zipf.sample(random)]++;
      const expected = exact(50, theta);
      // Chi-square with 49 degrees of freedom: the 99.9th percentile is about 86.
      const chiSquare = counts.reduce((sum, count, rank) => sum + (count - samples * expected[rank]!) ** 2 / (samples * expected[rank]!), 0);
      expect(chiSquare).toBeLessThan(86);
    });
  }

  it('samples 1e8 items in O(1): fast, in range, hottest rank most likely', () => {
    const random = new RandomStreams(3).fresh('zipf-big');
    const zipf = new Zipf(1e8, 0.99);
    let zeros = 0;
    let maximum = 0;
    let outside = 0;
    for (let index = 0; index < 200_000; index++) {
      const rank = zipf.sample(random);
      if (rank === 0) zeros++;
      if (rank > maximum) maximum = rank;
      if (!(rank >= 0 && rank < 1e8 && Number.isInteger(rank))) outside++;
    }
    expect(outside).toBe(0);
    // P(rank 0) = 1 / H(1e8, 0.99), about 0.0512.
    let harmonic = 0;
    for (let k = 1; k <= 1e6; k++) harmonic += 1 / k ** 0.99;
    harmonic += ((1e8) ** 0.01 - (1e6) ** 0.01) / 0.01; // the tail as an integral
    expect(zeros / 200_000).toBeCloseTo(1 / harmonic, 2);
    expect(maximum).toBeGreaterThan(1e6);
  });

  it('refuses nonsense sizes and skews', () => {
    expect(() => new Zipf(0, 0.9)).toThrow(RangeError);
    expect(() => new Zipf(10, -1)).toThrow(RangeError);
  });
});

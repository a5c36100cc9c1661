import { describe, expect, it } from 'vitest';
import { barChart, latencyTailChart, tailLabel, tailPoints, tailPosition } from '../../reports/charts/index.js';

/** The text content of every <text> element of an SVG. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]!);
}

describe('the latency tail chart (HdrHistogram style)', () => {
  it('places a percentile p at 1 / (1 - p) and labels the places as percentiles', () => {
    expect([90, 99, 99.9, 99.99, 99.999].map((percentile) => Math.round(tailPosition(percentile)))).toEqual([10, 100, 1000, 10_000, 100_000]);
    expect([10, 100, 1000, 10_000, 100_000].map(tailLabel)).toEqual(['90%', '99%', '99.9%', '99.99%', '99.999%']);
  });

  it('holds each CDF point’s latency from the previous fraction on, leaving out what ends before the axis starts', () => {
    const points = tailPoints(
      [
        [10, 0.5],
        [20, 0.95],
        [30, 0.999],
        [40, 1],
      ],
      10,
    );
    expect(points.map(([, latencyUs]) => latencyUs)).toEqual([20, 30, 40]);
    expect(points[0]![0]).toBe(10);
    expect(points[1]![0]).toBeCloseTo(20);
    expect(points[2]![0]).toBeCloseTo(1000);
  });

  it('draws a percentile axis from 90% to 99.999% and a latency axis with units, one curve per series', () => {
    const svg = latencyTailChart(
      [
        { name: 'db write', points: [[100, 0.9], [900, 0.99], [2500, 0.9999], [4000, 1]] },
        { name: 'db read', points: [[50, 0.99], [400, 1]] },
      ],
      { title: 'Latency tail', idPrefix: 'tail' },
    );
    const labels = texts(svg);
    for (const label of ['90%', '99%', '99.9%', '99.99%', '99.999%', 'db write', 'db read']) expect(labels).toContain(label);
    expect(labels.some((label) => / ms$/.test(label))).toBe(true);
    expect(svg).toContain('aria-label="Latency tail"');
    expect(latencyTailChart([], { title: 'No I/O' })).toContain('aria-label="No I/O"');
  });
});

describe('the latency axis of the tail chart', () => {
  const axisName = (svg: string): string | undefined => texts(svg).find((label) => label.startsWith('latency'));

  it('is linear from 0, as HdrHistogram draws it, when the curves share a scale', () => {
    const svg = latencyTailChart([{ name: 'w', points: [[40_000, 0.9], [120_000, 0.99], [250_000, 1]] }], { title: 't' });
    expect(axisName(svg)).toBe('latency');
    expect(texts(svg)).toContain('0 µs');
  });

  it('turns logarithmic when the latencies drawn span more than 20 times, so a fast curve does not lie flat on 0', () => {
    const points = [
      { name: 'read', points: [[900, 0.9], [3000, 1]] as [number, number][] },
      { name: 'write', points: [[200_000, 0.9], [290_000, 1]] as [number, number][] },
    ];
    expect(axisName(latencyTailChart(points, { title: 't' }))).toBe('latency (log scale)');
    expect(axisName(latencyTailChart(points, { title: 't', latencyLog: false }))).toBe('latency');
    expect(axisName(latencyTailChart([points[1]!], { title: 't', latencyLog: true }))).toBe('latency (log scale)');
  });
});

describe('bar charts with a logarithmic value axis', () => {
  it('labels powers of ten and leaves values of 0 out, so the middle and the tail both read', () => {
    const svg = barChart({ title: 'p', categories: ['a', 'b'], series: [{ name: 'p50', values: [0, 20] }, { name: 'p99.9', values: [2000, 20_000] }], yName: 'µs', valueLog: true });
    const labels = texts(svg);
    for (const label of ['10', '100', '1000', '10k']) expect(labels).toContain(label);
    expect(() => barChart({ title: 'p', categories: ['a'], series: [{ name: 's', values: [1] }], yName: 'µs', valueLog: true, stacked: true })).toThrow(/logarithmic/);
  });
});

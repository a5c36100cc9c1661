import { describe, expect, it } from 'vitest';
import {
  barChart,
  binValues,
  empiricalCdf,
  errorBarChart,
  histogramChart,
  latencyCdfChart,
  stackedAreaChart,
  timeSeriesChart,
} from '../../reports/charts/index.js';
import { sampleCharts } from './sample-report.js';

/** The text content of every <text> element of an SVG. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]!);
}

describe('charts rendered to SVG by ECharts on the server', () => {
  const charts = sampleCharts();

  it.each(Object.keys(charts))('%s is a standalone SVG without scripts or hydration metadata', (kind) => {
    const svg = charts[kind]!;
    expect(svg.startsWith('<svg role="img" aria-label="')).toBe(true);
    expect(svg).toContain('viewBox="0 0 600 340"');
    expect(svg).not.toMatch(/<script/i);
    expect(svg).not.toMatch(/ecmeta_/);
    expect(svg).not.toMatch(/\bon[a-z]+=/);
    expect(svg).not.toMatch(/(class="|id="|url\(#)zr\d+-/);
    expect(svg.match(/<path /g)?.length ?? 0).toBeGreaterThan(10);
  });

  it('gives byte-identical SVG for equal input, whatever was rendered before', () => {
    const again = sampleCharts();
    for (const kind of Object.keys(charts)) expect(again[kind]).toBe(charts[kind]);
  });

  it('gives every chart of a page its own id prefix', () => {
    const prefixes = Object.values(charts).map((svg) => /id="(chart-[0-9a-f]{8})-/.exec(svg)?.[1] ?? /class="(chart-[0-9a-f]{8})-/.exec(svg)?.[1]);
    expect(prefixes.every((prefix) => prefix !== undefined)).toBe(true);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    const named = barChart({ title: 't', categories: ['a'], series: [{ name: 's', values: [1] }], yName: 'y', idPrefix: 'devices' });
    expect(named).toMatch(/class="devices-cls-0"/);
    expect(() => barChart({ title: 't', categories: [], series: [], yName: 'y', idPrefix: '1 bad' })).toThrow(RangeError);
  });

  it('draws the latency CDF on a logarithmic latency axis with unit labels', () => {
    const labels = texts(charts.latencyCdf!);
    expect(labels).toEqual(expect.arrayContaining(['10 µs', '100 µs', '1 ms', '10 ms', '50%', '100%', 'latency (log scale)']));
  });

  it('accepts precomputed CDF points and puts latencies of 0 at the smallest positive latency', () => {
    const svg = latencyCdfChart(
      [
        { name: 'a', points: [[0, 0.1], [10, 0.5], [1000, 1]] },
        { name: 'b', valuesUs: [0, 5, 50] },
      ],
      { title: 'points' },
    );
    expect(texts(svg)).toEqual(expect.arrayContaining(['a', 'b', '10 µs', '100 µs']));
  });

  it('labels the preserve-command markers on time charts', () => {
    expect(texts(charts.timeSeries!)).toEqual(expect.arrayContaining(['preserve s1', 'preserve s2', 'time (s)']));
    expect(texts(charts.stackedArea!)).toEqual(expect.arrayContaining(['preserve s1', 'preserve s2', 's1', 's2']));
    const markersOnly = timeSeriesChart({ title: 'empty', yName: 'IOPS', series: [], markers: [{ atSeconds: 1, label: 'preserve' }] });
    expect(texts(markersOnly)).toContain('preserve');
  });

  it('labels exactly the swept values on a numeric error-bar axis and skips undefined intervals', () => {
    expect(texts(charts.errorBar!)).toEqual(expect.arrayContaining(['1', '4', '16', '64']));
    const svg = errorBarChart({
      title: 'single replication',
      xName: 'jobs',
      yName: 'IOPS',
      series: [{ name: 'iops', points: [{ x: 1, mean: 10, low: NaN, high: NaN }] }],
    });
    expect(svg).toContain('<svg');
  });

  it('keeps the y axis of a non-negative quantity at 0 or above when an interval reaches below it', () => {
    const options = {
      title: 'wide interval',
      xName: 'jobs',
      yName: 'IOPS',
      series: [{ name: 'iops', points: [{ x: 1, mean: 5, low: -40, high: 50 }, { x: 2, mean: 30, low: 10, high: 50 }] }],
    };
    const negativeTicks = (svg: string) => texts(svg).filter((text) => /^[-−]\d/.test(text));
    expect(negativeTicks(errorBarChart(options)).length).toBeGreaterThan(0);
    expect(negativeTicks(errorBarChart({ ...options, nonNegative: true }))).toEqual([]);
  });

  it('holds the value axis of a time series, bars, stacked areas and a one-value histogram at 0 for a quantity that cannot be negative', () => {
    const negativeTicks = (svg: string) => texts(svg).filter((text) => /^[-−]\d/.test(text));
    // A stray negative value (a bug upstream) would otherwise pull the axis below zero.
    const series = [{ name: 'q', points: [[0, -2], [1, 5]] as [number, number][] }];
    expect(negativeTicks(timeSeriesChart({ title: 'q', yName: 'requests', series })).length).toBeGreaterThan(0);
    expect(negativeTicks(timeSeriesChart({ title: 'q', yName: 'requests', series, nonNegative: true }))).toEqual([]);
    expect(negativeTicks(stackedAreaChart({ title: 'q', yName: 'chunks', series, nonNegative: true }))).toEqual([]);
    const bars = { title: 'b', categories: ['a', 'b'], series: [{ name: 's', values: [-1, 4] }], yName: 'count' };
    expect(negativeTicks(barChart(bars)).length).toBeGreaterThan(0);
    expect(negativeTicks(barChart({ ...bars, nonNegative: true }))).toEqual([]);
    // Every lock wait 0: one bin around 0, which starts at 0.
    const waits = { title: 'w', xName: 'lock wait (µs)', series: [{ name: 'w', values: [0, 0, 0] }] };
    expect(negativeTicks(histogramChart(waits)).length).toBeGreaterThan(0);
    expect(negativeTicks(histogramChart({ ...waits, nonNegative: true }))).toEqual([]);
  });

  it('refuses mismatched data as a bug', () => {
    expect(() => barChart({ title: 't', categories: ['a', 'b'], series: [{ name: 's', values: [1] }], yName: 'y' })).toThrow(RangeError);
    expect(() => histogramChart({ title: 't', xName: 'x', series: [{ name: 's', counts: [1, 2] }] })).toThrow(/edges are required/);
    expect(() => histogramChart({ title: 't', xName: 'x', edges: [0, 1, 2], series: [{ name: 's', counts: [1] }] })).toThrow(RangeError);
    expect(() => histogramChart({ title: 't', xName: 'x', edges: [0, 2, 1], series: [{ name: 's', values: [1] }] })).toThrow(/increase/);
  });

  it('aligns stacked series on shared instants', () => {
    const svg = stackedAreaChart({
      title: 'store',
      yName: 'chunks',
      series: [
        { name: 's1', points: [[0, 1], [2, 3]] },
        { name: 's2', points: [[1, 5]] },
      ],
    });
    expect(texts(svg)).toEqual(expect.arrayContaining(['s1', 's2', 'chunks']));
  });
});

describe('empiricalCdf', () => {
  it('gives one point per distinct latency with the fraction at or below it', () => {
    expect(empiricalCdf([30, 10, 20, 20])).toEqual([
      [10, 0.25],
      [20, 0.75],
      [30, 1],
    ]);
    expect(empiricalCdf([])).toEqual([]);
  });

  it('reduces many points but keeps the minimum, the maximum and the tail', () => {
    const values = Array.from({ length: 100_000 }, (_, index) => index + 1);
    const points = empiricalCdf(values, 400);
    expect(points.length).toBeLessThanOrEqual(400);
    expect(points.length).toBeGreaterThan(300);
    expect(points[0]).toEqual([1, 0.00001]);
    expect(points.at(-1)).toEqual([100_000, 1]);
    const tail = points.filter(([, fraction]) => fraction > 0.999);
    expect(tail.length).toBeGreaterThan(20);
    for (let index = 1; index < points.length; index++) expect(points[index]![1]).toBeGreaterThan(points[index - 1]![1]);
  });
});

describe('binValues', () => {
  it('counts edges[i] <= value < edges[i + 1], the last bin closed, outside values dropped', () => {
    expect(binValues([0, 0.5, 1, 1.5, 2, 3, -1], [0, 1, 2])).toEqual([2, 3]);
  });
});

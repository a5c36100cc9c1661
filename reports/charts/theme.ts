import type { EChartsOption } from 'echarts';

/** Colour-blind-safe series palette (Tableau 10). */
export const PALETTE = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f',
  '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
] as const;

// Single quotes inside: ECharts writes the family into a double-quoted SVG style attribute.
export const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
const TEXT_COLOR = '#1f2328';
const MUTED_COLOR = '#57606a';
const GRID_COLOR = '#e5e7eb';

/** Colour of the series at `index`. */
export function seriesColor(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}

/** A distribution drawn as steps with no markers: the latency CDF's and tail chart's curves. */
export function stepCurveSeries(name: string, index: number, data: number[][]) {
  return {
    type: 'line' as const,
    name,
    step: 'end' as const,
    showSymbol: false,
    emphasis: { disabled: true },
    lineStyle: { width: 2, color: seriesColor(index) },
    itemStyle: { color: seriesColor(index) },
    data,
  };
}

/** Title, legend, grid and text style shared by every chart. */
export function baseOption(title: string, legendNames: readonly string[], subtitle?: string): EChartsOption {
  const hasLegend = legendNames.length > 0;
  return {
    backgroundColor: '#ffffff',
    color: [...PALETTE],
    textStyle: { fontFamily: FONT_FAMILY, color: TEXT_COLOR },
    title: {
      text: title,
      ...(subtitle === undefined ? {} : { subtext: subtitle }),
      left: 12,
      top: 8,
      textStyle: { fontSize: 15, fontWeight: 600, color: TEXT_COLOR, fontFamily: FONT_FAMILY },
      subtextStyle: { fontSize: 12, color: MUTED_COLOR, fontFamily: FONT_FAMILY },
    },
    legend: {
      show: hasLegend,
      data: [...legendNames],
      top: subtitle === undefined ? 34 : 50,
      left: 12,
      itemWidth: 18,
      itemHeight: 10,
      itemGap: 18,
      textStyle: { fontSize: 12, color: TEXT_COLOR, fontFamily: FONT_FAMILY },
      selectedMode: false,
    },
    grid: {
      left: 16,
      right: 28,
      top: (subtitle === undefined ? 40 : 56) + (hasLegend ? 34 : 8),
      bottom: 20,
    },
  };
}

/** Axis styling shared by every chart: axis name in the middle, light split lines. */
export function axisStyle(name: string | undefined, position: 'x' | 'y') {
  return {
    ...(name === undefined ? {} : { name }),
    nameLocation: 'middle' as const,
    nameGap: position === 'x' ? 28 : 48,
    nameTextStyle: { color: MUTED_COLOR, fontSize: 12, fontFamily: FONT_FAMILY },
    axisLabel: { color: MUTED_COLOR, fontSize: 11, fontFamily: FONT_FAMILY, hideOverlap: true },
    axisLine: { lineStyle: { color: '#8c959f' } },
    axisTick: { lineStyle: { color: '#8c959f' } },
    splitLine: { show: true, lineStyle: { color: GRID_COLOR } },
  };
}

/**
 * The bound of a linear value axis whose quantity cannot be negative (a rate, a time, a count, a
 * share): it starts at 0, so no axis reads below zero whatever ECharts would round it to.
 */
export function nonNegativeMin(nonNegative: boolean | undefined): { min?: number } {
  return nonNegative === true ? { min: 0 } : {};
}

/** A latency in microseconds as a short label with a unit: 850 µs, 1.2 ms, 3 s. */
export function formatLatencyUs(latencyUs: number): string {
  const magnitude = Math.abs(latencyUs);
  if (magnitude >= 1e6) return `${trim(latencyUs / 1e6)} s`;
  if (magnitude >= 1e3) return `${trim(latencyUs / 1e3)} ms`;
  return `${trim(latencyUs)} µs`;
}

/** A number with at most 3 significant digits and SI suffixes (k, M, G) for axis labels. */
export function formatCompact(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 1e9) return `${trim(value / 1e9)}G`;
  if (magnitude >= 1e6) return `${trim(value / 1e6)}M`;
  if (magnitude >= 1e4) return `${trim(value / 1e3)}k`;
  return trim(value);
}

function trim(value: number): string {
  return String(Number(value.toPrecision(3)));
}

import type { EChartsOption } from 'echarts';
import { renderChartSvg, type ChartCommonOptions } from './render.js';
import { axisStyle, baseOption, formatCompact, nonNegativeMin, seriesColor } from './theme.js';

/** One group of bars: a value per category. */
export interface BarSeries {
  readonly name: string;
  /** One value per category, in the order of `categories`; null leaves a gap. */
  readonly values: readonly (number | null)[];
}

/** Options of barChart. */
export interface BarChartOptions extends ChartCommonOptions {
  readonly title: string;
  readonly subtitle?: string;
  readonly categories: readonly string[];
  readonly series: readonly BarSeries[];
  /** Name of the category axis. */
  readonly xName?: string;
  /** Name of the value axis, with its unit. */
  readonly yName: string;
  /** Bars grow to the right, categories read top to bottom (long category names). */
  readonly horizontal?: boolean;
  /** Stack the series instead of placing them side by side. */
  readonly stacked?: boolean;
  /** Logarithmic value axis (values <= 0 leave a gap): small and tail values both readable. */
  readonly valueLog?: boolean;
  /** A quantity that cannot be negative (a count, a latency): a linear value axis starts at 0. */
  readonly nonNegative?: boolean;
}

/** Bar chart of values per category (e.g. device utilisation per device, lock acquisitions per policy). */
export function barChart(options: BarChartOptions): string {
  for (const entry of options.series) {
    if (entry.values.length !== options.categories.length) {
      throw new RangeError(`barChart: series ${entry.name} has ${entry.values.length} values for ${options.categories.length} categories`);
    }
  }
  const horizontal = options.horizontal === true;
  const categoryAxis = {
    type: 'category' as const,
    data: [...options.categories],
    ...axisStyle(options.xName, horizontal ? 'y' : 'x'),
    ...(horizontal ? { inverse: true, nameGap: 80 } : {}),
    splitLine: { show: false },
  };
  const log = options.valueLog === true;
  if (log && options.stacked === true) throw new RangeError('barChart: a logarithmic value axis cannot stack bars');
  const valueAxis = {
    ...(log ? { type: 'log' as const, logBase: 10 } : { type: 'value' as const, ...nonNegativeMin(options.nonNegative) }),
    ...axisStyle(options.yName, horizontal ? 'x' : 'y'),
    axisLabel: { ...axisStyle(undefined, 'y').axisLabel, formatter: (value: number) => formatCompact(value) },
    ...(log ? { minorTick: { show: true, splitNumber: 9 }, minorSplitLine: { show: true, lineStyle: { color: '#f3f4f6' } } } : {}),
  };
  const option: EChartsOption = {
    ...baseOption(options.title, options.series.length > 1 ? options.series.map((entry) => entry.name) : [], options.subtitle),
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: options.series.map((entry, index) => ({
      type: 'bar' as const,
      name: entry.name,
      ...(options.stacked === true ? { stack: 'total' } : {}),
      barMaxWidth: 48,
      emphasis: { disabled: true },
      itemStyle: { color: seriesColor(index) },
      data: log ? entry.values.map((value) => (value !== null && value > 0 ? value : null)) : [...entry.values],
    })),
  };
  return renderChartSvg(option, options.title, options);
}

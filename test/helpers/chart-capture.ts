/**
 * The options of every chart a report renders, captured on their way to the SVG renderer, so a
 * test can check axes and values on the option objects rather than on pixels. A test file mocks
 * the renderer with `captureCharts` (vi.mock is hoisted, so it imports this module in its factory):
 *
 *   vi.mock('../../../reports/charts/render.js', async (original) => (await import('../../helpers/chart-capture.js')).captureCharts(original));
 */
import type { EChartsOption } from 'echarts';
import type * as Render from '../../reports/charts/render.js';

/** Every chart rendered since the test last emptied the list, in order, with its title. */
export const renderedCharts: { title: string; option: EChartsOption }[] = [];

/** The renderer module with renderChartSvg recording each chart before it renders it as usual. */
export async function captureCharts(importOriginal: <T>() => Promise<T>): Promise<typeof Render> {
  const actual = await importOriginal<typeof Render>();
  return {
    ...actual,
    renderChartSvg: (option, title, options) => {
      renderedCharts.push({ title, option });
      return actual.renderChartSvg(option, title, options);
    },
  };
}

/** A y or x axis as the option objects hold it. */
export interface ChartAxis {
  type?: string;
  name?: string;
  min?: number | ((extent: { min: number; max: number }) => number);
  axisLabel?: { formatter?: unknown };
}

/** The lowest value an axis can show: its fixed minimum, or its minimum function's answer for data below zero (none: ECharts rounds one from the data). */
export function lowestShown(axis: ChartAxis): number | undefined {
  if (typeof axis.min === 'function') return axis.min({ min: -5, max: 10 });
  return axis.min;
}

/** A chart's x and y axes. */
export function axesOf(option: EChartsOption): ChartAxis[] {
  return [option.xAxis, option.yAxis].flatMap((axis) => (axis === undefined ? [] : Array.isArray(axis) ? axis : [axis])) as ChartAxis[];
}

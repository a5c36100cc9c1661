export { renderChartSvg, DEFAULT_WIDTH, DEFAULT_HEIGHT, type ChartCommonOptions, type ChartSize } from './render.js';
export { latencyCdfChart, empiricalCdf, type LatencyCdfSeries, type LatencyCdfOptions } from './latency-cdf.js';
export { latencyTailChart, tailPoints, tailPosition, tailLabel, type LatencyTailSeries, type LatencyTailOptions } from './latency-tail.js';
export { timeSeriesChart, type TimeSeries, type TimeMarker, type TimeSeriesOptions } from './time-series.js';
export { barChart, type BarSeries, type BarChartOptions } from './bar.js';
export { histogramChart, binValues, type HistogramSeries, type HistogramChartOptions } from './histogram.js';
export { errorBarChart, type ErrorBarPoint, type ErrorBarSeries, type ErrorBarChartOptions } from './error-bar.js';
export { stackedAreaChart, type StackedAreaOptions } from './stacked-area.js';
export { PALETTE, FONT_FAMILY, formatLatencyUs, formatCompact } from './theme.js';

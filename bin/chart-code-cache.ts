/**
 * Build step (`npm run build`, after tsc): draws one chart of each kind, then saves V8's code
 * cache of ECharts beside the compiled chart renderer, so that drawing a report's charts does not
 * compile ECharts' functions again on every run (reports/charts/echarts-module.ts).
 */
import { saveEChartsCodeCache } from '../reports/charts/echarts-module.js';
import { drawSampleCharts } from '../reports/charts/sample-charts.js';

drawSampleCharts();
saveEChartsCodeCache();

export { parseSlo, sloHolds, isTimeFigure, formatSloValue, SLO_GRAMMAR, type Slo } from './slo.js';
export { searchLargestLoad, type LoadSearchOptions, type LoadSearchResult, type Probe } from './load-search.js';
export { estimateStore, parseRetention, describeRetention, retainedChunks, type Retention, type StoreEstimate, type StoreGrowthInput, type SnapshotGrowth } from './store-growth.js';
export { runPlan, formatLoad, type PlanOptions, type PlanResult, type PlanRun, type PlanKnob } from './plan.js';
export { planText, planCsv, storeCsv, planJson, planHtml, planAnswerLine, storeAnswerLine, PLAN_JSON, PLAN_CSV, STORE_CSV, PLAN_HTML } from './report.js';

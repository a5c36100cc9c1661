export { htmlPage, type PageOptions, type PageSection } from './page.js';
export { htmlTable, keyValueTable, formatCell, type CellValue, type TableColumn, type TableOptions } from './table.js';
export { verdictBanner, preBlock, chartFigure, chartGrid, paragraph } from './blocks.js';
export { escapeHtml } from './escape.js';
export { REPORT_CSS } from './style.js';

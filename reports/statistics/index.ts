export { confidenceInterval, figureIntervals, type ConfidenceInterval } from './confidence-interval.js';
export { flattenFigures, type Figures } from './flatten-figures.js';
export { regularizedIncompleteBeta, studentTCdf, studentTQuantile } from './student-t.js';

export { confidenceInterval, figureIntervals, type ConfidenceInterval } from './confidence-interval.js';
export { flattenFigures, flattenNullableFigures, type Figures, type NullableFigures } from './flatten-figures.js';
export { regularizedIncompleteBeta, studentTCdf, studentTQuantile } from './student-t.js';

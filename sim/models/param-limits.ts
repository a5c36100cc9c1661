/**
 * Bounds of the disk models' time and rate parameters. Past them one operation would take longer
 * than simulated time can hold exactly (2^53 ns), so they are refused with the parameters, naming
 * the one at fault, instead of stopping the run midway.
 */

/** Longest time of one step of an operation, in microseconds: 1000 s. */
export const MAX_OPERATION_US = 1e9;
/** The same in milliseconds. */
export const MAX_OPERATION_MS = 1e6;
/** Slowest transfer rate, MB/s: a kilobyte per second. */
export const MIN_RATE_MBPS = 0.001;

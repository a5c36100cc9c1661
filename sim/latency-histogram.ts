/**
 * The latency histogram lives in the engine (its lock manager records into it) and the simulator
 * shares it: sim may import engine, never the reverse (design.md section 3).
 */
export { LatencyHistogram, type LatencySummaryUs } from '../engine/latency-histogram.js';

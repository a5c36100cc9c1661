/** The engine's public surface: everything outside engine/ imports from here. */
export * from './block-device.js';
export * from './clock.js';
export { IMAGE_FAILURE_REASONS, invalidatedByImage } from './copy-on-write.js';
export * from './errors.js';
export * from './file-device.js';
export * from './intake.js';
export * from './latency-histogram.js';
export * from './lock-manager.js';
export * from './lookup-table.js';
export * from './memory-device.js';
export * from './mutants.js';
export * from './partition-device.js';
export * from './snapshot.js';
export * from './snapshot-image-format.js';
export * from './volume.js';

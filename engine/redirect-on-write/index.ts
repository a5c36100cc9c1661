/** The redirect-on-write snapshot strategy (design.md section 8): what engine/index.ts exports of it. */
export { RedirectOnWriteVolume, type RedirectOnWriteOptions } from './redirect-volume.js';

/** What a redirect-on-write volume counts, deleted snapshots' share included. */
export class RedirectCounters {
  /** Units redirected: a view's logical unit moved to a newly allocated unit. */
  redirects = 0;
  /** Redirects of a write covering the whole unit: nothing to read. */
  fullUnitRedirects = 0;
  /** Redirects that read the old unit to fill the rest of the new one. */
  fills = 0;
  /** Units of snapshots written besides the live one, for writes received before their commands. */
  dualWrites = 0;
  /** Writes to newly allocated units. */
  imageWrites = 0;
  /** Application device reads served from pool units. */
  imageReads = 0;
  /** Device reads issued for application reads. */
  readPieces = 0;
  mapCommits = 0;
  flushes = 0;
}

/**
 * The unit of every figure in summary.json, as a map from its dotted key (array indices as `*`,
 * so `snapshots.*.cowCopies` stands for every snapshot's) to a unit a reader can act on:
 * `µs`, `ms`, `s`, `ns`, `bytes`, `MB/s`, `I/Os per second`, `fraction (0 to 1)`, `count`...
 * Times in summary.json are microseconds unless the key names another unit (design.md section 4).
 */

// Figures of a distribution: a latency's or a time's statistics and percentiles, lock waits and holds.
const DISTRIBUTION_STATISTIC = /(^|\.)(latency|[a-zA-Z]*Time)\.([^.]+\.)?(mean|min|max|p\d+)$/;
const DISTRIBUTION_PERCENTILE = /(^|\.)(latency|[a-zA-Z]*Time)\.([^.]+\.)?percentiles\..+$/;
const LOCK_TIME = /(^|\.)(wait|hold)(Mean|P\d+|Max)$/;

/** Rules by key, first match wins; a key no rule matches is a count. */
const RULES: readonly (readonly [RegExp, string])[] = [
  // A unit as a word of a name, for the figure and everything under it: `longestInFlightIoUs`,
  // `holdUsMax`, `latencyDeltaUs.read.p99`, `meanSeekMs`, `busyNs`, `skippedAtSeconds.*`.
  [/Us(?=[A-Z.]|$)/, 'µs'],
  [/Ms(?=[A-Z.]|$)/, 'ms'],
  [/Ns(?=[A-Z.]|$)/, 'ns'],
  [/Seconds(?=[A-Z.]|$)/, 's'],
  [/Bytes(?=[A-Z.]|$)/, 'bytes'],
  [/Ratio$/, 'ratio'],
  [/^bytes\./, 'bytes'],
  [/(^|\.)bytes[A-Z]/, 'bytes'],
  [/MBps$/, 'MB/s (10^6 bytes per second)'],
  [/(^|\.)iops$/, 'I/Os per second'],
  // Latency distributions: latency.read, devices.*.responseTime, intake.queueTime...
  [DISTRIBUTION_STATISTIC, 'µs'],
  [/(^|\.)(latency|[a-zA-Z]*Time)\.([^.]+\.)?count$/, 'count'],
  [DISTRIBUTION_PERCENTILE, 'µs'],
  [LOCK_TIME, 'µs'],
  [/utilization$/, 'fraction of the time (0 to 1)'],
  [/(^|\.)(writeAmplification)$/, 'ratio'],
  [/(QueueDepth|maxQueue|maxQueueLength|inFlight)$/, 'requests'],
  [/(^|\.)(valid|preconditionSteady)$/, 'boolean (1 or 0)'],
  [/(^|\.)(seed|id|snapshotId)$/, 'identifier'],
];

/** The unit of one figure, by its dotted key; `count` for a number of things (I/Os, copies, chunks). */
export function unitOf(key: string): string {
  for (const [pattern, unit] of RULES) if (pattern.test(key)) return unit;
  return 'count';
}

/** The figures of a distribution (a latency, a device's response time, a lock wait or hold): null when it measured nothing. */
const DISTRIBUTION_FIGURE = [
  DISTRIBUTION_STATISTIC,
  DISTRIBUTION_PERCENTILE,
  LOCK_TIME,
  // The longest of the I/Os in flight across a preserve command: of none, when none was.
  /(^|\.)longestInFlightIoUs$/,
];

/** Whether a key is a figure of a distribution, which is null (not 0) when the distribution is empty. */
export function isDistributionFigure(key: string): boolean {
  return DISTRIBUTION_FIGURE.some((pattern) => pattern.test(key));
}

/**
 * The units map of a summary object: every numeric or boolean figure in it, indices as `*`. A null
 * distribution figure is a figure too (latency.write.p99 of a run with no writes); another null (a
 * workload's `profile`, a snapshot's `deletedAtSeconds` when it was not deleted) is an absent value.
 */
export function summaryUnits(summary: object): Record<string, string> {
  const units: Record<string, string> = {};
  const visit = (value: unknown, key: string): void => {
    if (typeof value === 'number' || typeof value === 'boolean') {
      if (key !== '' && !(key in units)) units[key] = unitOf(key);
    } else if (value === null) {
      if (key !== '' && isDistributionFigure(key) && !(key in units)) units[key] = unitOf(key);
    } else if (Array.isArray(value)) {
      for (const element of value) visit(element, `${key}.*`);
    } else if (typeof value === 'object' && value !== null) {
      for (const [name, element] of Object.entries(value)) if (name !== 'units') visit(element, key === '' ? name : `${key}.${name}`);
    }
  };
  visit(summary, '');
  return units;
}

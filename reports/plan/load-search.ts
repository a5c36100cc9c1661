/**
 * The largest offered load that meets the SLO, by bracketing then bisection. It assumes the
 * figure grows monotonically with the load (true of queueing delay; runs share one seed, so
 * arrivals scale with the rate and the comparison is not blurred by noise). If the assumption
 * fails the answer is still a load that passed, but a larger one might pass too.
 *
 * Without --min/--max the search starts at the scenario's own load, doubles until a load fails
 * (or halves until one passes), then bisects until the bracket is within the tolerance.
 */

export interface LoadSearchOptions {
  /** The scenario's own load: where the search starts without min and max. */
  readonly start: number;
  readonly min?: number;
  readonly max?: number;
  /** Loads are whole numbers (jobs); the bisection ends at adjacent numbers. */
  readonly integer: boolean;
  /** Bisection ends when (failing - passing) <= tolerance * failing; ignored for whole numbers. */
  readonly tolerance: number;
  /** Runs at most; default 40. */
  readonly maxRuns?: number;
  /** The largest load the scenario accepts: doubling stops there (load-ceiling.ts). */
  readonly ceiling?: number;
}

/** One load tried. */
export interface Probe {
  readonly load: number;
  readonly pass: boolean;
}

export interface LoadSearchResult {
  /**
   * found: largestPassing and smallestFailing bracket the answer; none-pass: even the smallest load
   * tried failed; all-pass: the largest load allowed (max) passed; run-limit: stopped after maxRuns.
   */
  readonly outcome: 'found' | 'none-pass' | 'all-pass' | 'run-limit';
  readonly largestPassing?: number;
  readonly smallestFailing?: number;
  readonly probes: readonly Probe[];
}

/** Searches for the largest load for which `passes` holds. */
export async function searchLargestLoad(passes: (load: number) => Promise<boolean>, options: LoadSearchOptions): Promise<LoadSearchResult> {
  const maxRuns = options.maxRuns ?? 40;
  const probes: Probe[] = [];
  const known = new Map<number, boolean>();
  const probe = async (load: number): Promise<boolean> => {
    const earlier = known.get(load);
    if (earlier !== undefined) return earlier;
    const pass = await passes(load);
    known.set(load, pass);
    probes.push({ load, pass });
    return pass;
  };
  const tidy = (load: number): number => (options.integer ? Math.round(load) : Number(load.toPrecision(6)));
  const result = (outcome: LoadSearchResult['outcome'], low: number | undefined, high: number | undefined): LoadSearchResult => ({
    outcome,
    ...(low === undefined ? {} : { largestPassing: low }),
    ...(high === undefined ? {} : { smallestFailing: high }),
    probes,
  });

  let low: number | undefined;
  let high: number | undefined;
  if (options.min !== undefined) {
    if (!(await probe(options.min))) return result('none-pass', undefined, options.min);
    low = options.min;
  }
  if (options.max !== undefined) {
    if (await probe(options.max)) return result('all-pass', options.max, undefined);
    high = options.max;
  }
  if (low === undefined && high === undefined) {
    if (await probe(tidy(options.start))) low = tidy(options.start);
    else high = tidy(options.start);
  }
  const ceiling = options.ceiling ?? Number.POSITIVE_INFINITY;
  while (high === undefined) {
    if (probes.length >= maxRuns) return result('run-limit', low, undefined);
    // The largest load the scenario accepts passed: nothing larger can be tried.
    if (low! >= ceiling) return result('all-pass', low, undefined);
    const next = Math.min(ceiling, tidy(options.integer ? Math.max(low! + 1, low! * 2) : low! * 2));
    if (await probe(next)) low = next;
    else high = next;
  }
  const smallest = options.integer ? 1 : high * 1e-6;
  while (low === undefined) {
    if (probes.length >= maxRuns) return result('run-limit', undefined, high);
    const next = tidy(options.integer ? Math.floor(high / 2) : high / 2);
    if (next < smallest || next >= high) return result('none-pass', undefined, high);
    if (await probe(next)) low = next;
    else high = next;
  }
  const narrowEnough = (): boolean => (options.integer ? high! - low! <= 1 : high! - low! <= options.tolerance * high!);
  while (!narrowEnough()) {
    if (probes.length >= maxRuns) return result('run-limit', low, high);
    const middle = tidy(options.integer ? Math.floor((low + high) / 2) : (low + high) / 2);
    if (middle <= low || middle >= high) break;
    if (await probe(middle)) low = middle;
    else high = middle;
  }
  return result('found', low, high);
}

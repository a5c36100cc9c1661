/**
 * `cowsim plan`: the largest offered load of one workload (its open-loop rate, or its jobs) that
 * keeps every SLO while a snapshot is active, by bracketing and bisection (load-search.ts); and
 * the snapshot store a retention window needs at the scenario's own load (store-growth.ts).
 *
 * Every run uses the same seed, so runs differ only in the load. The SLO figures are the run's
 * summary.json figures, over the whole run: a scenario that takes no snapshot gets a preserve
 * command at 0 s, so one is active throughout.
 */
import { InputError } from '../../engine/errors.js';
import { ScenarioError } from '../../workloads/scenario/scenario-error.js';
import { scenarioFromObject } from '../../workloads/scenario/scenario-object.js';
import type { ResolvedWorkload, Scenario } from '../../workloads/scenario/resolve.js';
import type { RunResult } from '../../workloads/run-result.js';
import { timedRun } from '../run/timed-run.js';
import { buildSummary } from '../run/summary.js';
import { flattenNullableFigures, type NullableFigures } from '../statistics/flatten-figures.js';
import { missingPercentileHint, nullFigureReason, resolveFigureName } from '../statistics/figure-name.js';
import { formatCount, MAX_IN_FLIGHT, MAX_JOBS, MAX_RATE_IOPS } from '../../workloads/scenario/limits.js';
import { acceptsLoad, loadCeiling } from './load-ceiling.js';
import { searchLargestLoad, type LoadSearchResult } from './load-search.js';
import { sloHolds, type Slo } from './slo.js';
import { estimateStore, type Retention, type StoreEstimate } from './store-growth.js';

export type PlanKnob = 'rate' | 'jobs';

export interface PlanOptions {
  /** The scenario as read, before validation. */
  readonly raw: Readonly<Record<string, unknown>>;
  readonly source: string;
  readonly slos: readonly Slo[];
  /** The workload whose load varies (its name in the scenario); default: the only candidate. */
  readonly workload?: string;
  readonly knob?: PlanKnob;
  readonly min?: number;
  readonly max?: number;
  /** Relative width of the final bracket, e.g. 0.02. */
  readonly tolerance: number;
  /** Default: the scenario's snapshots.retain, else 24 h. */
  readonly retention?: Retention;
  readonly seed?: number;
  readonly maxRuns?: number;
  /** A progress bar per run. */
  readonly progress?: boolean;
  /** Called after each run, with what varies. */
  readonly onRun?: (run: PlanRun, varied: { workload: string; knob: PlanKnob; unit: string }) => void;
}

/** One run of the plan. */
export interface PlanRun {
  /** 1-based. */
  readonly run: number;
  readonly load: number;
  /** Value of each SLO's figure, by SLO text. */
  readonly figures: Readonly<Record<string, number>>;
  readonly pass: boolean;
  readonly verdict: string;
  /** The run served the store estimate (the scenario's own load). */
  readonly purpose: 'search' | 'store' | 'search and store';
}

export interface PlanResult {
  readonly scenario: string;
  readonly source: string;
  readonly seed: number;
  readonly workload: string;
  readonly knob: PlanKnob;
  /** Unit of the load: `IOPS` or `jobs`. */
  readonly unit: string;
  /** The scenario's own load. */
  readonly scenarioLoad: number;
  readonly slos: readonly Slo[];
  readonly tolerance: number;
  readonly search: LoadSearchResult;
  /** The largest load that met every SLO, if any. */
  readonly answer?: number;
  readonly runs: readonly PlanRun[];
  /** Runs the search made (the store estimate may add one). */
  readonly searchRuns: number;
  readonly store: StoreEstimate;
  /** The store's timeline at the scenario's own load, and its preserve commands. */
  readonly storeTimeline: readonly { atSeconds: number; storeChunksUsed: number }[];
  readonly preserveSeconds: readonly number[];
  readonly chunkSizeBytes: number;
  /** Snapshot store capacity of the scenario, bytes. */
  readonly storeCapacityBytes: number;
  readonly notes: readonly string[];
  readonly correctnessFailures: number;
}

interface Target {
  readonly index: number;
  readonly name: string;
  readonly knob: PlanKnob;
  readonly resolved: ResolvedWorkload;
}

/** Runs the plan. */
export async function runPlan(options: PlanOptions): Promise<PlanResult> {
  if (options.slos.length === 0) throw new InputError('--slo', 'slo', 'at least one --slo such as latency.write.p99<=5ms');
  const notes: string[] = [];
  let raw = structuredClone(options.raw) as Record<string, unknown>;
  const base = scenarioFromObject(raw, options.source);
  if (base.snapshots.atNs.length === 0 && base.snapshots.everyNs === undefined && base.snapshots.after.length === 0) {
    raw = { ...raw, snapshots: { ...((raw.snapshots as Record<string, unknown> | undefined) ?? {}), at: [0] } };
    notes.push('the scenario takes no snapshot: plan adds a preserve command at 0 s so that one is active throughout every run');
  }
  let target = pickTarget(raw, base, options);
  // A profile with several parts (oltp: data and log): jobs set on its entry would set every
  // part's, so the first run would not be the scenario as written. The plan varies one part's.
  const parts = target.knob === 'jobs' ? base.workloads.filter((workload) => workload.name.startsWith(`${target.name}.`)) : [];
  let scenarioAt = (load: number): Scenario => scenarioFromObject(withLoad(raw, target, load), options.source);
  if (parts.length > 1) {
    const others = parts.filter((part) => part !== target.resolved);
    notes.push(
      `${target.name} has ${parts.length} parts (profile ${target.resolved.profile ?? '?'}): --knob jobs varies the jobs of ${target.resolved.name} only; ` +
        `${others.map((part) => `${part.name} keeps its ${part.jobs} job${part.jobs === 1 ? '' : 's'}`).join(', ')}`,
    );
    scenarioAt = partScaler(scenarioFromObject(raw, options.source), target.resolved.name, options.source);
    target = { ...target, name: target.resolved.name };
  }
  const scenarioLoad = target.knob === 'rate' ? target.resolved.rate!.iops : target.resolved.jobs;
  const firstPreserveNs = Math.min(...base.snapshots.atNs, base.snapshots.firstAtNs ?? base.snapshots.everyNs ?? Number.POSITIVE_INFINITY);
  const measuredFromNs = target.resolved.startAtNs + target.resolved.rampUpNs;
  if (notes.length === 0 && firstPreserveNs > measuredFromNs) {
    notes.push(
      `the figures cover the whole run, and the first preserve command comes ${Number.isFinite(firstPreserveNs) ? `at ${firstPreserveNs / 1e9} s` : 'only after a number of I/Os'}, after the measurement starts; take it earlier (or ramp up until then) to measure only with a snapshot active`,
    );
  }
  if (options.min !== undefined && options.max !== undefined && options.min >= options.max) {
    throw new InputError('--min', String(options.min), `a load below --max (${options.max})`);
  }

  // Loads past the scenario's limits are refused before any run, and the search never goes past them.
  const ceiling = loadCeiling((load) => acceptsLoad(() => scenarioAt(load)), target.knob, scenarioLoad);
  for (const [flag, value] of [['--max', options.max], ['--min', options.min]] as const) {
    if (value !== undefined && value > ceiling) {
      throw new InputError(flag, String(value), `at most ${formatLoad(ceiling)} ${target.knob === 'rate' ? 'IOPS' : 'jobs'}, the largest ${target.knob} of ${target.name} the scenario accepts (limits: ${formatCount(MAX_JOBS)} jobs per workload, ${formatCount(MAX_IN_FLIGHT)} I/Os in flight, ${formatCount(MAX_RATE_IOPS)} IOPS)`);
    }
  }
  const runs: PlanRun[] = [];
  let storeResult: RunResult | undefined;
  let correctnessFailures = 0;
  const seed = options.seed ?? base.seed;
  const runAt = async (load: number): Promise<{ result: RunResult; figures: NullableFigures }> => {
    const result = await timedRun(scenarioAt(load), { seed, progress: options.progress === true, label: `${target.name} ${target.knob} ${formatLoad(load)}` });
    if (result.correctness.verdict === 'fail') correctnessFailures++;
    return { result, figures: flattenNullableFigures(buildSummary(result)) };
  };
  const record = (load: number, figures: NullableFigures, verdict: string, purpose: PlanRun['purpose']): PlanRun => {
    const values: Record<string, number> = {};
    let pass = true;
    for (const slo of options.slos) {
      // Own keys only (resolveFigureName): a figure such as __proto__ must not find Object.prototype.
      const key = resolveFigureName(figures, slo.figure);
      if (key === undefined) throw missingFigure(slo, figures);
      const value = figures[key]!;
      // A null figure measured nothing (no I/Os of the kind): it neither holds nor breaks an SLO.
      if (value === null) throw unmeasuredFigure(slo, figures, key, `${formatLoad(load)} ${target.knob === 'rate' ? 'IOPS' : 'jobs'}`);
      values[slo.text] = value;
      pass &&= sloHolds(slo, value);
    }
    const run: PlanRun = { run: runs.length + 1, load, figures: values, pass, verdict, purpose };
    runs.push(run);
    options.onRun?.(run, { workload: target.name, knob: target.knob, unit: target.knob === 'rate' ? 'IOPS' : 'jobs' });
    return run;
  };

  const search = await searchLargestLoad(
    async (load) => {
      const { result, figures } = await runAt(load);
      const isStoreRun = load === scenarioLoad;
      if (isStoreRun) storeResult = result;
      return record(load, figures, result.correctness.verdict, isStoreRun ? 'search and store' : 'search').pass;
    },
    {
      start: scenarioLoad,
      integer: target.knob === 'jobs',
      tolerance: options.tolerance,
      ...(options.min === undefined ? {} : { min: options.min }),
      ...(options.max === undefined ? {} : { max: options.max }),
      ...(options.maxRuns === undefined ? {} : { maxRuns: options.maxRuns }),
      ceiling,
    },
  );
  const searchRuns = runs.length;
  if (storeResult === undefined) {
    const { result, figures } = await runAt(scenarioLoad);
    storeResult = result;
    record(scenarioLoad, figures, result.correctness.verdict, 'store');
  }

  const scenario = storeResult.scenario;
  const retention: Retention = options.retention ?? (scenario.snapshots.retain === undefined ? { kind: 'window', seconds: 86_400 } : { kind: 'snapshots', count: scenario.snapshots.retain });
  const store = estimateStore(
    {
      timeline: storeResult.timeline.rows,
      intervalSeconds: storeResult.timeline.intervalSeconds,
      snapshots: storeResult.snapshots,
      endSeconds: storeResult.simulatedNs / 1e9,
      ...(scenario.snapshots.everyNs === undefined ? {} : { preserveIntervalSeconds: scenario.snapshots.everyNs / 1e9 }),
      volumeChunks: Math.ceil(scenario.volume.blockCount / scenario.volume.chunkBlocks),
      chunkSizeBytes: scenario.volume.chunkSizeBytes,
      ...(scenario.snapshots.retain === undefined ? {} : { runRetained: scenario.snapshots.retain }),
    },
    retention,
  );
  return {
    scenario: base.name,
    source: options.source,
    seed,
    workload: target.name,
    knob: target.knob,
    unit: target.knob === 'rate' ? 'IOPS' : 'jobs',
    scenarioLoad,
    slos: options.slos,
    tolerance: options.tolerance,
    search,
    ...(search.largestPassing === undefined ? {} : { answer: search.largestPassing }),
    runs,
    searchRuns,
    store,
    storeTimeline: storeResult.timeline.rows.map((row) => ({ atSeconds: row.atSeconds + storeResult!.timeline.intervalSeconds, storeChunksUsed: row.storeChunksUsed })),
    preserveSeconds: storeResult.preserves.map((event) => event.atSeconds),
    chunkSizeBytes: scenario.volume.chunkSizeBytes,
    storeCapacityBytes: scenario.devices.snapshotStore.sizeBytes,
    notes,
    correctnessFailures,
  };
}

/** A load for people: whole numbers as is, others to 4 significant digits. */
export function formatLoad(load: number): string {
  return Number.isInteger(load) ? String(load) : String(Number(load.toPrecision(4)));
}

/** The workload the plan varies, and how. */
function pickTarget(raw: Readonly<Record<string, unknown>>, scenario: Scenario, options: Pick<PlanOptions, 'workload' | 'knob'>): Target {
  const entries = Array.isArray(raw.workloads) ? (raw.workloads as { name?: unknown }[]) : [];
  const names = entries.map((entry) => String(entry.name));
  const resolvedOf = (name: string): ResolvedWorkload | undefined => scenario.workloads.find((workload) => workload.name === name || workload.name.startsWith(`${name}.`));
  let index: number;
  if (options.workload !== undefined) {
    index = names.indexOf(options.workload);
    if (index < 0) throw new InputError('--workload', options.workload, `the name of a workload in ${scenario.source}: ${names.join(', ')}`);
  } else {
    const openLoop = names.filter((name) => resolvedOf(name)?.rate !== undefined);
    let pick: string | undefined;
    if (options.knob !== 'jobs' && openLoop.length === 1) pick = openLoop[0];
    else if (names.length === 1) pick = names[0];
    if (pick === undefined) {
      const listed = options.knob !== 'jobs' && openLoop.length > 1 ? openLoop : names;
      throw new InputError('--workload', 'workload', `the workload whose load to vary, one of: ${listed.join(', ')}`, options.knob === 'rate' && openLoop.length === 0 ? 'no open-loop workload (one with rate.iops)' : `${listed.length} candidates`);
    }
    index = names.indexOf(pick);
  }
  const name = names[index]!;
  const resolved = resolvedOf(name)!;
  const knob = options.knob ?? (resolved.rate === undefined ? 'jobs' : 'rate');
  if (knob === 'rate' && resolved.rate === undefined) {
    throw new InputError('--knob', 'rate', `an open-loop workload (with rate.iops); ${name} runs closed loop: use --knob jobs or give it a rate`);
  }
  if (resolved.trace !== undefined) throw new InputError('--workload', name, 'a synthetic workload (a trace replay has no rate or jobs to vary)');
  return { index, name, knob, resolved };
}

/**
 * Loads for one part of a profile: the resolved scenario with that part's jobs set, checked against
 * the limits resolution applies to jobs (per workload, and I/Os in flight over all workloads).
 */
function partScaler(resolved: Scenario, partName: string, source: string): (load: number) => Scenario {
  return (load) => {
    const scenario = structuredClone(resolved);
    const index = scenario.workloads.findIndex((workload) => workload.name === partName);
    const part = scenario.workloads[index]!;
    part.jobs = load;
    const field = `workloads (${partName}).jobs`;
    if (!Number.isInteger(load) || load < 1 || load > MAX_JOBS) throw new ScenarioError(source, [{ field, expected: `an integer from 1 to ${formatCount(MAX_JOBS)}, found ${load}` }]);
    const inFlight = scenario.workloads.reduce((sum, workload) => sum + workload.jobs * workload.iodepth, 0);
    if (inFlight > MAX_IN_FLIGHT) throw new ScenarioError(source, [{ field, expected: `at most ${formatCount(MAX_IN_FLIGHT)} I/Os in flight over all workloads, reached ${formatCount(inFlight)}` }]);
    return scenario;
  };
}

/** The raw scenario with the target workload's load set. */
function withLoad(raw: Readonly<Record<string, unknown>>, target: Target, load: number): Record<string, unknown> {
  const copy = structuredClone(raw) as Record<string, unknown>;
  const workload = (copy.workloads as Record<string, unknown>[])[target.index]!;
  if (target.knob === 'rate') workload.rate = { iops: load, arrival: target.resolved.rate!.arrival };
  else workload.jobs = load;
  return copy;
}

function missingFigure(slo: Slo, figures: NullableFigures): InputError {
  const leaf = slo.figure.slice(slo.figure.lastIndexOf('.') + 1);
  const similar = Object.keys(figures)
    .filter((name) => name.endsWith(`.${leaf}`) || name === leaf)
    .slice(0, 6);
  const percentile = missingPercentileHint(figures, slo.figure);
  const why = percentile !== undefined ? `: ${percentile}` : similar.length > 0 ? `; similar: ${similar.join(', ')}` : '';
  return new InputError('--slo', `'${slo.text}'`, `a figure of summary.json (flattened, e.g. latency.write.p99)`, `no figure ${slo.figure}${why}`);
}

/** An SLO on a figure that is null at a load: the run measured nothing it could hold to the SLO. */
function unmeasuredFigure(slo: Slo, figures: NullableFigures, key: string, load: string): InputError {
  const latency = /^((?:workloads\.\d+\.)?latency\.[A-Za-z]+)\./.exec(key);
  if (latency !== null) {
    return new InputError('--slo', `'${slo.text}'`, `a figure the run measures: ${latency[1]} counts no I/O at ${load}, so ${slo.figure} is null and the SLO can neither hold nor fail`);
  }
  return new InputError('--slo', `'${slo.text}'`, `a figure the run measures: ${slo.figure} is null at ${load}: ${nullFigureReason(figures, key)}`);
}

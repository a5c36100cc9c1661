/**
 * What `cowsim plan` prints and writes: the text summary, plan.csv (the runs tried), store.csv (the
 * store's growth over the run at the scenario's own load), plan.json and plan.html.
 */
import { timeSeriesChart } from '../charts/index.js';
import { unitOf } from '../run/summary-units.js';
import { csvRowsText } from '../csv-cells.js';
import { chartFigure, chartGrid, htmlPage, htmlTable, paragraph, verdictBanner, type PageSection } from '../html/index.js';
import { formatLoad, type PlanResult } from './plan.js';
import { formatSloValue } from './slo.js';
import { describeRetention } from './store-growth.js';

export const PLAN_JSON = 'plan.json';
export const PLAN_CSV = 'plan.csv';
export const STORE_CSV = 'store.csv';
export const PLAN_HTML = 'plan.html';

const GROUPED = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 6 });
const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** The answer in one sentence. */
export function planAnswerLine(plan: PlanResult): string {
  const slos = plan.slos.map((slo) => slo.text).join(' and ');
  const what = `${plan.workload} ${plan.knob === 'rate' ? 'rate' : 'jobs'}`;
  const { search } = plan;
  switch (search.outcome) {
    case 'found':
      return `largest ${what} meeting ${slos} with a snapshot active: ${formatLoad(search.largestPassing!)} ${plan.unit} (${formatLoad(search.smallestFailing!)} ${plan.unit} fails)`;
    case 'all-pass':
      return `${slos} holds up to the largest ${what} tried, ${formatLoad(search.largestPassing!)} ${plan.unit}: the answer is at least that (raise --max)`;
    case 'none-pass':
      return `no ${what} tried meets ${slos}: even ${formatLoad(search.smallestFailing!)} ${plan.unit} fails`;
    case 'run-limit':
      return `stopped after ${plan.searchRuns} runs: ${search.largestPassing === undefined ? 'no load passed yet' : `${formatLoad(search.largestPassing)} ${plan.unit} passes`}${search.smallestFailing === undefined ? '' : `, ${formatLoad(search.smallestFailing)} ${plan.unit} fails`}`;
  }
}

/** The store answer in one sentence. */
export function storeAnswerLine(plan: PlanResult): string {
  const { store } = plan;
  return `snapshot store for ${describeRetention(store.retention)} retained at the scenario's load: ${INTEGER.format(store.chunks)} chunks = ${formatBytes(store.bytes)} (${INTEGER.format(store.bytes)} bytes)`;
}

/** The text summary printed on the terminal. */
export function planText(plan: PlanResult): string {
  const lines: string[] = [];
  lines.push(`plan ${plan.scenario}: ${planAnswerLine(plan)}`);
  lines.push(
    `  ${plan.runs.length} runs (${plan.searchRuns} for the search${plan.runs.length > plan.searchRuns ? ', 1 at the scenario\'s own load for the store' : ''}), seed ${plan.seed} in every run; bisection to ${plan.knob === 'jobs' ? 'adjacent job counts' : `${plan.tolerance * 100} %`}, assuming the figure grows with the load (monotone)`,
  );
  lines.push('');
  const header = ['run', loadHeading(plan), ...plan.slos.map((slo) => slo.text), 'result'];
  const body = plan.runs.map((run) => [
    String(run.run),
    formatLoad(run.load),
    ...plan.slos.map((slo) => formatSloValue(slo, run.figures[slo.text]!)),
    `${run.pass ? 'pass' : 'FAIL'}${run.purpose === 'store' ? ' (store run)' : ''}${run.verdict === 'fail' ? ' CORRECTNESS FAILED' : ''}`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]!.length)));
  const line = (cells: string[]) => `  ${cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padStart(widths[column]!))).join('  ')}`.trimEnd();
  lines.push(line(header), line(widths.map((width) => '-'.repeat(width))), ...body.map(line), '');
  const { store } = plan;
  lines.push(storeAnswerLine(plan));
  lines.push(
    `  growth ${GROUPED.format(round(store.growthChunksPerSecond))} chunks/s per snapshot (CoW copies of ${store.snapshots.length} snapshot(s) over their lives); ${store.snapshotsRetained} snapshot(s) retained${store.preserveIntervalSeconds === undefined ? '' : `, one every ${round(store.preserveIntervalSeconds)} s`}, the oldest ${round(store.oldestAgeSeconds)} s old holding ${INTEGER.format(store.largestImageChunks)} chunks`,
  );
  lines.push(`  observed in the run: at most ${INTEGER.format(store.observedPeakChunks)} chunks (${formatBytes(store.observedPeakChunks * plan.chunkSizeBytes)}) at ${round(store.observedPeakAtSeconds)} s; the scenario's store holds ${formatBytes(plan.storeCapacityBytes)}${store.bytes > plan.storeCapacityBytes ? ' (too small for this retention)' : ''}`);
  for (const note of [...plan.notes, ...store.notes]) lines.push(`  note: ${note}`);
  return lines.join('\n');
}

/** plan.csv: one row per run. */
export function planCsv(plan: PlanResult): string {
  const header = ['run', 'purpose', 'workload', 'knob', 'load', ...plan.slos.flatMap((slo) => [slo.figure, `${slo.figure}.limit`]), 'pass', 'verdict'];
  const rows = plan.runs.map((run) => [
    run.run,
    run.purpose,
    plan.workload,
    plan.knob,
    run.load,
    ...plan.slos.flatMap((slo) => [run.figures[slo.text]!, slo.limit]),
    run.pass ? 'pass' : 'fail',
    run.verdict,
  ]);
  return csvRowsText([header, ...rows]);
}

/** store.csv: chunks in use over the run at the scenario's load. */
export function storeCsv(plan: PlanResult): string {
  const rows = plan.storeTimeline.map((row) => [row.atSeconds, row.storeChunksUsed, row.storeChunksUsed * plan.chunkSizeBytes]);
  return csvRowsText([['atSeconds', 'storeChunksUsed', 'storeBytes'], ...rows]);
}

/** plan.json: the answer, the runs and the store estimate. */
export function planJson(plan: PlanResult): string {
  return `${JSON.stringify(
    {
      scenario: plan.scenario,
      source: plan.source,
      seed: plan.seed,
      workload: plan.workload,
      knob: plan.knob,
      unit: plan.unit,
      scenarioLoad: plan.scenarioLoad,
      slos: plan.slos,
      tolerance: plan.tolerance,
      outcome: plan.search.outcome,
      largestPassing: plan.search.largestPassing ?? null,
      smallestFailing: plan.search.smallestFailing ?? null,
      searchRuns: plan.searchRuns,
      runs: plan.runs,
      store: plan.store,
      notes: plan.notes,
    },
    null,
    2,
  )}\n`;
}

/** plan.html. */
export function planHtml(plan: PlanResult): string {
  const sections: PageSection[] = [];
  const sorted = [...plan.runs.filter((run) => run.purpose !== 'store')].sort((a, b) => a.load - b.load);
  const answer = plan.search.largestPassing;
  const loadCharts = plan.slos.map((slo, index) =>
    chartFigure(
      timeSeriesChart({
        title: `${slo.figure} against ${plan.knob}`,
        subtitle: slo.text,
        xName: `${plan.workload} ${loadHeading(plan)}`,
        // The unit without its gloss: 'MB/s', not 'MB/s (10^6 bytes per second)'.
        yName: `${slo.figure} (${slo.time ? 'µs' : unitOf(slo.figure).replace(/ \(.*\)$/, '')})`,
        series: [
          { name: slo.figure, points: sorted.map((run) => [run.load, run.figures[slo.text]!] as const) },
          { name: 'SLO limit', points: sorted.length === 0 ? [] : [[sorted[0]!.load, slo.limit] as const, [sorted.at(-1)!.load, slo.limit] as const] },
        ],
        ...(answer === undefined ? {} : { markers: [{ atSeconds: answer, label: `${formatLoad(answer)} ${plan.unit}` }] }),
        xMin: 0,
        // Summary figures are latencies, rates, counts and fractions: an axis below 0 would show nothing real.
        nonNegative: slo.limit >= 0 && sorted.every((run) => run.figures[slo.text]! >= 0),
        yLog: logScale(sorted.map((run) => run.figures[slo.text]!)),
        idPrefix: `plan-load-${index}`,
      }),
      `Each run tried, in order of load; the dashed line marks the largest load that met every SLO.`,
    ),
  );
  sections.push({
    heading: 'Largest load',
    html: [
      paragraph(planAnswerLine(plan)),
      paragraph(
        `${plan.searchRuns} runs for the search: bracketing from the scenario's own ${formatLoad(plan.scenarioLoad)} ${plan.unit}, then bisection to ${plan.knob === 'jobs' ? 'adjacent job counts' : `${plan.tolerance * 100} %`}. The search assumes the figure grows with the load (monotone); every run uses seed ${plan.seed}, so runs differ only in the load.`,
      ),
      chartGrid(loadCharts),
    ].join('\n'),
  });
  sections.push({
    heading: 'Runs',
    html: htmlTable(
      plan.runs.map((run) => ({
        run: run.run,
        load: run.load,
        ...Object.fromEntries(plan.slos.map((slo) => [slo.text, formatSloValue(slo, run.figures[slo.text]!)])),
        result: run.pass ? 'pass' : 'fail',
        purpose: run.purpose,
        verdict: run.verdict,
      })),
      [
        { key: 'run', label: 'run' },
        { key: 'load', label: loadHeading(plan) },
        ...plan.slos.map((slo) => ({ key: slo.text, label: slo.text, align: 'right' as const })),
        { key: 'result', label: 'SLO', cellClass: (value) => (value === 'pass' ? 'pass' : 'fail') },
        { key: 'purpose', label: 'purpose' },
        { key: 'verdict', label: 'correctness', cellClass: (value) => (value === 'fail' ? 'fail' : 'pass') },
      ],
    ),
  });
  const { store } = plan;
  const markers = plan.preserveSeconds.length <= 40 ? plan.preserveSeconds.map((atSeconds, index) => ({ atSeconds, label: `S${index + 1}` })) : [];
  sections.push({
    heading: 'Snapshot store',
    html: [
      paragraph(storeAnswerLine(plan)),
      chartGrid([
        chartFigure(
        timeSeriesChart({
          title: 'Snapshot store chunks in use',
          subtitle: `at the scenario's own load, ${formatLoad(plan.scenarioLoad)} ${plan.unit}`,
          yName: 'chunks',
          series: [{ name: 'chunks in use, all snapshots', points: plan.storeTimeline.map((row) => [row.atSeconds, row.storeChunksUsed] as const) }],
          markers,
          step: true,
          nonNegative: true,
          idPrefix: 'plan-store',
        }),
        'Chunks held by every snapshot image at the end of each interval; dashed lines are preserve commands.',
        ),
      ]),
      htmlTable(
        [
          { figure: 'retention', value: describeRetention(store.retention) },
          { figure: 'growth per snapshot (chunks/s)', value: round(store.growthChunksPerSecond) },
          { figure: 'preserve interval (s)', value: store.preserveIntervalSeconds ?? '—' },
          { figure: 'snapshots retained at the fullest', value: store.snapshotsRetained },
          { figure: 'oldest snapshot age (s)', value: round(store.oldestAgeSeconds) },
          { figure: 'largest image (chunks)', value: store.largestImageChunks },
          { figure: 'store needed (chunks)', value: store.chunks },
          { figure: 'store needed (bytes)', value: store.bytes },
          { figure: 'observed peak in the run (chunks)', value: store.observedPeakChunks },
          { figure: "scenario's store (bytes)", value: plan.storeCapacityBytes },
        ],
        [
          { key: 'figure', label: 'figure' },
          { key: 'value', label: 'value', align: 'right' },
        ],
      ),
      htmlTable(
        store.snapshots.map((snapshot) => ({ ...snapshot, chunksPerSecond: round(snapshot.chunksPerSecond) })),
        [
          { key: 'id', label: 'snapshot' },
          { key: 'takenAtSeconds', label: 'taken at (s)' },
          { key: 'lifeSeconds', label: 'alive for (s)' },
          { key: 'chunks', label: 'chunks' },
          { key: 'chunksPerSecond', label: 'chunks/s' },
        ],
        { caption: 'Growth of each snapshot of the run' },
      ),
      paragraph(
        'Model: each image grows at the measured rate, up to the volume\'s chunk count; with N snapshots kept and one every T seconds the store is fullest just before a preserve command, holding snapshots aged T, 2T, ..., NT. Linear growth is an upper bound for workloads that rewrite the same chunks. Sizes count chunk data only, not the lookup table.',
      ),
    ].join('\n'),
  });
  const allNotes = [...plan.notes, ...store.notes];
  if (allNotes.length > 0) sections.push({ heading: 'Notes', html: allNotes.map(paragraph).join('\n') });
  return htmlPage({
    title: `Plan: ${plan.scenario}`,
    subtitle: `${plan.source} · workload ${plan.workload} · ${plan.slos.map((slo) => slo.text).join(', ')}`,
    lead: verdictBanner(plan.search.largestPassing !== undefined && plan.correctnessFailures === 0 ? 'pass' : 'fail', planAnswerLine(plan)),
    sections,
    footer: `${PLAN_CSV}: the runs; ${STORE_CSV}: the store over time; ${PLAN_JSON}: everything above as data.`,
  });
}

function round(value: number): number {
  return Number(value.toPrecision(4));
}

/** A log axis when positive values span more than two decades (latency near saturation). */
function logScale(values: readonly number[]): boolean {
  return values.length > 0 && values.every((value) => value > 0) && Math.max(...values) / Math.min(...values) > 100;
}

function loadHeading(plan: Pick<PlanResult, 'knob'>): string {
  return plan.knob === 'rate' ? 'rate (IOPS)' : 'jobs';
}

/** Bytes in binary units to 3 significant digits: 35.1 MiB, 2.54 TiB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : Number(value.toPrecision(3))} ${units[unit]}`;
}

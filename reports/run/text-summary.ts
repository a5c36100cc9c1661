/**
 * The one-screen text summary `cowsim run` prints at the end, plain text (no colours: the CLI
 * decides about those). On a terminal (`columns` given) a line wider than the terminal, or than
 * SCREEN_COLUMNS, continues on the next line under its label, broken between words: nothing is
 * cut, since the end of a line is often the reason (why a snapshot died). Written to a file or a
 * pipe (no `columns`) each line is whole, for grep and for whatever displays it. The reproduce
 * command and the output directory are never broken, so that they can be copied whole.
 */
import { formatLatencyUs } from '../charts/index.js';
import type { RunResult } from '../../workloads/run-result.js';
import { baselineFailure, baselineSentence } from './baseline.js';
import { formatBytes, formatCount, formatFigureUs, formatRate, formatSeconds, percent } from './format.js';
import { describeIntake } from './intake-description.js';
import { runOutputFileNames } from './output-files.js';
import { snapshotsOff } from '../../workloads/scenario/snapshots-off.js';
import { longestInFlightPreserve, type FaultSummary, type LatencyFiguresUs, type RunSummary, type SnapshotSummary } from './summary.js';

/** Lines of the summary on a terminal of SCREEN_COLUMNS or more, in the usual run. */
export const SCREEN_LINES = 30;
/** The widest a terminal line gets, on however wide a terminal: wider lines are hard to read. */
export const SCREEN_COLUMNS = 100;

/** Snapshots listed one a line; more are counted in one line. */
const SNAPSHOT_LINES = 4;
/** Times of skipped preserve commands listed; more are counted. */
const SKIPPED_TIMES = 3;
/** Mismatches listed on failure. */
const MISMATCH_LINES = 3;
/** Width of the label column. */
const LABEL = 12;
/** Text narrower than this under the label would be more breaks than words. */
const MINIMUM_TEXT_COLUMNS = 20;

/** Where the summary goes: `columns` is the terminal's width; absent, lines are never broken. */
export interface TextSummaryOptions {
  readonly columns?: number;
}

/** One line before breaking: its label (null: no label column), its text, and whether it must stay whole. */
interface SummaryLine {
  readonly label: string | null;
  readonly text: string;
  readonly whole: boolean;
}

/** Renders the terminal summary of a run whose outputs went to `outDir`. */
export function renderTextSummary(result: RunResult, summary: RunSummary, outDir: string, options: TextSummaryOptions = {}): string {
  const entries: SummaryLine[] = [];
  const add = (label: string, text: string): void => void entries.push({ label, text, whole: false });
  // A command or a path must stay whole to be copied: it gets a line of its own, however long.
  const addWhole = (label: string, text: string): void => void entries.push({ label, text, whole: true });

  entries.push({ label: null, text: `cowsim run: ${summary.scenario}  (seed ${summary.seed})`, whole: false });
  const { origin, snapshotStore } = result.scenario.devices;
  const device = (entry: typeof origin): string => (entry.preset === undefined ? entry.model : entry.preset);
  add(
    'setup',
    `origin ${device(origin)}, snapshot store ${device(snapshotStore)}, ${summary.locks.policy} locks${summary.locks.mode === 'shared' ? ' (shared mode)' : ''}, ` +
      `${formatBytes(result.scenario.volume.chunkSizeBytes)} chunks`,
  );
  // The intake moves every write's latency, and a scenario that names none still has one.
  add('', describeIntake(result.scenario.engine.intake));
  add(
    'time',
    `${formatSeconds(summary.simulatedSeconds)} simulated in ${formatSeconds(summary.wallSeconds)} wall ` +
      `(${formatCount(summary.events)} events)`,
  );
  add(
    'I/O',
    `${formatCount(summary.ios.total)} I/Os: ${formatCount(summary.ios.reads)} reads ` +
      `(${formatCount(summary.ios.snapshotReads)} of the snapshot), ${formatCount(summary.ios.writes)} writes; ` +
      `${formatRate(summary.iops)} IOPS, ${formatRate(summary.throughputMBps)} MB/s`,
  );

  add('latency', `${'I/Os'.padStart(9)}${'p50'.padStart(11)}${'p99'.padStart(11)}${'max'.padStart(11)}`);
  const latencyLine = (name: string, latency: LatencyFiguresUs): void => {
    const cell = (value: number | null): string => formatFigureUs(value).padStart(11);
    add(`  ${name}`, `${formatCount(latency.count).padStart(9)}${cell(latency.p50)}${cell(latency.p99)}${cell(latency.max)}`);
  };
  latencyLine('read', summary.latency.read);
  latencyLine('write', summary.latency.write);
  latencyLine('snap. read', summary.latency.snapshotRead);
  // What the snapshots cost (run --baseline): next to the figures it is about.
  if (summary.baseline !== undefined) add('baseline', baselineSentence(summary.baseline));

  if (snapshotsOff(result.scenario)) add('snapshots', 'off: the scenario gives no preserve command; the live view alone is checked');
  else if (summary.snapshots.length === 0) add('snapshots', 'none taken');
  else {
    add('snapshots', `${summary.snapshots.length}: ${formatCount(summary.cow.copies)} CoW copies, ${formatCount(summary.cow.dualWrites)} dual writes, ` +
      `${formatCount(summary.cow.storeChunksUsed)} of ${formatCount(summary.cow.storeChunksCapacity)} store chunks used`);
    const listed = snapshotsToList(summary.snapshots);
    for (const snapshot of listed) {
      const use = snapshot.storeChunksCapacity === 0 ? '' : ` (${percent(snapshot.storeChunksUsed / snapshot.storeChunksCapacity)})`;
      const figures = `${formatCount(snapshot.cowCopies)} copies, ${formatCount(snapshot.dualWrites)} dual writes, ${formatCount(snapshot.storeChunksUsed)} chunks${use}`;
      const state = snapshotState(snapshot);
      // What went wrong comes first: it is what the reader is looking for.
      const invalid = snapshot.deletedAtSeconds === null && !snapshot.valid;
      add('', `s${snapshot.id} at ${formatSeconds(snapshot.takenAtSeconds)}: ${invalid ? `${state}; ${figures}` : `${figures}, ${state}`}`);
    }
    if (summary.snapshots.length > listed.length) {
      const rest = summary.snapshots.filter((snapshot) => !listed.includes(snapshot));
      const deleted = rest.filter((snapshot) => snapshot.deletedAtSeconds !== null).length;
      const invalid = rest.filter((snapshot) => snapshot.deletedAtSeconds === null && !snapshot.valid).length;
      add('', `... ${rest.length} more (${deleted} deleted, ${invalid} invalid)`);
    }
    // Not a pause: the slowest I/O a command found in flight, from its arrival to its completion.
    const longest = longestInFlightPreserve(summary.preserves);
    if (longest !== undefined) {
      add('', `longest I/O in flight across a command: ${formatLatencyUs(longest.longestInFlightIoUs!)} (s${longest.snapshotId} at ${formatSeconds(longest.atSeconds)})`);
    } else if (summary.preserves.length > 0) {
      add('', 'no I/O was in flight across any preserve command');
    }
  }
  // A skipped command took no snapshot, so no line above names it.
  const { schedule } = summary;
  if (schedule.skipped > 0) {
    const listed = schedule.skippedAtSeconds.slice(0, SKIPPED_TIMES).map((atSeconds) => formatSeconds(atSeconds));
    const more = schedule.skipped > listed.length ? ` and ${formatCount(schedule.skipped - listed.length)} more` : '';
    add('', `${formatCount(schedule.skipped)} of ${formatCount(schedule.commands)} commands SKIPPED (every snapshot image in use): at ${listed.join(', ')}${more}`);
  }

  const { locks } = summary;
  add(
    'locks',
    `${locks.policy}${locks.mode === 'shared' ? ` (shared: ${formatCount(locks.sharedAcquisitions)} shared, ${formatCount(locks.exclusiveAcquisitions)} exclusive)` : ''}: ${formatCount(locks.acquisitions)} acquisitions, ` +
      `${percent(locks.acquisitions === 0 ? 0 : locks.contended / locks.acquisitions)} contended, ` +
      `wait p99 ${formatFigureUs(locks.waitP99)}, max ${formatFigureUs(locks.waitMax)}, max queue ${locks.maxQueue}`,
  );
  for (const entry of summary.devices) {
    add(
      entry === summary.devices[0] ? 'devices' : '',
      `${entry.name} (${entry.model}): ${percent(entry.utilization)} busy, mean queue ${formatRate(entry.meanQueueDepth)}, ` +
        `${formatRate(entry.iops)} IOPS, response p99 ${formatFigureUs(entry.responseTime.p99)}`,
    );
  }
  if (summary.intake !== null) {
    add('intake', `${formatCount(summary.intake.admitted)} writes, ${formatCount(summary.intake.reordered)} overtook an earlier one, ` +
      `receipt to lock p99 ${formatFigureUs(summary.intake.intakeTime.p99)}`);
  }

  if (summary.faults !== undefined) add('faults', faultsLine(summary.faults));
  // All of them: stderr and summary.json carry them too, but this is where a reader looks.
  if (summary.warnings !== undefined) add(summary.warnings.length === 1 ? 'warning' : 'warnings', summary.warnings.join('; '));

  const { correctness } = summary;
  const checked = `${formatCount(correctness.checkedBlocks)} blocks and ${formatCount(correctness.checkedReads)} reads checked`;
  // With faults, mismatches on blocks a fault damaged are explained (the faults line counts them).
  const unexplained = (summary.faults?.explainedMismatches ?? 0) > 0 ? 'no unexplained mismatches' : 'no mismatches';
  if (correctness.verdict === 'pass') add('verdict', `PASS: ${checked}, ${unexplained}`);
  else if (correctness.verdict === 'skipped') add('verdict', 'NOT VERIFIED: verification is off in this scenario');
  else {
    add('verdict', `FAIL: ${formatCount(correctness.mismatches)} mismatches (${checked})`);
    for (const mismatch of result.correctness.details.slice(0, MISMATCH_LINES)) {
      add('', `${mismatch.view} block ${mismatch.block} (${mismatch.when}): expected ${mismatch.expected}, found ${mismatch.found}`);
    }
    addWhole('reproduce', correctness.reproduce);
  }
  const baselineFailed = summary.baseline === undefined ? undefined : baselineFailure(summary.baseline);
  if (baselineFailed !== undefined) {
    add('baseline', baselineFailed);
    addWhole('reproduce', summary.baseline!.baseline.correctness.reproduce);
  }
  addWhole('written to', outDir);
  add('', runOutputFileNames({ html: result.scenario.report.html }).join(', '));
  return `${entries.flatMap((entry) => layOut(entry, options.columns)).join('\n')}\n`;
}

/** The faults line: injected per device (how many silent), what the oracle put down to them, what failed. */
function faultsLine(faults: FaultSummary): string {
  const injected = (device: FaultSummary['origin']): string => formatCount(device.survive + device.detect);
  const { ioErrors } = faults;
  const errors = ioErrors.read + ioErrors.write + ioErrors.snapshotRead;
  const silent = (device: FaultSummary['origin']): string => (device.detect === 0 ? '' : ` (${formatCount(device.detect)} silent)`);
  // Most telling first: if the line is cut, summary.json still has the rest.
  const parts = [
    `injected ${injected(faults.origin)} origin${silent(faults.origin)}, ${injected(faults.snapshotStore)} store${silent(faults.snapshotStore)}`,
    `${formatCount(faults.explainedMismatches)} mismatches explained`,
    `${formatCount(faults.snapshotsInvalidated)} snapshots invalidated by image faults`,
    `${formatCount(errors + ioErrors.finalCheck)} I/O errors`,
  ];
  const failedCommands = faults.failedPreserves + faults.failedDeletes;
  if (failedCommands > 0) parts.push(`${formatCount(failedCommands)} preserves/deletes failed`);
  return parts.join('; ');
}

/** The printed lines of one summary line: whole without `columns`, else broken to fit them. */
function layOut(entry: SummaryLine, columns: number | undefined): string[] {
  const labelled = (label: string, text: string): string => (label === '' ? `${' '.repeat(LABEL)}${text}` : `${label.padEnd(LABEL - 1)} ${text}`);
  if (columns === undefined || entry.whole) return [entry.label === null ? entry.text : labelled(entry.label, entry.text)];
  const width = Math.min(columns, SCREEN_COLUMNS);
  if (entry.label === null) return wrapWords(entry.text, Math.max(width, MINIMUM_TEXT_COLUMNS));
  return wrapWords(entry.text, Math.max(width - LABEL, MINIMUM_TEXT_COLUMNS)).map((part, index) => labelled(index === 0 ? entry.label! : '', part));
}

/** A figure's unit stays with its number (`13.2 %`, `48.9 ms`, `1,323 IOPS`): never a line of its own. */
const UNIT = /^(%|[nµm]?s|[KMGT]i?B|MB\/s|IOPS)(\W|$)/;

/** The words of `text` split at spaces, except the space between a number and its unit. */
function unbreakableWords(text: string): string[] {
  const words: string[] = [];
  for (const word of text.split(' ')) {
    const previous = words.at(-1);
    if (previous !== undefined && /\d$/.test(previous) && UNIT.test(word)) words[words.length - 1] = `${previous} ${word}`;
    else words.push(word);
  }
  return words;
}

/** Text broken into lines of at most `width` characters between words; a longer word is broken, not cut. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  // null before the first word: the leading spaces that align table columns are empty words to keep.
  let line: string | null = null;
  for (let word of unbreakableWords(text)) {
    const candidate: string = line === null ? word : `${line} ${word}`;
    if (candidate.length <= width) {
      line = candidate;
      continue;
    }
    if (line !== null && line.trim() !== '') lines.push(line);
    while (word.length > width) {
      lines.push(word.slice(0, width));
      word = word.slice(width);
    }
    line = word;
  }
  lines.push(line ?? '');
  return lines;
}

/**
 * The snapshots worth a line of their own, in id order: invalid ones first (something went
 * wrong), then those that still exist, then deleted ones, up to SNAPSHOT_LINES. When dual writes
 * happened but none of those shows one, the snapshot with the most takes the last line: the dual
 * write is what the method is for.
 */
function snapshotsToList(snapshots: readonly SnapshotSummary[]): SnapshotSummary[] {
  const rank = (snapshot: SnapshotSummary): number => (snapshot.deletedAtSeconds !== null ? 2 : snapshot.valid ? 1 : 0);
  const chosen = [...snapshots].sort((a, b) => rank(a) - rank(b) || a.id - b.id).slice(0, SNAPSHOT_LINES);
  const mostDualWrites = snapshots.reduce<SnapshotSummary | undefined>((most, snapshot) => (snapshot.dualWrites > (most?.dualWrites ?? 0) ? snapshot : most), undefined);
  if (mostDualWrites !== undefined && !chosen.some((snapshot) => snapshot.dualWrites > 0)) chosen.splice(chosen.length - 1, 1, mostDualWrites);
  return chosen.sort((a, b) => a.id - b.id);
}

function snapshotState(snapshot: SnapshotSummary): string {
  if (snapshot.deletedAtSeconds !== null) return `deleted at ${formatSeconds(snapshot.deletedAtSeconds)}`;
  if (snapshot.valid) return 'valid';
  return `INVALID${snapshot.reason === '' ? '' : `: ${snapshot.reason}`}`;
}

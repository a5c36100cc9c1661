/**
 * Warnings about a scenario's snapshot schedule that are not errors: a preserve command at a time
 * the run never reaches is never taken; a command that finds every snapshot image in use is
 * skipped; a workload that reads snapshot views finds none to read. Each is legal (a sweep may
 * shorten the duration under a fixed schedule, or turn snapshots off), but silence would let a
 * user believe a snapshot was measured.
 */
import type { Scenario } from './resolve.js';
import { snapshotsOff } from './snapshots-off.js';

/** Skipped command times listed in a warning; more are counted. */
const LISTED_TIMES = 10;

/** One warning per kind of preserve command scheduled after `endNs`, the end of the run; none when all fire. */
export function lateSnapshotWarnings(snapshots: Pick<Scenario['snapshots'], 'atNs' | 'everyNs' | 'firstAtNs'>, endNs: number): string[] {
  const warnings: string[] = [];
  const end = seconds(endNs);
  // The kernel runs events at the end instant itself: a command at exactly the end is taken.
  const late = snapshots.atNs.filter((atNs) => atNs > endNs);
  if (late.length > 0) {
    const times = late.map(seconds).join(', ');
    const one = late.length === 1;
    warnings.push(`snapshots.at: the preserve command${one ? '' : 's'} at ${times} ${one ? 'is' : 'are'} never taken: the run ended at ${end}`);
  }
  if (snapshots.everyNs !== undefined) {
    const firstNs = snapshots.firstAtNs ?? snapshots.everyNs;
    if (firstNs > endNs) {
      const from = snapshots.firstAtNs === undefined ? 'one interval in' : 'snapshots.firstAt';
      warnings.push(`snapshots.every: no periodic preserve command is taken: the first is due at ${seconds(firstNs)} (${from}), the run ended at ${end}`);
    }
  }
  return warnings;
}

/**
 * The warning for preserve commands that were skipped because every snapshot image was in use
 * (the store is divided into snapshots.maxAlive images); none when no command was skipped.
 */
export function skippedCommandWarnings(
  schedule: { commands: number; skippedAtSeconds: readonly number[] },
  snapshots: Pick<Scenario['snapshots'], 'maxAlive' | 'retain'>,
): string[] {
  const skipped = schedule.skippedAtSeconds.length;
  if (skipped === 0) return [];
  const listed = schedule.skippedAtSeconds.slice(0, LISTED_TIMES).map((atSeconds) => seconds(atSeconds * 1e9));
  const times = skipped > LISTED_TIMES ? `${listed.join(', ')} and ${skipped - LISTED_TIMES} more` : `${listed.slice(0, -1).join(', ')}${skipped > 1 ? ' and ' : ''}${listed.at(-1)!}`;
  const images =
    snapshots.retain === undefined
      ? 'one image per scheduled command; an image whose delete failed is not reused'
      : "snapshots.retain + 1: the oldest snapshot is deleted once the new one is taken, and its image is free again only when that delete has finished";
  const verb = skipped === 1 ? 'was' : 'were';
  // The times come first: a line cut on a screen keeps them.
  return [`${skipped} of ${schedule.commands} preserve commands ${verb} skipped, at ${times}: every snapshot image was in use (snapshots.maxAlive ${snapshots.maxAlive}, ${images})`];
}

/**
 * One warning per workload that reads snapshot views (target: snapshot) and read nothing: with
 * snapshots off there is no snapshot view at all; otherwise none was valid while it ran. A
 * workload that starts after the run's end is left alone (it never ran).
 */
export function nothingToReadWarnings(
  scenario: Pick<Scenario, 'workloads' | 'snapshots'>,
  workloads: readonly { name: string; target: 'live' | 'snapshot'; ios: number; errors: Readonly<Record<string, number>> }[],
  endNs: number,
): string[] {
  const off = snapshotsOff(scenario);
  return workloads.flatMap((workload) => {
    const resolved = scenario.workloads.find((entry) => entry.name === workload.name);
    if (workload.target !== 'snapshot' || workload.ios > 0 || (resolved !== undefined && resolved.startAtNs >= endNs)) return [];
    const failed = Object.values(workload.errors).reduce((sum, count) => sum + count, 0);
    if (off) return [`${workload.name} reads snapshot views, but snapshots are off (no preserve command): it had nothing to read`];
    if (failed > 0) return [`${workload.name} read nothing: each of its ${failed} snapshot reads failed (see its errors)`];
    return [`${workload.name} reads snapshot views, but no valid snapshot existed while it ran: it read nothing`];
  });
}

/** Nanoseconds as seconds for people: `12 s`, `0.25 s`. */
function seconds(ns: number): string {
  return `${Number((ns / 1e9).toPrecision(12))} s`;
}

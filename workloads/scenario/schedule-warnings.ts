/**
 * Warnings about a scenario's snapshot schedule that are not errors: a preserve command at a time
 * the run never reaches is never taken. That is legal (a sweep may shorten the duration under a
 * fixed schedule), but silence would let a user believe a snapshot was measured.
 */
import type { Scenario } from './resolve.js';

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

/** Nanoseconds as seconds for people: `12 s`, `0.25 s`. */
function seconds(ns: number): string {
  return `${Number((ns / 1e9).toPrecision(12))} s`;
}

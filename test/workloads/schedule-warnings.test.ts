/**
 * A preserve command scheduled after the run ends is never taken: the run says so on stderr, in
 * summary.json (`warnings`, present only when there is one) and in the text summary.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../reports/commands/run-command.js';
import type { Kernel } from '../../sim/kernel.js';
import { runScenario } from '../../workloads/run.js';
import { loadScenarioFile } from '../../workloads/scenario/load.js';
import { lateSnapshotWarnings } from '../../workloads/scenario/schedule-warnings.js';
import { bufferIo, temporaryDirectory, tinyScenario, writeScenarioFile } from '../reports/sweep/fixtures.js';

const S = 1e9;

describe('lateSnapshotWarnings', () => {
  it('names the at times past the end; a command at the end instant is taken', () => {
    expect(lateSnapshotWarnings({ atNs: [2 * S, 10 * S, 12 * S, 15.5 * S] }, 10 * S)).toEqual([
      'snapshots.at: the preserve commands at 12 s, 15.5 s are never taken: the run ended at 10 s',
    ]);
    expect(lateSnapshotWarnings({ atNs: [0.25 * S] }, 0.1 * S)).toEqual(['snapshots.at: the preserve command at 0.25 s is never taken: the run ended at 0.1 s']);
    expect(lateSnapshotWarnings({ atNs: [10 * S] }, 10 * S)).toEqual([]);
  });

  it('warns when the first periodic command is after the end, from every or from firstAt', () => {
    expect(lateSnapshotWarnings({ atNs: [], everyNs: 20 * S }, 10 * S)).toEqual([
      'snapshots.every: no periodic preserve command is taken: the first is due at 20 s (one interval in), the run ended at 10 s',
    ]);
    expect(lateSnapshotWarnings({ atNs: [], everyNs: S, firstAtNs: 11 * S }, 10 * S)).toEqual([
      'snapshots.every: no periodic preserve command is taken: the first is due at 11 s (snapshots.firstAt), the run ended at 10 s',
    ]);
    expect(lateSnapshotWarnings({ atNs: [5 * S], everyNs: S, firstAtNs: 9 * S }, 10 * S)).toEqual([]);
  });
});

describe('a run with preserve commands after its end', () => {
  it('warns on stderr, in summary.json and in the text summary; the snapshots in time are taken', async () => {
    const directory = temporaryDirectory();
    const scenario = writeScenarioFile(directory, { ...tinyScenario, name: 'late', duration: '100ms', snapshots: { at: ['50ms', '150ms'], every: '1s' } });
    const io = bufferIo();
    const out = join(directory, 'out');
    const { exitCode, summary } = await runCommand({ scenario, out, quiet: true }, io);
    expect(exitCode).toBe(0);
    const warnings = [
      'snapshots.at: the preserve command at 0.15 s is never taken: the run ended at 0.1 s',
      'snapshots.every: no periodic preserve command is taken: the first is due at 1 s (one interval in), the run ended at 0.1 s',
    ];
    expect(summary.warnings).toEqual(warnings);
    expect(summary.snapshots.map((snapshot) => snapshot.takenAtSeconds)).toEqual([0.05]);
    const json = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, unknown>;
    expect(json.warnings).toEqual(warnings);
    // Last, after the keys every summary has.
    expect(Object.keys(json).at(-1)).toBe('warnings');
    expect(io.err()).toContain(warnings.map((warning) => `cowsim: warning: ${warning}\n`).join(''));
    const text = await runCommand({ scenario, out: join(directory, 'out-text') }, io);
    // Wrapped over two lines of the screen.
    expect(io.out()).toContain(`warnings    ${warnings[0]};`);
    expect(io.out()).toMatch(/^ {12}snapshots\.every: no periodic preserve command is taken/m);
    expect(text.exitCode).toBe(0);
  });

  it('a command far past the end is cancelled with the run: the drain after it leaves the clock at the end', async () => {
    const directory = temporaryDirectory();
    // Before, the drain after the run moved the clock to the command at 1 h, and every device's
    // timeline with it (at 100 h: a V8 fatal error, array too large).
    const scenario = await loadScenarioFile(writeScenarioFile(directory, { ...tinyScenario, name: 'far', duration: '10ms', snapshots: { at: ['5ms', '1h'], every: '2h' } }));
    let kernel: Kernel | undefined;
    const result = await runScenario(scenario, { observer: { started: (run) => void (kernel = run.kernel) } });
    expect(result.simulatedNs).toBe(10e6);
    expect(result.snapshots).toHaveLength(1);
    // The drain, the final check and the close take a few ms of virtual time, not an hour.
    expect(kernel!.nowNs()).toBeLessThan(1e9);
  });

  it('says nothing, and summary.json has no warnings key, when every command is taken', async () => {
    const directory = temporaryDirectory();
    const scenario = writeScenarioFile(directory, { ...tinyScenario, name: 'on-time', duration: '100ms', snapshots: { at: ['50ms', '100ms'] } });
    const io = bufferIo();
    const { summary } = await runCommand({ scenario, out: join(directory, 'out'), quiet: true }, io);
    expect(summary.snapshots).toHaveLength(2);
    expect('warnings' in summary).toBe(false);
    expect(readFileSync(join(directory, 'out', 'summary.json'), 'utf8')).not.toContain('warnings');
    expect(io.err()).not.toContain('warning');
  });
});

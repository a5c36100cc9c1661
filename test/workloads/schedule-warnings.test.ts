/**
 * A preserve command scheduled after the run ends is never taken, one that finds every snapshot
 * image in use is skipped, a snapshot reader with snapshots off has nothing to read: the run says
 * so on stderr, in summary.json (`warnings`, present only when there is one), in the text summary
 * and in report.html.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../reports/commands/run-command.js';
import type { Kernel } from '../../sim/kernel.js';
import { runScenario } from '../../workloads/run.js';
import { loadScenarioFile } from '../../workloads/scenario/load.js';
import { buildSummary, renderRunReport, renderTextSummary } from '../../reports/run/index.js';
import { lateSnapshotWarnings, nothingToReadWarnings, skippedCommandWarnings } from '../../workloads/scenario/schedule-warnings.js';
import { snapshotsOff } from '../../workloads/scenario/snapshots-off.js';
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
    expect(Object.keys(json).slice(-2)).toEqual(['warnings', 'units']);
    expect(io.err()).toContain(warnings.map((warning) => `cowsim: warning: ${warning}\n`).join(''));
    const text = await runCommand({ scenario, out: join(directory, 'out-text') }, io);
    // Not a terminal: all the warnings on one line, nothing broken or cut (a terminal breaks it under the label).
    expect(io.out()).toContain(`warnings    ${warnings.join('; ')}\n`);
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

describe('skippedCommandWarnings', () => {
  it('names how many commands were skipped, when, and why; nothing when none was', () => {
    expect(skippedCommandWarnings({ commands: 8, skippedAtSeconds: [] }, { maxAlive: 4, retain: 3 })).toEqual([]);
    expect(skippedCommandWarnings({ commands: 8, skippedAtSeconds: [1.25, 1.75] }, { maxAlive: 4, retain: 3 })).toEqual([
      '2 of 8 preserve commands were skipped, at 1.25 s and 1.75 s: every snapshot image was in use (snapshots.maxAlive 4, snapshots.retain + 1: ' +
        'the oldest snapshot is deleted once the new one is taken, and its image is free again only when that delete has finished)',
    ]);
    const many = skippedCommandWarnings({ commands: 40, skippedAtSeconds: Array.from({ length: 12 }, (_, index) => index + 1) }, { maxAlive: 2, retain: undefined });
    expect(many[0]).toMatch(/^12 of 40 preserve commands were skipped, at 1 s, 2 s, .*, 10 s and 2 more: every snapshot image was in use \(snapshots\.maxAlive 2, one image per scheduled command/);
  });
});

describe('a run whose preserve commands find every snapshot image in use (examples/vm-image-ssd.yaml)', () => {
  it('keeps the skipped commands and their times, and says so in summary.json, the text summary and report.html', async () => {
    const result = await runScenario(await loadScenarioFile('examples/vm-image-ssd.yaml'));
    // Retention 3 on an HDD store: the delete that frees an image is still running at 1.5 s.
    expect(result.schedule).toEqual({ commands: 8, skipped: 1, skippedAtSeconds: [1.5] });
    expect(result.snapshots.map((snapshot) => snapshot.takenAtSeconds)).not.toContain(1.5);
    const summary = buildSummary(result);
    expect(summary.schedule).toEqual({ commands: 8, taken: 7, skipped: 1, skippedAtSeconds: [1.5] });
    expect(summary.warnings).toEqual([expect.stringMatching(/^1 of 8 preserve commands was skipped, at 1\.5 s: every snapshot image was in use \(snapshots\.maxAlive 4/)]);
    const text = renderTextSummary(result, summary, 'out');
    expect(text).toContain('1 of 8 commands SKIPPED (every snapshot image in use): at 1.5 s');
    expect(text).toMatch(/^warning {5}1 of 8 preserve commands was skipped, at 1\.5 s/m);
    const html = renderRunReport(result, summary);
    const headline = html.slice(html.indexOf('id="headline"'), html.indexOf('id="latency"'));
    const snapshots = html.slice(html.indexOf('id="snapshots"'), html.indexOf('id="locks"'));
    for (const section of [headline, snapshots]) expect(section).toContain('Warning: 1 of 8 preserve commands was skipped, at 1.5 s');
  });
});

describe('a run with snapshots off (snapshots: { at: [] })', () => {
  it('runs cleanly: the live view alone is checked, no report claims a snapshot, a snapshot reader says it had nothing to read', async () => {
    const directory = temporaryDirectory();
    const file = writeScenarioFile(directory, {
      ...tinyScenario,
      name: 'off',
      workloads: [...tinyScenario.workloads, { name: 'backup', profile: 'backup', startAt: '10ms' }],
      snapshots: { at: [] },
    });
    const scenario = await loadScenarioFile(file);
    expect(snapshotsOff(scenario)).toBe(true);
    const result = await runScenario(scenario);
    expect(result.correctness.verdict).toBe('pass');
    expect(result.correctness.checkedBlocks).toBe(scenario.volume.blockCount);
    expect(result.snapshots).toEqual([]);
    expect(result.schedule).toEqual({ commands: 0, skipped: 0, skippedAtSeconds: [] });
    expect(result.workloads.find((workload) => workload.name === 'backup')).toMatchObject({ ios: 0, errors: {} });
    const summary = buildSummary(result);
    expect(summary.warnings).toEqual(['backup reads snapshot views, but snapshots are off (no preserve command): it had nothing to read']);
    const text = renderTextSummary(result, summary, 'out');
    expect(text).toContain('snapshots   off: the scenario gives no preserve command; the live view alone is checked');
    expect(text).toContain('warning     backup reads snapshot views, but snapshots are off');
    const html = renderRunReport(result, summary);
    const snapshots = html.slice(html.indexOf('id="snapshots"'), html.indexOf('id="locks"'));
    expect(snapshots).toContain('Snapshots are off in this run');
    expect(snapshots).not.toContain('<svg');
    expect(snapshots).not.toContain('copy-on-write cost');
    expect(html).toContain('the live view alone is checked');
    expect(html).not.toContain('Dashed lines: preserve commands');
  });

  it('says which readers found no valid snapshot when snapshots are on, and nothing about readers that read', () => {
    const scenario = { snapshots: { atNs: [5e8], everyNs: undefined, after: [] }, workloads: [{ name: 'backup', startAtNs: 0 }, { name: 'late', startAtNs: 2e9 }] };
    const workloads = [
      { name: 'backup', target: 'snapshot' as const, ios: 0, errors: {} },
      { name: 'late', target: 'snapshot' as const, ios: 0, errors: {} },
      { name: 'reader', target: 'snapshot' as const, ios: 4, errors: {} },
      { name: 'oltp', target: 'live' as const, ios: 0, errors: {} },
    ];
    expect(nothingToReadWarnings(scenario as never, workloads, 1e9)).toEqual(['backup reads snapshot views, but no valid snapshot existed while it ran: it read nothing']);
  });
});

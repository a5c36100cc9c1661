import { describe, expect, it } from 'vitest';
import { buildSummary, renderTextSummary, SCREEN_COLUMNS, SCREEN_LINES } from '../../../reports/run/index.js';
import { wrapWords } from '../../../reports/run/text-summary.js';
import type { RunResult } from '../../../workloads/run-result.js';
import { makeRunResult } from './fixture.js';

/** The summary as a terminal of SCREEN_COLUMNS shows it; with columns null, as written to a file or a pipe. */
function render(result: RunResult, outDir = 'cowsim-out/default', columns: number | null = SCREEN_COLUMNS): string[] {
  const text = renderTextSummary(result, buildSummary(result), outDir, columns === null ? {} : { columns });
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
}

function expectOnOneScreen(lines: readonly string[], except: (line: string) => boolean = () => false): void {
  expect(lines.length).toBeLessThanOrEqual(SCREEN_LINES);
  for (const line of lines) if (!except(line)) expect(line.length, line).toBeLessThanOrEqual(SCREEN_COLUMNS);
}

/** The fixture with `count` snapshots, taken every 0.5 s; the first `deleted` of them deleted by retention. */
function withSnapshots(count: number, deleted: number): RunResult {
  const result = makeRunResult();
  const template = result.snapshots[0]!;
  result.snapshots = Array.from({ length: count }, (_, index) => ({
    ...template,
    id: index + 1,
    takenAtSeconds: 0.5 * (index + 1),
    ...(index < deleted ? { deletedAtSeconds: 0.5 * (index + 1) + 2, valid: false, state: 'deleted' as const } : {}),
  }));
  result.preserves = result.snapshots.map((snapshot, index) => ({ snapshotId: snapshot.id, atSeconds: snapshot.takenAtSeconds, longestInFlightIoUs: 1000 * (index + 1), inFlight: 4 }));
  return result;
}

describe('text summary', () => {
  it('fits one screen and shows the run at a glance', () => {
    const lines = render(makeRunResult());
    expectOnOneScreen(lines);
    const text = lines.join('\n');
    expect(lines[0]).toBe('cowsim run: default  (seed 42)');
    for (const expected of [
      '6 s simulated in 2.346 s wall',
      '783 IOPS',
      '75.8 MB/s',
      'snap. read',
      's1 at 2 s: ',
      'longest I/O in flight across a command: 48.1 ms (s1 at 2 s)',
      'dual writes',
      'chunk: 1,700 acquisitions, 18.2 % contended',
      'origin (hdd): 93.5 % busy',
      'store (ssd): 12.1 % busy',
      'verdict     PASS',
      'written to  cowsim-out/default',
      'summary.json, report.html, summary.csv',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('gives p50, p99 and max of reads, writes and snapshot reads', () => {
    const lines = render(makeRunResult());
    const header = lines.find((line) => line.startsWith('latency'))!;
    expect(header).toMatch(/I\/Os\s+p50\s+p99\s+max/);
    const write = lines.find((line) => line.startsWith('  write'))!;
    expect(write).toMatch(/1,300\s+[\d.]+ ms\s+[\d.]+ ms\s+[\d.]+ ms/);
  });

  it('on failure shows FAIL, the first mismatches and the command that reproduces the run', () => {
    const lines = render(makeRunResult({ failing: true }));
    expectOnOneScreen(lines);
    const text = lines.join('\n');
    expect(text).toContain('FAIL: 17 mismatches');
    expect(text).toContain('snapshot 1 block 40961 (final check): expected writer oltp.data#2 seq 1187');
    expect(text).toContain('reproduce   npx cowsim run --seed 42');
    expect(text).not.toContain('PASS');
  });

  it('keeps a long reproduce command and output directory whole, so they can be copied', () => {
    const result = makeRunResult({ failing: true });
    const longPath = `/very/long/${'nested/'.repeat(16)}scenario.yaml`;
    result.correctness.reproduce = `npx cowsim run --scenario ${longPath} --seed 42`;
    const outDir = `/tmp/${'deep/'.repeat(24)}out`;
    const lines = render(result, outDir);
    expect(lines).toContain(`reproduce   ${result.correctness.reproduce}`);
    expect(lines).toContain(`written to  ${outDir}`);
    expectOnOneScreen(lines, (line) => line.includes(longPath) || line.includes(outDir));
  });

  it('lists a few snapshots and counts the rest when there are many', () => {
    const lines = render(withSnapshots(12, 3));
    expectOnOneScreen(lines);
    const snapshotLines = lines.filter((line) => /^\s+s\d+ at /.test(line));
    // The ones that still exist come first.
    expect(snapshotLines.map((line) => line.trim().split(' ')[0])).toEqual(['s4', 's5', 's6', 's7']);
    expect(lines.join('\n')).toContain('... 8 more (3 deleted, 0 invalid)');
    expect(lines.join('\n')).toContain('longest I/O in flight across a command: 12 ms (s12 at 6 s)');
    expect(lines.join('\n')).not.toMatch(/pause/);
  });

  it('puts invalid snapshots first and says why', () => {
    const result = withSnapshots(6, 0);
    Object.assign(result.snapshots[4]!, { valid: false, state: 'invalid', reason: 'snapshot store full' });
    const lines = render(result);
    expect(lines.find((line) => line.trim().startsWith('s5 '))).toContain('INVALID: snapshot store full');
  });

  it('says so when verification is off', () => {
    const result = makeRunResult();
    result.correctness.verdict = 'skipped';
    expect(render(result).join('\n')).toContain('NOT VERIFIED');
  });

  it('leaves report.html out of the file list when the scenario turns it off', () => {
    const result = makeRunResult();
    result.scenario.report.html = false;
    expect(render(result).join('\n')).not.toContain('report.html');
  });

  describe('a long line (the reason a snapshot died)', () => {
    const reason = 'snapshot store full: all 119 chunks of the snapshot store were in use when chunk 4242 of the origin needed a copy';
    const withLongReason = (): RunResult => {
      const result = withSnapshots(2, 0);
      Object.assign(result.snapshots[1]!, { valid: false, state: 'invalid', reason });
      return result;
    };

    it('on a terminal, continues under its label, every line within the terminal, nothing cut', () => {
      for (const columns of [60, 80, SCREEN_COLUMNS, 200]) {
        const lines = render(withLongReason(), 'out', columns);
        for (const line of lines) expect(line.length, `${columns}: ${line}`).toBeLessThanOrEqual(Math.min(columns, SCREEN_COLUMNS));
        expect(lines.join(' ').replace(/\s+/g, ' '), String(columns)).toContain(`INVALID: ${reason}`);
        expect(lines.join('\n')).not.toContain('…');
        const first = lines.findIndex((line) => line.includes('s2 at '));
        expect(lines[first + 1]!.startsWith(' '.repeat(12)), String(columns)).toBe(true);
      }
    });

    it('into a file or a pipe (no columns), stays on one line, neither broken nor cut', () => {
      const lines = render(withLongReason(), 'out', null);
      const line = lines.find((candidate) => candidate.includes('s2 at '))!;
      expect(line).toMatch(new RegExp(`^ {12}s2 at 1 s: INVALID: ${reason}; `));
      expect(line.length).toBeGreaterThan(SCREEN_COLUMNS);
      // The file names, broken over two lines on a terminal, are one line here.
      expect(lines.join('\n')).toMatch(/^ {12}summary\.json, report\.html, .*devices\.csv$/m);
      expect(lines.join('\n')).not.toContain('…');
    });
  });

  it('breaks a word wider than the terminal instead of cutting it', () => {
    expect(wrapWords('a 0123456789abcdef', 8)).toEqual(['a', '01234567', '89abcdef']);
    expect(wrapWords('    2,107    12.4 ms', 40)).toEqual(['    2,107    12.4 ms']);
    // A number keeps its unit.
    expect(wrapWords('225 chunks (13.2 %), wait 48.9 ms', 13)).toEqual(['225 chunks', '(13.2 %),', 'wait 48.9 ms']);
  });
});

/**
 * Traces with recorded times replayed on one device: on a `fixed` model with a deterministic
 * 1 ms service time every simulated figure is known exactly. DiskSim validate traces are closed
 * loop (request k+1 issued nextinter after k completes); MSR Cambridge and blkparse traces open
 * loop, at their recorded times.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../engine/errors.js';
import { checkTraceFits, replayTrace } from '../../../reports/validate/replay.js';
import { buildValidateFile } from '../../../reports/validate/validate-file.js';
import { deviceFromObject } from '../../../workloads/scenario/device-file.js';
import { readRecordedTrace } from '../../../workloads/traces/recorded-trace.js';

const MS = 1e6;
const fixed = { ...deviceFromObject({ model: 'fixed', params: { distribution: 'deterministic', meanServiceTimeUs: 1000 } }, 'fixed.yaml'), source: 'fixed.yaml' };

// blkno bcount in sectors, servtime and nextinter in microseconds (DiskSim divides them by 1000).
const DISKSIM = ['R Hit    0   8  2000.00000  500.00000', 'W Hit  100   8  1000.00000  250.00000', 'R Miss 200  16  3000.00000    0.00000', ''].join('\n');

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('a DiskSim validate trace', () => {
  it('is read with sectors as bytes and microseconds as ns, and detected from its content', async () => {
    const trace = await readRecordedTrace({ name: 'tiny.trace', text: DISKSIM });
    expect(trace.format).toBe('disksim-validate');
    expect(trace.issue).toBe('closed-loop');
    expect(trace.requests).toEqual([
      { operation: 'read', offsetBytes: 0, sizeBytes: 4096, recordedNs: 2 * MS, timingNs: 0.5 * MS, line: 1 },
      { operation: 'write', offsetBytes: 51_200, sizeBytes: 4096, recordedNs: 1 * MS, timingNs: 0.25 * MS, line: 2 },
      { operation: 'read', offsetBytes: 102_400, sizeBytes: 8192, recordedNs: 3 * MS, timingNs: 0, line: 3 },
    ]);
  });

  it('issues request k+1 nextinter after request k completes, one at a time', async () => {
    const trace = await readRecordedTrace({ name: 'tiny.trace', text: DISKSIM });
    const replay = await replayTrace(trace, fixed);
    expect([...replay.issuedAtNs]).toEqual([0, 1.5 * MS, 2.75 * MS]);
    expect([...replay.simulatedNs]).toEqual([MS, MS, MS]);
    expect(replay.endNs).toBe(3.75 * MS);
  });

  it('gives the expected simulated figures exactly', async () => {
    const trace = await readRecordedTrace({ name: 'tiny.trace', text: DISKSIM });
    const { file } = buildValidateFile(trace, fixed, await replayTrace(trace, fixed));
    expect(file.simulatedSeconds).toBe(0.00375);
    expect(file.read).toEqual({
      count: 2,
      recordedMs: { mean: 2.5, p50: 2, p90: 3, p99: 3 },
      simulatedMs: { mean: 1, p50: 1, p90: 1, p99: 1 },
      relativeError: { mean: -0.6, p50: -0.5, p90: -0.666667, p99: -0.666667 },
      demeritMs: 1.581139,
      demeritPercent: 63.2456,
    });
    expect(file.write).toEqual({
      count: 1,
      recordedMs: { mean: 1, p50: 1, p90: 1, p99: 1 },
      simulatedMs: { mean: 1, p50: 1, p90: 1, p99: 1 },
      relativeError: { mean: 0, p50: 0, p90: 0, p99: 0 },
      demeritMs: 0,
      demeritPercent: 0,
    });
    // All: [1, 2, 3] ms recorded against 1 ms thrice: sqrt((0 + 1 + 4) / 3).
    expect(file.all.count).toBe(3);
    expect(file.all.demeritMs).toBe(1.290994);
    expect(Object.keys(file)).toEqual(['trace', 'device', 'seed', 'simulatedSeconds', 'read', 'write', 'all']);
  });

  it('names the file, the line and the field of a malformed line', async () => {
    const error = await rejection(readRecordedTrace({ name: 'bad.trace', text: `${DISKSIM}X Hit 0 8 1.0 1.0\n` }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe('bad.trace: line 4, field R|W: expected R or W, found "X"');
    const action = await rejection(readRecordedTrace({ name: 'bad.trace', text: 'R Hat 0 8 1.0 1.0\n' }, { format: 'disksim-validate' }));
    expect(action.message).toContain('bad.trace: line 1, field buffaction: expected Hit, Miss, Doub or Trip');
  });
});

describe('an MSR Cambridge trace', () => {
  // Timestamps in 100 ns ticks: requests at 0, 0.5 ms and 3 ms; ResponseTime 2, 1 and 3 ms.
  const MSR = ['128166372003061629,hm,0,Read,0,4096,20000', '128166372003066629,hm,0,Write,8192,4096,10000', '128166372003091629,hm,0,Read,65536,512,30000', ''].join('\n');

  it('is replayed open loop at its recorded times: a request arriving while another is served waits', async () => {
    const trace = await readRecordedTrace({ name: 'hm_0.csv', text: MSR });
    expect(trace.format).toBe('msr-cambridge');
    expect(trace.requests.map((request) => [request.timingNs, request.recordedNs])).toEqual([
      [0, 2 * MS],
      [0.5 * MS, 1 * MS],
      [3 * MS, 3 * MS],
    ]);
    const replay = await replayTrace(trace, fixed);
    expect([...replay.issuedAtNs]).toEqual([0, 0.5 * MS, 3 * MS]);
    // The write waits for the read in service: 0.5 ms queued, then 1 ms.
    expect([...replay.simulatedNs]).toEqual([MS, 1.5 * MS, MS]);
    const { file } = buildValidateFile(trace, fixed, replay);
    expect(file.write.simulatedMs).toEqual({ mean: 1.5, p50: 1.5, p90: 1.5, p99: 1.5 });
    expect(file.all.simulatedMs).toEqual({ mean: 1.166667, p50: 1, p90: 1.5, p99: 1.5 });
    expect(file.all.recordedMs).toEqual({ mean: 2, p50: 2, p90: 3, p99: 3 });
  });

  it('is refused when a request lies past the device capacity, naming the line and the capacity', async () => {
    const trace = await readRecordedTrace({ name: 'hm_0.csv', text: MSR });
    expect(() => checkTraceFits(trace, 60_000)).toThrow('hm_0.csv: line 3: expected a request within the device\'s capacity of 59904 bytes (117 sectors of 512 bytes), found bytes 65536 to 66048');
  });
});

describe('a blkparse trace', () => {
  const event = (sequence: number, time: string, action: string, rwbs: string, sector: number) => `  8,0    1  ${sequence}  ${time}  4242  ${action}  ${rwbs} ${sector} + 8 [fio]`;
  const BLKPARSE = [
    event(1, '0.000000000', 'Q', 'R', 1000),
    event(2, '0.000100000', 'D', 'R', 1000),
    event(3, '0.000200000', 'Q', 'W', 5000),
    event(4, '0.000300000', 'D', 'W', 5000),
    event(5, '0.002100000', 'C', 'R', 1000),
    event(6, '0.004300000', 'C', 'W', 5000),
    event(7, '0.005000000', 'D', 'R', 9000),
    '',
  ].join('\n');

  it('records D to C for the same sector, issued at D by default (a D without its C is left unpaired)', async () => {
    const trace = await readRecordedTrace({ name: 'sda.blkparse', text: BLKPARSE });
    expect(trace.format).toBe('blkparse');
    expect(trace.action).toBe('D');
    expect(trace.unmatchedEvents).toBe(1);
    expect(trace.requests).toEqual([
      { operation: 'read', offsetBytes: 512_000, sizeBytes: 4096, recordedNs: 2 * MS, timingNs: 0, line: 2 },
      { operation: 'write', offsetBytes: 2_560_000, sizeBytes: 4096, recordedNs: 4 * MS, timingNs: 0.2 * MS, line: 4 },
    ]);
    const replay = await replayTrace(trace, fixed);
    expect([...replay.issuedAtNs]).toEqual([0, 0.2 * MS]);
  });

  it('issues at the Q events with --action Q', async () => {
    const trace = await readRecordedTrace({ name: 'sda.blkparse', text: BLKPARSE }, { action: 'Q' });
    expect(trace.requests.map((request) => [request.timingNs, request.recordedNs, request.line])).toEqual([
      [0, 2 * MS, 1],
      [0.2 * MS, 4 * MS, 3],
    ]);
  });
});

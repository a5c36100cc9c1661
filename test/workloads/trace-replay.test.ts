import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../engine/errors.js';
import { describeFailure } from '../../reports/commands/exit-codes.js';
import { scenarioFromObject } from '../../workloads/scenario/load.js';
import { runScenario } from '../../workloads/run.js';

const dir = await mkdtemp(join(tmpdir(), 'cowsim-replay-'));

function replayScenario(file: string) {
  return scenarioFromObject(
    {
      name: 'replay',
      duration: '1s',
      volume: { size: '64MiB' },
      devices: { origin: { preset: 'ssd-sata', params: { capacityBytes: '1GiB' } }, snapshotStore: { preset: 'ssd-sata', params: { capacityBytes: '1GiB' } } },
      workloads: [{ name: 'trace', iodepth: 8, trace: { file } }],
      snapshots: { at: ['2ms'] },
    },
    'replay.yaml',
  );
}

describe('trace replay', () => {
  it('issues each record at its trace time, folded onto the volume, deterministically', async () => {
    const path = join(dir, 'ok.csv');
    // Four writes 1 ms apart (10,000 ticks of 100 ns), one far beyond 64 MiB (folded), one read.
    await writeFile(
      path,
      [
        '128166372003000000,h,0,Write,0,4096,1',
        '128166372003010000,h,0,Write,4096,8192,1',
        '128166372003020000,h,0,Write,1099511627776,4096,1',
        '128166372003030000,h,0,Read,0,4096,1',
        '128166372003040000,h,0,Write,65536,4096,1',
      ].join('\n'),
    );
    const first = await runScenario(replayScenario(path));
    expect(first.ios).toMatchObject({ total: 5, reads: 1, writes: 4 });
    expect(first.correctness.verdict).toBe('pass');
    expect(first.snapshots[0]!.cowCopies).toBeGreaterThan(0); // writes at 2-4 ms copy chunks
    const second = await runScenario(replayScenario(path));
    expect({ ...second, wallSeconds: 0 }).toEqual({ ...first, wallSeconds: 0 });
  });

  it('stops on the first malformed line with the file, the line and what was expected (exit code 2)', async () => {
    const path = join(dir, 'bad.csv');
    await writeFile(path, ['128166372003000000,h,0,Write,0,4096,1', '128166372003010000,h,0,Write,zero,4096,1'].join('\n'));
    const failure = await runScenario(replayScenario(path)).then(
      () => undefined,
      (error: unknown) => error,
    );
    const { exitCode, message } = describeFailure(failure);
    expect(exitCode).toBe(2);
    expect(message).toContain(`${path}: line 2, column Offset: expected a non-negative integer byte offset`);
    expect((failure as { cause?: unknown }).cause).toBeInstanceOf(InputError);
  });
});

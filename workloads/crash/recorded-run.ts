/**
 * One recorded run for the crash explorer: the scenario run to the end with every device write
 * and flush logged, then frozen, then checked for liveness: the run drained (runScenario throws
 * otherwise) and no chunk lock is left held (a probe rewrites one block of every chunk with its
 * own live content; a held lock would leave the probe waiting when the kernel runs dry).
 */
import type { EngineMutant } from '../../engine/mutants.js';
import type { Volume } from '../../engine/volume.js';
import type { Kernel } from '../../sim/kernel.js';
import { runScenario } from '../run.js';
import type { RunResult } from '../run-result.js';
import type { Scenario } from '../scenario/resolve.js';
import { CrashRecorder } from './crash-recorder.js';

export interface RecordOptions {
  seed: number;
  mutant?: EngineMutant;
  flushIntervalNs: number;
  maxLogBytes?: number;
}

export interface RecordedRun {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly recorder: CrashRecorder;
  readonly result: RunResult;
  /** The origin's and the snapshot store's device indices in the log. */
  readonly originDevice: number;
  readonly storeDevice: number;
  /** Why the run is not live, or undefined. */
  readonly liveness: string | undefined;
}

/** Chunks probed for held locks at most; beyond, only the chunks written in the run. */
const PROBE_ALL_CHUNKS_UP_TO = 4096;

/** Runs the scenario with recording devices and a flusher; throws what runScenario throws. */
export async function recordRun(scenario: Scenario, options: RecordOptions): Promise<RecordedRun> {
  // The write history needs write ids and preserve boundaries: they come from the oracle.
  const verified: Scenario = scenario.verify ? scenario : { ...scenario, verify: true };
  const recorder = new CrashRecorder(options.flushIntervalNs, options.maxLogBytes);
  const result = await runScenario(verified, {
    seed: options.seed,
    ...(options.mutant === undefined ? {} : { mutant: options.mutant }),
    observer: recorder,
  });
  recorder.log.freeze();
  const liveness = await probeLocks(recorder.run!, recorder.history.writtenBlocks(), scenario);
  return {
    scenario: verified,
    seed: options.seed,
    recorder,
    result,
    originDevice: recorder.deviceIndex.origin!,
    storeDevice: recorder.deviceIndex.snapshotStore!,
    liveness,
  };
}

/**
 * Takes every chunk's lock once, through a write that changes nothing (a block's own live
 * content); names a chunk whose lock never came. Past PROBE_ALL_CHUNKS_UP_TO chunks, only the
 * chunks of `writtenBlocks` are probed.
 */
export async function probeLocks(
  run: { kernel: Pick<Kernel, 'spawn' | 'run'>; volume: Pick<Volume, 'write' | 'readLive'> },
  writtenBlocks: Iterable<number>,
  scenario: Pick<Scenario, 'volume'>,
): Promise<string | undefined> {
  const { kernel, volume } = run;
  const { chunkBlocks, blockCount } = scenario.volume;
  const chunkCount = Math.ceil(blockCount / chunkBlocks);
  const chunks = new Set<number>();
  if (chunkCount <= PROBE_ALL_CHUNKS_UP_TO) for (let chunk = 0; chunk < chunkCount; chunk++) chunks.add(chunk);
  else for (const block of writtenBlocks) chunks.add(Math.floor(block / chunkBlocks));
  const waiting = new Set(chunks);
  for (const chunk of chunks) {
    kernel.spawn(`lock probe ${chunk}`, async () => {
      const block = chunk * chunkBlocks;
      await volume.write(block, await volume.readLive(block, 1));
      waiting.delete(chunk);
    });
  }
  await kernel.run();
  if (waiting.size === 0) return undefined;
  const first = Math.min(...waiting);
  return `after the drain, the lock of chunk ${first} (and ${waiting.size - 1} more) was never granted: a lock is left held`;
}

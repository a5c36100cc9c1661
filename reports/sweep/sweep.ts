/**
 * A sweep: every point of the grid (or of one shard) run R times with derived seeds, on a pool of
 * worker threads, gathered into a SweepFile (sweep.json) from which sweep.csv and the report are
 * made.
 */
import { gridPoints, inShard, pointCount, type Shard, type SweepParameter } from './grid.js';
import { pointObject, pointScenario } from './override.js';
import type { ReplicationTask } from './replication.js';
import { runReplications } from './run-pool.js';
import { replicationSeed } from './seeds.js';
import { SWEEP_FORMAT, SWEEP_VERSION, scenarioDigest, withoutWallSeconds, type PointRecord, type SweepFile } from './sweep-file.js';

export interface SweepOptions {
  /** The scenario as read from its file, before validation. */
  readonly raw: Readonly<Record<string, unknown>>;
  /** The scenario file, as named on the command line. */
  readonly source: string;
  readonly parameters: readonly SweepParameter[];
  /** Replications per point (at least 1). */
  readonly replications: number;
  /** Base seed overriding the scenario's. */
  readonly seed?: number;
  readonly shard?: Shard;
  /** Replications run at once; default os.availableParallelism(). */
  readonly jobs?: number;
  /** Called as each replication finishes: runs done and runs in all. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SweepRun {
  readonly file: SweepFile;
  readonly mode: 'workers' | 'in-process';
  readonly workers: number;
  readonly runs: number;
}

/** Validates every point of the grid, then runs this shard's points and returns the sweep.json object. */
export async function runSweep(options: SweepOptions): Promise<SweepRun> {
  const points = gridPoints(options.parameters);
  // Every point is checked, not only this shard's, so every shard refuses a bad grid alike.
  const scenarios = points.map((point) => pointScenario(options.raw, point, options.source));
  const first = scenarios[0]!;
  const mine = points.filter((point) => inShard(point.index, options.shard));
  const tasks: ReplicationTask[] = [];
  const taskPlace: { point: number; replication: number; seed: number }[] = [];
  for (const point of mine) {
    const baseSeed = options.seed ?? scenarios[point.index]!.seed;
    const raw = pointObject(options.raw, point);
    for (let replication = 0; replication < options.replications; replication++) {
      const seed = replicationSeed(baseSeed, replication);
      taskPlace.push({ point: point.index, replication, seed });
      tasks.push({ taskIndex: tasks.length, raw, source: options.source, seed });
    }
  }
  let done = 0;
  options.onProgress?.(0, tasks.length);
  const pool = await runReplications(tasks, {
    ...(options.jobs === undefined ? {} : { jobs: options.jobs }),
    onDone: () => options.onProgress?.(++done, tasks.length),
  });
  const records: PointRecord[] = mine.map((point) => ({
    index: point.index,
    values: point.values,
    replications: taskPlace.flatMap((place, taskIndex) => {
      if (place.point !== point.index) return [];
      const outcome = pool.outcomes[taskIndex]!;
      return [
        {
          replication: place.replication,
          seed: place.seed,
          wallSeconds: Math.round(outcome.wallSeconds * 1000) / 1000,
          verdict: outcome.summary.correctness.verdict,
          summary: withoutWallSeconds(outcome.summary as unknown as Record<string, unknown>),
        },
      ];
    }),
  }));
  const file: SweepFile = {
    format: SWEEP_FORMAT,
    version: SWEEP_VERSION,
    scenario: { name: first.name, source: options.source, digest: scenarioDigest(options.raw) },
    seed: options.seed ?? first.seed,
    replications: options.replications,
    parameters: options.parameters.map((parameter) => ({ path: parameter.path, values: [...parameter.values] })),
    pointCount: pointCount(options.parameters),
    shard: options.shard === undefined ? null : { index: options.shard.index, count: options.shard.count },
    points: records,
  };
  return { file, mode: pool.mode, workers: pool.workers, runs: tasks.length };
}

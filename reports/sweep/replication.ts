/**
 * One replication of one sweep point: validate and resolve the point's scenario, run it with the
 * replication's seed, and keep its summary.json object. The same function runs in a worker thread
 * (sweep-worker.ts) and in-process; it loads only the simulator and the summary, never a report
 * writer, a chart renderer or a text parser.
 */
import { scenarioFromObject } from '../../workloads/scenario/scenario-object.js';
import { timedRun } from '../run/timed-run.js';
import { buildSummary, type RunSummary } from '../run/summary.js';

/** What a worker needs to run one replication: plain data, so it crosses a thread boundary. */
export interface ReplicationTask {
  /** Position of the task in the sweep's task list. */
  readonly taskIndex: number;
  /** The point's raw scenario object (swept fields set), already validated once. */
  readonly raw: Readonly<Record<string, unknown>>;
  readonly source: string;
  readonly seed: number;
}

/** What one replication measured. */
export interface ReplicationOutcome {
  readonly summary: RunSummary;
  readonly wallSeconds: number;
}

/** Runs one replication. */
export async function runReplication(task: ReplicationTask): Promise<ReplicationOutcome> {
  const scenario = scenarioFromObject(task.raw, task.source);
  const result = await timedRun(scenario, { seed: task.seed, progress: false });
  return { summary: buildSummary(result), wallSeconds: result.wallSeconds };
}

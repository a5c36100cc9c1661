/**
 * What a whole sweep (or a merge of its shards) writes and reports: sweep.json, sweep.csv and
 * report.html, and the runs that failed correctness. Shared by `sweep` and `merge`, which runs
 * no simulation and so must not load the simulator.
 */
import { sweepCsv } from './aggregate.js';
import { describeSweepPoint } from './grid.js';
import { renderSweepReport } from './report.js';
import { SWEEP_CSV, SWEEP_JSON, SWEEP_REPORT_HTML, sweepJson, type PointRecord, type SweepFile } from './sweep-file.js';
import type { CommandIo } from '../commands/command-io.js';
import { EXIT_FAILED, EXIT_OK } from '../commands/exit-codes.js';

/** Replications whose correctness verdict failed, with their point and seed. */
export function failedReplications(file: SweepFile): { point: PointRecord; seed: number; mismatches: number }[] {
  return file.points.flatMap((point) =>
    point.replications
      .filter((replication) => replication.verdict === 'fail')
      .map((replication) => ({
        point,
        seed: replication.seed,
        mismatches: Number((replication.summary.correctness as { mismatches?: number } | undefined)?.mismatches ?? 0),
      })),
  );
}

/** The files a sweep writes: a shard only its sweep.json; a whole sweep also sweep.csv and report.html. */
export function sweepOutputFiles(file: SweepFile): Map<string, string> {
  const files = new Map<string, string>([[SWEEP_JSON, sweepJson(file)]]);
  if (file.shard === null) {
    files.set(SWEEP_CSV, sweepCsv(file));
    files.set(SWEEP_REPORT_HTML, renderSweepReport(file));
  }
  return files;
}

/**
 * Prints every run that failed correctness; EXIT_FAILED when any did. `runFlags` are flags the
 * reproducing `cowsim run` needs besides the scenario file (` --fio job.fio` when the sweep had them).
 */
export function reportFailures(file: SweepFile, io: CommandIo, runFlags = ''): number {
  const failures = failedReplications(file);
  for (const failure of failures) {
    io.stderr(
      `correctness FAILED at point ${describeSweepPoint(failure.point.values)}, seed ${failure.seed}: ${failure.mismatches} mismatches; reproduce: set those fields in ${file.scenario.source} and run npx cowsim run --scenario FILE${runFlags} --seed ${failure.seed}\n`,
    );
  }
  return failures.length > 0 ? EXIT_FAILED : EXIT_OK;
}

/**
 * `cowsim merge DIR...`: combines the sweep.json files of a sharded sweep into the sweep.json,
 * sweep.csv and report.html one machine would have written. Exit 1 when any run failed correctness.
 */
import { join } from 'node:path';
import { mergeSweepFiles, readSweepFile } from '../sweep/merge.js';
import type { SweepFile } from '../sweep/sweep-file.js';
import { sweepTextTable } from '../sweep/text-summary.js';
import { prepareOutputDirectory, writeOutputDirectory } from '../output-directory.js';
import { outputNotices, processIo, type CommandIo } from './command-io.js';
import { reportFailures, sweepOutputFiles } from '../sweep/sweep-outputs.js';

export interface MergeCommandOptions {
  /** Shard output directories (or their sweep.json files). */
  readonly inputs: readonly string[];
  readonly out?: string;
  readonly quiet?: boolean;
}

/** Runs the merge command; returns the exit code and what was written. */
export async function mergeCommand(options: MergeCommandOptions, io: CommandIo = processIo): Promise<{ exitCode: number; file: SweepFile; outDir: string; files: string[] }> {
  const shards = [];
  for (const input of options.inputs) shards.push({ name: input, file: await readSweepFile(input) });
  // The output may be, hold or lie inside no shard it reads; checked once the inputs are known good.
  const output = { command: 'merge', inputs: options.inputs.map((path) => ({ path, flag: 'a merge input' })), notify: outputNotices(io, options.quiet) } as const;
  if (options.out !== undefined) await prepareOutputDirectory(options.out, output);
  const file = mergeSweepFiles(shards);
  const outDir = options.out ?? join('cowsim-out', `${file.scenario.name}-sweep`);
  const files = await writeOutputDirectory(outDir, sweepOutputFiles(file), output);
  if (!options.quiet) {
    io.stdout(`merged ${shards.length} sweep outputs of ${file.scenario.name}: ${file.pointCount} points × ${file.replications} replications\n\n`);
    io.stdout(`${sweepTextTable(file)}\n\nwrote ${files.join(', ')}\n`);
  }
  return { exitCode: reportFailures(file, io), file, outDir, files };
}

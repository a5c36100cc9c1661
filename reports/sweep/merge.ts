/**
 * `cowsim merge`: combines the sweep.json files of a sharded sweep into the sweep one machine
 * would have run. Refuses files of different scenarios, grids, replication counts or seeds, and
 * reports points missing or present twice. Points are matched by index, so shards of different
 * counts combine too (a lost shard of 8 can be rerun as two shards of 16).
 */
import { parseReportJson, readReportInput } from '../report-input.js';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CowsimError, InputError } from '../../engine/errors.js';
import { describeSweepPoint, formatSweepValue, pointAt } from './grid.js';
import { sortPoints } from './aggregate.js';
import { SWEEP_FORMAT, SWEEP_JSON, SWEEP_VERSION, type PointRecord, type SweepFile } from './sweep-file.js';

/** Shards that cannot be merged (different sweeps, missing or duplicate points): exit code 2. */
export class MergeError extends CowsimError {}

/** Reads a sweep.json, given the file or the directory holding it. */
export async function readSweepFile(path: string): Promise<SweepFile> {
  let file = path;
  try {
    if ((await stat(path)).isDirectory()) file = join(path, SWEEP_JSON);
  } catch (error) {
    throw new InputError(path, '(file)', `a sweep output directory or its ${SWEEP_JSON}`, (error as NodeJS.ErrnoException).code ?? String(error));
  }
  const expected = `a readable ${SWEEP_JSON} written by cowsim sweep`;
  const parsed = parseReportJson(await readReportInput(file, expected), file, expected);
  const candidate = parsed as Partial<SweepFile> | null;
  if (candidate === null || typeof candidate !== 'object' || candidate.format !== SWEEP_FORMAT) {
    // Not recognised: say what is missing, not what the file holds.
    throw new InputError(file, 'format', `"${SWEEP_FORMAT}" (a ${SWEEP_JSON} written by cowsim sweep)`, 'no such format field');
  }
  if (candidate.version !== SWEEP_VERSION) throw new InputError(file, 'version', String(SWEEP_VERSION), JSON.stringify(candidate.version));
  if (!Array.isArray(candidate.points) || !Array.isArray(candidate.parameters) || typeof candidate.pointCount !== 'number') {
    throw new InputError(file, 'points', 'the points, parameters and pointCount of a sweep', 'a damaged file');
  }
  return candidate as SweepFile;
}

/** Merges shards (each with its name for messages) into one whole sweep. */
export function mergeSweepFiles(shards: readonly { name: string; file: SweepFile }[]): SweepFile {
  if (shards.length === 0) throw new InputError('merge', 'DIR', 'at least one sweep output directory', 'none');
  const [first, ...others] = shards;
  const reference = first!.file;
  for (const other of others) {
    const differences = sweepDifferences(reference, other.file);
    if (differences.length > 0) {
      throw new MergeError(
        `cannot merge ${other.name} with ${first!.name}: they are not shards of one sweep (${differences.join('; ')}). Merge only the outputs of one cowsim sweep command run with different --shard values.`,
      );
    }
  }
  const byIndex = new Map<number, { name: string; point: PointRecord }>();
  for (const { name, file } of shards) {
    for (const point of file.points) {
      const expected = pointAt(reference.parameters, point.index);
      if (!(point.index >= 0 && point.index < reference.pointCount) || describeSweepPoint(expected.values) !== describeSweepPoint(point.values)) {
        throw new MergeError(`${name}: point ${point.index} (${describeSweepPoint(point.values)}) is not a point of the sweep's grid; the file is damaged`);
      }
      const earlier = byIndex.get(point.index);
      if (earlier !== undefined) {
        throw new MergeError(
          `point ${point.index} (${describeSweepPoint(point.values)}) is in both ${earlier.name} and ${name}: give each shard once (was a shard run twice, or merged with the whole sweep?)`,
        );
      }
      byIndex.set(point.index, { name, point });
    }
  }
  const missing = Array.from({ length: reference.pointCount }, (_, index) => index).filter((index) => !byIndex.has(index));
  if (missing.length > 0) {
    const count = reference.shard?.count;
    const shardsMissing =
      count === undefined
        ? ''
        : ` (run ${[...new Set(missing.map((index) => (index % count) + 1))].map((index) => `--shard ${index}/${count}`).join(', ')})`;
    const listed = missing.slice(0, 10).map((index) => `${index} (${describeSweepPoint(pointAt(reference.parameters, index).values)})`);
    throw new MergeError(
      `${missing.length} of ${reference.pointCount} sweep points are missing${shardsMissing}: ${listed.join(', ')}${missing.length > 10 ? ', ...' : ''}`,
    );
  }
  return {
    ...reference,
    shard: null,
    points: sortPoints([...byIndex.values()].map((entry) => entry.point)),
  };
}

/** What makes two sweep files parts of different sweeps. */
function sweepDifferences(a: SweepFile, b: SweepFile): string[] {
  const differences: string[] = [];
  if (a.scenario.digest !== b.scenario.digest) differences.push(`different scenarios: ${a.scenario.name} (${a.scenario.digest.slice(0, 19)}...) vs ${b.scenario.name} (${b.scenario.digest.slice(0, 19)}...)`);
  if (JSON.stringify(a.parameters) !== JSON.stringify(b.parameters)) differences.push(`different grids: ${gridText(a)} vs ${gridText(b)}`);
  if (a.replications !== b.replications) differences.push(`different replications: ${a.replications} vs ${b.replications}`);
  if (a.seed !== b.seed) differences.push(`different base seeds: ${a.seed} vs ${b.seed}`);
  return differences;
}

function gridText(file: SweepFile): string {
  return file.parameters.map((parameter) => `--set ${parameter.path}=${parameter.values.map(formatSweepValue).join(',')}`).join(' ');
}


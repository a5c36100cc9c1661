/**
 * Floors of the end-to-end figures (issue 12): what the same I/Os cost with the harness taken
 * away, each in a cold child process (floor-child.ts), in CPU seconds (user + system). A goal for
 * a whole `cowsim run` beyond its floor cannot be met by work on the harness alone; only a faster
 * kernel, SimDevice, engine or disk model moves the floor.
 *
 * - nullFloorIosPerCpuSecond: the null bench scenario's 1 M I/Os straight into the engine (kernel,
 *   SimDevices, the default modelled intake, the engine, one snapshot active); the ceiling of
 *   nullScenarioIosPerCpuSecond. nullFloorFixedCpuSeconds is the same process with no I/O.
 * - mm1FloorCpuSeconds: the M/M/1 bench's million customers as arrivals into the engine's live
 *   reads on a fixed-model SimDevice; with SimPy's figure, mm1VsSimpyCeiling is the best
 *   mm1VsSimpy could be.
 * - defaultSimulationCpuSeconds: the default scenario's simulation (workloads, metrics, per-read
 *   checks) with the final check off and no reports or CLI; defaultScenarioCpuSeconds cannot go
 *   below it while those two cost anything.
 */
import { fileURLToPath } from 'node:url';
import { measureChild, median } from './end-to-end.js';

const CHILD = fileURLToPath(new URL('./floor-child.js', import.meta.url));
const NULL_IOS = 1_000_000;
const MM1_CUSTOMERS = 1_000_000;

export interface FloorFigures {
  nullFloorIosPerCpuSecond: number;
  nullFloorFixedCpuSeconds: number;
  mm1FloorCpuSeconds: number;
  defaultSimulationCpuSeconds: number;
}

/** Median CPU seconds of `runs` cold runs of one floor, checking it completed what it was asked. */
function floorCpu(kind: 'null' | 'mm1' | 'default', ios: number, expected: number | undefined, runs: number): number {
  const costs = Array.from({ length: runs }, () => {
    const cost = measureChild(process.execPath, [CHILD, kind, String(ios)]);
    const completed = Number(cost.stdout.trim());
    if (expected !== undefined && completed !== expected) throw new Error(`bench: the ${kind} floor completed ${cost.stdout.trim()} I/Os, expected ${expected}`);
    if (!(completed > 0) && expected !== 0) throw new Error(`bench: the ${kind} floor completed no I/O`);
    return cost.cpuSeconds;
  });
  return median(costs);
}

/** Runs each floor `runs` times (default 3) and returns the medians. */
export function benchFloors(runs = 3): FloorFigures {
  return {
    nullFloorIosPerCpuSecond: NULL_IOS / floorCpu('null', NULL_IOS, NULL_IOS, runs),
    nullFloorFixedCpuSeconds: floorCpu('null', 0, 0, runs),
    mm1FloorCpuSeconds: floorCpu('mm1', MM1_CUSTOMERS, MM1_CUSTOMERS, runs),
    defaultSimulationCpuSeconds: floorCpu('default', 0, undefined, runs),
  };
}

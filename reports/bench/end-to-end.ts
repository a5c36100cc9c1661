/**
 * End-to-end benchmarks (issue 12): what a user waits for, the whole `cowsim run` command in a
 * child process, start-up, scenario loading, the run, the final verification and the reports.
 *
 * How CPU is measured: each command runs as a child of `bash -c '"$@" >&3; rc=$?; times; exit
 * $rc'` (its own output goes to file descriptor 3, kept for the callers that read it). bash's `times` builtin prints getrusage(RUSAGE_CHILDREN) of the shell, the user and
 * system CPU of the command it waited for, including anything that command spawned and waited for
 * (worker threads are in-process anyway), to the millisecond. The figure is user + system CPU
 * seconds of the command alone: bash's own CPU (its first line) is left out. Wall seconds are
 * timed around the spawn, so they include bash's few milliseconds. CPU seconds are the figure the
 * goals are set in, because this machine is shared and its wall time is noisy.
 *
 * The scenarios are built here and written to a temporary directory at bench time; each run writes
 * its reports to a temporary directory too, removed afterwards.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The CLI this module was built next to: dist/bin/cowsim.js when run from dist. */
const CLI = fileURLToPath(new URL('../../bin/cowsim.js', import.meta.url));

export interface ChildCost {
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
  readonly stdout: string;
}

/** Runs a command under bash and returns its CPU (user + system) and wall seconds. */
export function measureChild(command: string, args: readonly string[]): ChildCost {
  // The command's stdout goes to a file descriptor the shell owns, so `times` is the only line we parse;
  // the command's own output is kept (fd 3) for the callers that need it.
  const script = '"$@" >&3; rc=$?; times; exit $rc';
  const started = performance.now();
  const result = spawnSync('bash', ['-c', script, 'bash', command, ...args], {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallSeconds = (performance.now() - started) / 1000;
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) {
    throw new Error(`bench: ${command} ${args.join(' ')} exited with ${result.status ?? result.signal}: ${String(result.stderr).trim()}`);
  }
  const times = [...String(result.stdout).matchAll(/(\d+)m([\d.]+)s/g)].map((match) => Number(match[1]) * 60 + Number(match[2]));
  if (times.length !== 4) throw new Error(`bench: could not read bash's times output: ${JSON.stringify(result.stdout)}`);
  const output = (result.output as (string | null)[])[3] ?? '';
  return { cpuSeconds: times[2]! + times[3]!, wallSeconds, stdout: output };
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Scenarios, as the JSON a scenario file may be (YAML is a superset). */
const scenarios = {
  /** One I/O on null devices: what every command pays before it simulates anything. */
  startup: {
    name: 'bench-startup',
    seed: 1,
    ios: 1,
    volume: { size: '64MiB', blockSize: '4KiB', chunkSize: '64KiB' },
    devices: { origin: { model: 'null' }, snapshotStore: { model: 'null', size: '32MiB' } },
    workloads: [{ name: 'w', rw: 'randwrite', blockSize: '4KiB' }],
  },
  /** 1 M I/Os on null devices, a snapshot taken at the start and active throughout, verification on. */
  null: {
    name: 'bench-null',
    seed: 1,
    ios: 1_000_000,
    volume: { size: '1GiB', blockSize: '4KiB', chunkSize: '64KiB' },
    devices: { origin: { model: 'null' }, snapshotStore: { model: 'null', size: '2GiB' } },
    workloads: [{ name: 'w', rw: 'randrw', readPercent: 50, blockSize: '4KiB', iodepth: 8 }],
    snapshots: { at: ['0s'] },
    verify: true,
  },
  /** The same on nvme-pcie4 devices, 200,000 I/Os. */
  nvme: {
    name: 'bench-nvme',
    seed: 1,
    ios: 200_000,
    volume: { size: '1GiB', blockSize: '4KiB', chunkSize: '64KiB' },
    devices: { origin: { preset: 'nvme-pcie4' }, snapshotStore: { preset: 'nvme-pcie4', size: '2GiB' } },
    workloads: [{ name: 'w', rw: 'randrw', readPercent: 50, blockSize: '4KiB', iodepth: 32 }],
    snapshots: { at: ['0s'] },
    verify: true,
  },
} as const;

/**
 * M/M/1: Poisson arrivals at 5,000/s, one server, exponential 100 us service (utilisation 0.5).
 * A million customers, so each side's start-up (cowsim's is startupCpuSeconds) is a small part of
 * its whole-process CPU and the ratio is mostly the cost per customer.
 */
const MM1 = { customers: 1_000_000, arrivalsPerSecond: 5000, meanServiceUs: 100, seed: 1 } as const;

/** The M/M/1 queue as a scenario, examples/open-loop-fixed.yaml stopped on a count of I/Os; no
 * snapshots and no final verification, so it is the queueing model and nothing more. */
const mm1Scenario = {
  name: 'bench-mm1',
  seed: MM1.seed,
  ios: MM1.customers,
  volume: { size: '1GiB', blockSize: '4KiB', chunkSize: '64KiB' },
  devices: {
    origin: { model: 'fixed', params: { servers: 1, meanServiceTimeUs: MM1.meanServiceUs, distribution: 'exponential' } },
    snapshotStore: { model: 'null', size: '256MiB' },
  },
  engine: { intake: 'none' },
  workloads: [{ name: 'reader', rw: 'randread', blockSize: '4KiB', rate: { iops: MM1.arrivalsPerSecond, arrival: 'poisson' } }],
  verify: false,
} as const;

/** A python3 that imports SimPy (2 as `SimPy`, 3 and later as `simpy`), or undefined. */
function findSimPy(): string | undefined {
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'try:\n import SimPy.Simulation\nexcept ImportError:\n import simpy'], { stdio: 'ignore' });
    if (probe.status === 0) return python;
  }
  return undefined;
}

/** The SimPy script: kept under reports/bench/, found from dist/reports/bench/ or next to this module. */
function simpyScript(): string {
  const candidates = [
    fileURLToPath(new URL('./simpy-mm1.py', import.meta.url)),
    fileURLToPath(new URL('../../../reports/bench/simpy-mm1.py', import.meta.url)),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) throw new Error(`bench: simpy-mm1.py not found (looked at ${candidates.join(', ')})`);
  return found;
}

export interface EndToEndFigures {
  startupCpuSeconds: number;
  startupWallSeconds: number;
  defaultScenarioCpuSeconds: number;
  defaultScenarioWallSeconds: number;
  nullScenarioIosPerCpuSecond: number;
  nullScenarioIosPerWallSecond: number;
  nvmeScenarioIosPerCpuSecond: number;
  nvmeScenarioIosPerWallSecond: number;
  mm1VsSimpy?: number;
  mm1CowsimCpuSeconds?: number;
  mm1SimpyCpuSeconds?: number;
}

export interface EndToEndOptions {
  /** Runs of the start-up scenario (median taken; default 3). */
  readonly startupRuns?: number;
  /** Alternating runs of each side of the M/M/1 comparison (median taken; default 3). */
  readonly mm1Runs?: number;
}

/** Runs the end-to-end scenarios and, where SimPy is installed, the M/M/1 comparison. */
export function benchEndToEnd(options: EndToEndOptions = {}): EndToEndFigures {
  const dir = mkdtempSync(path.join(tmpdir(), 'cowsim-bench-'));
  try {
    const file = (name: string, scenario: object): string => {
      const target = path.join(dir, `${name}.json`);
      writeFileSync(target, `${JSON.stringify(scenario, null, 2)}\n`);
      return target;
    };
    let runs = 0;
    const run = (scenarioFile: string | undefined): ChildCost => {
      const out = path.join(dir, `out-${runs++}`);
      const args = [CLI, 'run', ...(scenarioFile === undefined ? [] : ['--scenario', scenarioFile]), '--quiet', '--out', out];
      const cost = measureChild(process.execPath, args);
      rmSync(out, { recursive: true, force: true });
      return cost;
    };

    const startupFile = file('startup', scenarios.startup);
    const startups = Array.from({ length: options.startupRuns ?? 3 }, () => run(startupFile));
    const startup = { cpu: median(startups.map((cost) => cost.cpuSeconds)), wall: median(startups.map((cost) => cost.wallSeconds)) };
    const defaults = run(undefined);
    const nullRun = run(file('null', scenarios.null));
    const nvmeRun = run(file('nvme', scenarios.nvme));
    const figures: EndToEndFigures = {
      startupCpuSeconds: startup.cpu,
      startupWallSeconds: startup.wall,
      defaultScenarioCpuSeconds: defaults.cpuSeconds,
      defaultScenarioWallSeconds: defaults.wallSeconds,
      nullScenarioIosPerCpuSecond: scenarios.null.ios / nullRun.cpuSeconds,
      nullScenarioIosPerWallSecond: scenarios.null.ios / nullRun.wallSeconds,
      nvmeScenarioIosPerCpuSecond: scenarios.nvme.ios / nvmeRun.cpuSeconds,
      nvmeScenarioIosPerWallSecond: scenarios.nvme.ios / nvmeRun.wallSeconds,
    };

    const python = findSimPy();
    if (python === undefined) {
      console.log('bench: mm1VsSimpy left out: no python3 that imports SimPy (Debian: apt-get install python3-simpy)');
      return figures;
    }
    const script = simpyScript();
    const mm1File = file('mm1', mm1Scenario);
    const cowsimCpu: number[] = [];
    const simpyCpu: number[] = [];
    // Alternate the two sides so a change in the machine's load affects both alike.
    for (let round = 0; round < (options.mm1Runs ?? 3); round++) {
      cowsimCpu.push(run(mm1File).cpuSeconds);
      const simpy = measureChild(python, [script, String(MM1.customers), String(MM1.arrivalsPerSecond), String(MM1.meanServiceUs), String(MM1.seed)]);
      const [served] = simpy.stdout.trim().split(/\s+/).map(Number);
      if (served !== MM1.customers) throw new Error(`bench: the SimPy M/M/1 served ${simpy.stdout.trim()}, expected ${MM1.customers} customers`);
      simpyCpu.push(simpy.cpuSeconds);
    }
    figures.mm1CowsimCpuSeconds = median(cowsimCpu);
    figures.mm1SimpyCpuSeconds = median(simpyCpu);
    figures.mm1VsSimpy = figures.mm1SimpyCpuSeconds / figures.mm1CowsimCpuSeconds;
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

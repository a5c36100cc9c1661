/**
 * The memory figure of issue 12: a 1 TiB volume run that touches 52 M blocks (208 GiB of 4 KiB
 * blocks) with a snapshot active from the start, so every chunk written is also copied: the origin
 * and the snapshot store each end up holding 52 M blocks' payloads, the oracle 52 M live values.
 * Written sequentially in 1 MiB requests (203,125 of them); the final check then reads every block
 * of both views (2 x 268 M blocks) through the engine.
 *
 * Peak resident memory and CPU are read in the child itself (process.resourceUsage(), through an
 * --import hook that prints them at exit), so the figures are the run's own and need no time(1).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../bin/cowsim.js', import.meta.url));
const GIB = 1024 ** 3;
/** Printed by the child as it exits: peak resident KiB, user and system CPU microseconds. */
const REPORT_USAGE = 'data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write(`cowsim-bench-usage ${u.maxRSS} ${u.userCPUTime} ${u.systemCPUTime}\\n`)})';

/** The scenario: 1 TiB volume, null devices, one snapshot at 0 s, `requestBytes` sequential writes over the first 208 GiB. */
export function memoryScenario(requestBytes: number): object {
  const touchedBlocks = 52_000_000;
  const blockBytes = 4096;
  return {
    name: `bench-memory-1tib-${requestBytes / 1024}k`,
    seed: 1,
    ios: (touchedBlocks * blockBytes) / requestBytes,
    volume: { size: '1TiB', blockSize: '4KiB', chunkSize: '64KiB' },
    devices: { origin: { model: 'null' }, snapshotStore: { model: 'null', size: '512GiB' } },
    workloads: [{ name: 'writer', rw: 'write', blockSize: `${requestBytes / 1024}KiB`, iodepth: 8 }],
    snapshots: { at: ['0s'] },
    verify: true,
    limits: { maxEvents: 400_000_000 },
  };
}

export interface MemoryFigures {
  memory1TiBMaxRssGiB: number;
  memory1TiBCpuSeconds: number;
}

/** Runs the 1 MiB-request scenario in a child and returns its peak resident memory and CPU. */
export function benchMemory(requestBytes = 1024 * 1024): MemoryFigures {
  const dir = mkdtempSync(path.join(tmpdir(), 'cowsim-bench-memory-'));
  try {
    const scenario = path.join(dir, 'memory.json');
    writeFileSync(scenario, `${JSON.stringify(memoryScenario(requestBytes), null, 2)}\n`);
    const result = spawnSync(process.execPath, ['--import', REPORT_USAGE, CLI, 'run', '--scenario', scenario, '--quiet', '--out', path.join(dir, 'out')], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`bench: the memory run exited with ${result.status ?? result.signal}: ${result.stderr.trim()}`);
    const usage = /cowsim-bench-usage (\d+) (\d+) (\d+)/.exec(result.stderr);
    if (usage === null) throw new Error(`bench: the memory run printed no usage: ${result.stderr.trim()}`);
    return { memory1TiBMaxRssGiB: (Number(usage[1]) * 1024) / GIB, memory1TiBCpuSeconds: (Number(usage[2]) + Number(usage[3])) / 1e6 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Test fixtures for sweeps: a tiny, fast scenario with snapshots, writes and chunk locks, written to a temporary file. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RawScenario } from '../../../workloads/scenario/schema.js';

/** 100 ms of random reads and writes on an NVMe origin, preserve commands every 25 ms: about 0.1 s of wall time per run. */
export const tinyScenario: RawScenario = {
  name: 'tiny',
  seed: 11,
  duration: '100ms',
  volume: { size: '8MiB', blockSize: '4KiB', chunkSize: '64KiB' },
  devices: {
    origin: { preset: 'nvme-pcie4' },
    snapshotStore: { preset: 'ssd-sata', size: '64MiB' },
  },
  engine: { locks: 'chunk', intake: { servers: 8, meanServiceTime: '200us' } },
  workloads: [{ name: 'writers', rw: 'randrw', readPercent: 50, blockSize: '4KiB', jobs: 2, iodepth: 4 }],
  snapshots: { every: '25ms', retain: 2 },
};

/** A fresh temporary directory. */
export function temporaryDirectory(prefix = 'cowsim-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes a scenario object as a JSON file (JSON is YAML) and returns its path. */
export function writeScenarioFile(directory: string, scenario: unknown, name = 'scenario.json'): string {
  const path = join(directory, name);
  writeFileSync(path, `${JSON.stringify(scenario, null, 2)}\n`);
  return path;
}

/** A CommandIo that keeps what a command prints. */
export function bufferIo(): { stdout: (text: string) => void; stderr: (text: string) => void; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    out: () => out,
    err: () => err,
  };
}

// @ts-check
// A scenario built in code, validated as a scenario file is, run, and read through its summary.
// Run it with `node examples/api/run-in-code.mjs` after `npm run build` (or from a project that
// depends on cowsim).
import { buildSummary, runScenario, scenarioFromObject } from 'cowsim';

/** @type {import('cowsim').RawScenario} */
const raw = {
  name: 'api-demo',
  seed: 7,
  duration: '500ms',
  volume: { size: '1GiB', blockSize: '4KiB', chunkSize: '64KiB' },
  devices: {
    origin: { preset: 'nvme-pcie4', params: { capacityBytes: '2GiB' } },
    snapshotStore: { preset: 'ssd-sata', size: '512MiB', params: { capacityBytes: '2GiB' } },
  },
  workloads: [{ name: 'db', rw: 'randrw', readPercent: 70, blockSize: '8KiB', jobs: 4, iodepth: 4 }],
  snapshots: { at: ['100ms', '300ms'] },
};

// Throws a ScenarioError naming each bad field, exactly as `cowsim run --scenario` would.
const scenario = scenarioFromObject(raw, 'api-demo (in code)');
const result = await runScenario(scenario);
// The object `cowsim run` writes as summary.json: times in microseconds.
const summary = buildSummary(result);

console.log(`iops: ${summary.iops}`);
// Latency figures are null when the run had no I/O of that kind (never 0).
console.log(`write p99: ${summary.latency.write.p99} us`);
console.log(`snapshots valid: ${summary.snapshots.filter((snapshot) => snapshot.valid).length} of ${summary.snapshots.length}`);
console.log(`correctness: ${summary.correctness.verdict} (${summary.correctness.checkedBlocks} blocks checked)`);
process.exitCode = summary.correctness.verdict === 'pass' ? 0 : 1;

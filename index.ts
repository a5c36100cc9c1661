/**
 * cowsim as a library (`import { ... } from 'cowsim'`, docs/api.md). A chosen surface, not every
 * module: what a script needs to build or load a scenario, run it, read its summary, and drive
 * the engine or the simulator directly. Anything left out stays free to change between versions;
 * the CLI (bin/cowsim.ts) is built on the same modules.
 */

// Scenarios: a file, the embedded default, or an object built in code, all validated by one schema.
export { loadScenario, loadScenarioFile, loadDefaultScenario, scenarioFromObject, scenarioFromText } from './workloads/scenario/load.js';
export { scenarioSchema, workloadKinds } from './workloads/scenario/schema.js';
export type { RawScenario } from './workloads/scenario/schema.js';
export type { Scenario, ResolvedDevice, ResolvedWorkload, WorkloadKind } from './workloads/scenario/resolve.js';
export { ScenarioError, type ScenarioIssue } from './workloads/scenario/scenario-error.js';
export { defaultScenario } from './workloads/scenario/default-scenario.js';
export { scenarioJsonSchema } from './reports/commands/schema-command.js';

// Running one and reading what it measured: summary.json's object, under its stable keys.
export { runScenario, type RunOptions } from './workloads/run.js';
export type { RunResult, CorrectnessResult, SnapshotResult, DeviceResult, WorkloadResult } from './workloads/run-result.js';
export { buildSummary, summaryJson } from './reports/run/summary.js';
export type { RunSummary, DistributionFigure, LatencyFiguresUs, LockFiguresUs, SnapshotSummary, DeviceSummary } from './reports/run/summary.js';

// The engine on its own: it sees only BlockDevices and a Clock (design.md section 3).
export { Volume } from './engine/volume.js';
export type { VolumeOptions, OpenOptions, VolumeStats, CowFigures } from './engine/volume-options.js';
export type { BlockDevice, ClosableBlockDevice } from './engine/block-device.js';
export { type Clock, ManualClock } from './engine/clock.js';
export { MemoryDevice } from './engine/memory-device.js';
export { FileDevice } from './engine/file-device.js';
export { createStrategy, strategyDescriptions, type StrategyOptions } from './engine/strategies.js';
export { STRATEGY_NAMES, type SnapshotStrategy, type StrategyName } from './engine/snapshot-strategy.js';
export { CowsimError, InputError, DeviceError, SnapshotUnavailableError, ImageFormatError, SnapshotCorruptError } from './engine/errors.js';

// The simulator: the kernel is the engine's Clock; a SimDevice is a BlockDevice timed by a disk model.
// Both the kernel and the scenario runner name their options RunOptions/RunResult: the kernel's are renamed.
export { Kernel, ProcessFailedError, type KernelLimits, type RunOptions as KernelRunOptions, type RunResult as KernelRunResult } from './sim/kernel.js';
export { SimDevice, OverlappingWriteError, type SimDeviceOptions, type SimDeviceStats } from './sim/sim-device.js';
export { diskPresets, findPreset } from './sim/presets.js';
export { diskModels, findDiskModel } from './sim/disk-models.js';
export { RandomStreams } from './sim/random.js';

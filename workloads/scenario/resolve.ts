/**
 * Turns a parsed scenario into the fully resolved Scenario the runner takes: sizes in bytes and
 * blocks, durations in nanoseconds, profiles expanded, presets merged with overrides and checked
 * against their plug-in's parameter schema, and every cross-field rule enforced.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import type { z } from 'zod';
import { type EngineMutant, engineMutants } from '../../engine/mutants.js';
import type { StrategyName } from '../../engine/snapshot-strategy.js';
import type { LockMode, LockPolicy } from '../../engine/lock-manager.js';
import { findDiskModel } from '../../sim/disk-models.js';
import { checkedPlan, faultRuleProblems, type FaultRule, type FaultRuleInput } from '../../sim/faults/fault-plan.js';
import { findPreset } from '../../sim/presets.js';
import { modelledIntakeParamsSchema, type ModelledIntakeParams } from '../../sim/modelled-intake.js';
import { findProfile } from '../profiles.js';
import { checkImageLayout, checkIosReachable, checkRunShape, checkVolumeChunks, checkWorkloadCounts, resolveRunLimits, type RunLimits } from './resolve-limits.js';
import { type ScenarioIssue, fieldPath } from './scenario-error.js';
import type { distributionSchema, ParsedDevice, ParsedFaultRule, ParsedScenario, ParsedWorkload, traceSchema, workloadKinds } from './schema.js';
import { decimalSizeHint, parseSize, SIZE_UNITS_NOTE } from './units.js';

export type WorkloadKind = (typeof workloadKinds)[number];
export type Distribution = z.output<typeof distributionSchema>;

export interface ResolvedDevice {
  role: 'origin' | 'snapshotStore';
  preset?: string;
  model: string;
  /** The plug-in's parameters, validated, defaults filled. */
  params: Record<string, unknown>;
  scheduler: 'fifo' | 'elevator' | 'deadline';
  /** Bytes of the device the scenario uses. */
  sizeBytes: number;
}

export interface ResolvedWorkload {
  name: string;
  /** The profile it came from, if any. */
  profile?: string;
  rw: WorkloadKind;
  /** Reads as a fraction of I/Os, 0..1. */
  readFraction: number;
  /** Request sizes in volume blocks with weights. */
  blockSizes: { blocks: number; weight: number }[];
  jobs: number;
  iodepth: number;
  rate?: { iops: number; arrival: 'poisson' | 'constant' };
  thinkTimeNs: number;
  rangeStartBlock: number;
  rangeBlocks: number;
  distribution: Distribution;
  target: 'live' | 'snapshot';
  /** Which snapshot a snapshot target reads. */
  snapshot: 'newest' | 'any';
  startAtNs: number;
  stopAtNs: number;
  rampUpNs: number;
  ios: number;
  loops: number;
  trace?: z.output<typeof traceSchema>;
}

export interface Scenario {
  name: string;
  description: string;
  /** Where it came from: a file path or "(embedded default)". */
  source: string;
  seed: number;
  durationNs: number;
  ios: number;
  volume: { sizeBytes: number; blockSizeBytes: number; chunkSizeBytes: number; payloadBytes: number; blockCount: number; chunkBlocks: number };
  devices: { origin: ResolvedDevice; snapshotStore: ResolvedDevice };
  engine: { strategy: StrategyName; locks: LockPolicy; stripes: number; lockMode: LockMode; intake?: ModelledIntakeParams; mutant: EngineMutant };
  workloads: ResolvedWorkload[];
  snapshots: {
    atNs: number[];
    everyNs?: number;
    firstAtNs?: number;
    retain?: number;
    after: { workload: string; ios: number }[];
    imageSizeBytes: number;
    /** Most snapshots alive at once: the number of images the store is divided into. */
    maxAlive: number;
  };
  verify: boolean;
  report: { timelineIntervalNs: number; html: boolean };
  /** Bounds of the run: past them it stops with a RunLimitError (exit 2). */
  limits: RunLimits;
  /** Faults per device (blocks in device blocks, times in ns); absent when the scenario has no faults section. */
  faults?: { origin: FaultRule[]; snapshotStore: FaultRule[] };
  /** The scenario as parsed, echoed back in reports. */
  parsed: ParsedScenario;
}

const DEFAULT_DURATION_NS = 10e9;

/** Resolves a parsed scenario; returns the issues found instead when any. */
export function resolveScenario(parsed: ParsedScenario, source: string): Scenario | ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const issue = (path: PropertyKey[], expected: string) => issues.push({ field: fieldPath(path), expected });

  const { blockSize, chunkSize, size, payloadBytes } = parsed.volume;
  if (!Number.isInteger(blockSize) || blockSize < 512 || blockSize % 512 !== 0) issue(['volume', 'blockSize'], `a multiple of 512 bytes, found ${blockSize}${decimalSizeHint(blockSize, 512)}`);
  if (chunkSize % blockSize !== 0 || chunkSize < blockSize) issue(['volume', 'chunkSize'], `a multiple of volume.blockSize (${blockSize} bytes), found ${chunkSize}${decimalSizeHint(chunkSize, blockSize)}`);
  if (size % blockSize !== 0 || size < chunkSize) issue(['volume', 'size'], `a multiple of volume.blockSize of at least one chunk, found ${size}${decimalSizeHint(size, blockSize)}`);
  const volumeShapeOk = issues.length === 0;
  checkVolumeChunks(parsed.volume, issue);
  const blockCount = Math.floor(size / blockSize);
  const chunkBlocks = Math.max(1, Math.floor(chunkSize / blockSize));

  const durationNs = parsed.duration ?? (parsed.ios === undefined ? DEFAULT_DURATION_NS : Number.POSITIVE_INFINITY);
  if (durationNs <= 0) issue(['duration'], 'a positive duration');

  const origin = resolveDevice(parsed.devices.origin, 'origin', size, issue);
  const storeSize = parsed.devices.snapshotStore.size ?? size;
  const snapshotStore = resolveDevice(parsed.devices.snapshotStore, 'snapshotStore', storeSize, issue);

  const mutantOwner = engineMutants.find((mutant) => mutant.name === parsed.engine.mutant)?.strategy;
  if (mutantOwner !== undefined && mutantOwner !== parsed.engine.strategy) {
    issue(['engine', 'mutant'], `a mutant of the ${parsed.engine.strategy} strategy (${parsed.engine.mutant} is one of ${mutantOwner}'s; set engine.strategy: ${mutantOwner})`);
  }

  let intake: ModelledIntakeParams | undefined;
  if (parsed.engine.intake !== 'none') {
    const { servers, distribution, meanServiceTime, coefficientOfVariation } = parsed.engine.intake;
    intake = modelledIntakeParamsSchema.parse({ servers, distribution, meanServiceTimeUs: meanServiceTime / 1000, coefficientOfVariation });
  }

  const workloads: ResolvedWorkload[] = [];
  const entryOf = new Map<ResolvedWorkload, number>();
  parsed.workloads.forEach((entry, index) => {
    for (const workload of expandWorkload(entry, index, issue)) {
      const resolved = resolveWorkload(workload, index, { blockSize, blockCount, durationNs }, source, issue);
      if (resolved) workloads.push(resolved);
      if (resolved) entryOf.set(resolved, index);
    }
  });
  checkWorkloadCounts(workloads, (workload) => entryOf.get(workload) ?? 0, issue);
  checkIosReachable(parsed, workloads, issue);
  const names = new Set<string>();
  parsed.workloads.forEach((entry, index) => {
    if (names.has(entry.name)) issue(['workloads', index, 'name'], `a name used once, found "${entry.name}" twice`);
    names.add(entry.name);
  });

  const schedule = parsed.snapshots;
  schedule.after.forEach((trigger, index) => {
    if (!workloads.some((workload) => workload.name === trigger.workload || workload.name.startsWith(`${trigger.workload}.`))) {
      issue(['snapshots', 'after', index, 'workload'], `the name of a workload in this scenario, found "${trigger.workload}"`);
    }
  });
  if (schedule.every !== undefined && schedule.every <= 0) issue(['snapshots', 'every'], 'a positive interval');
  const scheduled =
    schedule.at.length + schedule.after.length + (schedule.every === undefined ? 0 : Number.isFinite(durationNs) ? Math.floor(durationNs / schedule.every) + 1 : 64);
  // A new snapshot is taken before the oldest is deleted, so retention needs one image more.
  const maxAlive = Math.max(1, Math.min(schedule.retain === undefined ? scheduled : schedule.retain + 1, scheduled));
  const imageSizeBytes = schedule.imageSize ?? Math.floor(storeSize / maxAlive / blockSize) * blockSize;
  if (imageSizeBytes * maxAlive > storeSize) {
    issue(['snapshots', 'imageSize'], `at most ${Math.floor(storeSize / maxAlive)} bytes: ${maxAlive} snapshot images must fit on the ${storeSize}-byte snapshot store`);
  }
  if (volumeShapeOk) checkImageLayout({ blockSizeBytes: blockSize, payloadBytes, chunkBlocks }, { imageSizeBytes, maxAlive, storeBytes: storeSize }, issue);
  checkRunShape(parsed, durationNs, issue);
  const limits = resolveRunLimits(parsed, durationNs, issue);

  const faults = parsed.faults && {
    origin: resolveFaultRules(parsed.faults.origin, 'origin', blockSize, blockCount, issue),
    snapshotStore: resolveFaultRules(parsed.faults.snapshotStore, 'snapshotStore', blockSize, Math.floor(storeSize / blockSize), issue),
  };

  if (issues.length > 0) return issues;
  const timelineIntervalNs = parsed.report.timelineInterval ?? (Number.isFinite(durationNs) ? Math.max(1_000_000, Math.round(durationNs / 100)) : 100_000_000);
  return {
    name: parsed.name,
    description: parsed.description ?? '',
    source,
    seed: parsed.seed,
    durationNs,
    ios: parsed.ios ?? Number.POSITIVE_INFINITY,
    volume: { sizeBytes: size, blockSizeBytes: blockSize, chunkSizeBytes: chunkSize, payloadBytes, blockCount, chunkBlocks },
    devices: { origin: origin!, snapshotStore: snapshotStore! },
    engine: { strategy: parsed.engine.strategy, locks: parsed.engine.locks, stripes: parsed.engine.stripes, lockMode: parsed.engine.lockMode, intake, mutant: parsed.engine.mutant as EngineMutant },
    workloads,
    snapshots: {
      atNs: [...schedule.at].sort((a, b) => a - b),
      everyNs: schedule.every,
      firstAtNs: schedule.firstAt,
      retain: schedule.retain,
      after: schedule.after,
      imageSizeBytes,
      maxAlive,
    },
    verify: parsed.verify,
    report: { timelineIntervalNs, html: parsed.report.html },
    limits,
    ...(faults ? { faults } : {}),
    parsed,
  };
}

function resolveDevice(
  device: ParsedDevice,
  role: 'origin' | 'snapshotStore',
  sizeBytes: number,
  issue: (path: PropertyKey[], expected: string) => void,
): ResolvedDevice | undefined {
  const base = ['devices', role];
  const entry = resolveDeviceEntry(device, base, issue);
  if (entry === undefined) return undefined;
  const capacity = typeof entry.params.capacityBytes === 'number' ? entry.params.capacityBytes : Number.POSITIVE_INFINITY;
  if (sizeBytes > capacity) {
    issue(role === 'origin' ? ['volume', 'size'] : [...base, 'size'], `at most the ${entry.model} device's capacity of ${capacity} bytes, found ${sizeBytes}`);
  }
  return { role, ...entry, sizeBytes };
}

/** A device entry's model, parameters and scheduler, resolved as a scenario's device entry is. */
export interface DeviceEntry {
  preset?: string;
  model: string;
  /** The plug-in's parameters, validated, defaults filled. */
  params: Record<string, unknown>;
  scheduler: 'fifo' | 'elevator' | 'deadline';
}

/**
 * Resolves a device entry (preset or model, params, scheduler): the preset's parameters merged
 * with the overrides and checked by the model's schema. Problems are reported at `base` + field.
 */
export function resolveDeviceEntry(device: ParsedDevice, base: PropertyKey[], issue: (path: PropertyKey[], expected: string) => void): DeviceEntry | undefined {
  let modelName = device.model;
  let presetParams: Record<string, unknown> = {};
  if (device.preset !== undefined) {
    const preset = findPreset(device.preset);
    if (!preset) {
      issue([...base, 'preset'], `a preset listed by \`cowsim presets\`, found "${device.preset}"`);
      return undefined;
    }
    modelName = preset.model;
    presetParams = preset.params;
  }
  const plugin = findDiskModel(modelName!);
  if (!plugin) {
    issue([...base, 'model'], `a disk model listed by \`cowsim presets\`, found "${modelName}"`);
    return undefined;
  }
  // Sizes read naturally in scenario files: capacityBytes: 8GiB.
  const overrides = Object.fromEntries(
    Object.entries(device.params).map(([key, value]) => [key, key.endsWith('Bytes') && typeof value === 'string' ? (parseSize(value) ?? value) : value]),
  );
  const result = plugin.paramsSchema.safeParse({ ...presetParams, ...overrides }, { reportInput: true });
  if (!result.success) {
    for (const problem of result.error.issues) issue([...base, 'params', ...problem.path], describeZodIssue(problem));
    return undefined;
  }
  const params = result.data as Record<string, unknown>;
  return { ...(device.preset === undefined ? {} : { preset: device.preset }), model: plugin.name, params, scheduler: device.scheduler };
}

/** A device's fault rules in device blocks and nanoseconds, each problem reported at its field. */
function resolveFaultRules(
  rules: readonly ParsedFaultRule[],
  role: 'origin' | 'snapshotStore',
  blockSize: number,
  blockCount: number,
  issue: (path: PropertyKey[], expected: string) => void,
): FaultRule[] {
  const resolved: FaultRuleInput[] = [];
  rules.forEach((rule, index) => {
    const base = ['faults', role, index];
    let blocks: FaultRuleInput['blocks'];
    if (rule.blocks) {
      const deviceBytes = blockCount * blockSize;
      const toBytes = (extent: { bytes: number } | { percent: number }) => ('bytes' in extent ? extent.bytes : Math.floor((deviceBytes * extent.percent) / 100));
      const offsetBytes = rule.blocks.offset ? toBytes(rule.blocks.offset) : 0;
      if (rule.blocks.offset && 'bytes' in rule.blocks.offset && offsetBytes % blockSize !== 0) {
        issue([...base, 'blocks', 'offset'], `a multiple of volume.blockSize (${blockSize} bytes), found ${offsetBytes}`);
        return;
      }
      const from = Math.floor(offsetBytes / blockSize);
      const sizeBytes = rule.blocks.size ? toBytes(rule.blocks.size) : deviceBytes - from * blockSize;
      blocks = { from, until: from + Math.floor(sizeBytes / blockSize) };
    }
    const input: FaultRuleInput = {
      kind: rule.kind,
      probability: rule.probability,
      ...(rule.window ? { window: { fromNs: rule.window.from ?? 0, untilNs: rule.window.until ?? Number.POSITIVE_INFINITY } } : {}),
      ...(blocks ? { blocks } : {}),
      ...(rule.operations ? { operations: rule.operations } : {}),
      ...(rule.extra !== undefined ? { extraNs: rule.extra } : {}),
      ...(rule.factor !== undefined ? { factor: rule.factor } : {}),
    };
    const problems = faultRuleProblems(input, blockCount);
    for (const problem of problems) {
      const expected = problem.field === 'blocks' ? `a part of the ${blockCount * blockSize}-byte ${role} device of at least one block (offset and size are sizes or percentages of the device)` : problem.expected;
      issue([...base, problem.field], expected);
    }
    if (problems.length === 0) resolved.push(input);
  });
  return checkedPlan(resolved, blockCount, role);
}

/** Expands a profile entry into its parts, the entry's own fields overriding the profile's. */
function expandWorkload(entry: ParsedWorkload, index: number, issue: (path: PropertyKey[], expected: string) => void): (ParsedWorkload & { profileName?: string })[] {
  if (entry.profile === undefined) return [entry];
  const profile = findProfile(entry.profile);
  if (!profile) {
    issue(['workloads', index, 'profile'], `a workload profile listed by \`cowsim presets\`, found "${entry.profile}"`);
    return [];
  }
  const overrides = Object.fromEntries(Object.entries(entry).filter(([key, value]) => value !== undefined && key !== 'name' && key !== 'profile'));
  return profile.parts.map(({ part, ...fields }) => ({
    ...fields,
    ...overrides,
    name: profile.parts.length === 1 ? entry.name : `${entry.name}.${part}`,
    profileName: profile.name,
  }));
}

function resolveWorkload(
  workload: ParsedWorkload & { profileName?: string },
  index: number,
  volume: { blockSize: number; blockCount: number; durationNs: number },
  source: string,
  issue: (path: PropertyKey[], expected: string) => void,
): ResolvedWorkload | undefined {
  const base = ['workloads', index];
  let problems = 0;
  const fail = (field: string, expected: string) => {
    problems++;
    issue([...base, field], expected);
  };
  const volumeBytes = volume.blockCount * volume.blockSize;
  const toBytes = (extent: { bytes: number } | { percent: number }) => ('bytes' in extent ? extent.bytes : Math.floor((volumeBytes * extent.percent) / 100));
  const offsetBytes = workload.range?.offset ? toBytes(workload.range.offset) : 0;
  const sizeBytes = workload.range?.size ? toBytes(workload.range.size) : volumeBytes - offsetBytes;
  if (offsetBytes % volume.blockSize !== 0 && workload.range?.offset && 'bytes' in workload.range.offset) fail('range', `an offset that is a multiple of volume.blockSize (${volume.blockSize})`);
  const rangeStartBlock = Math.floor(offsetBytes / volume.blockSize);
  const rangeBlocks = Math.floor(sizeBytes / volume.blockSize);
  if (rangeStartBlock + rangeBlocks > volume.blockCount || rangeBlocks < 1) fail('range', `a range inside the ${volumeBytes}-byte volume of at least one block`);

  const blockSizes: { blocks: number; weight: number }[] = [];
  const rawSizes = workload.blockSize ?? volume.blockSize;
  const sizeEntries: [string | number, number][] = typeof rawSizes === 'number' ? [[rawSizes, 1]] : Object.entries(rawSizes);
  for (const [text, weight] of sizeEntries) {
    const bytes = typeof text === 'number' ? text : parseSize(text);
    if (bytes === undefined || bytes < volume.blockSize || bytes % volume.blockSize !== 0) {
      const hint = bytes === undefined ? ` (${SIZE_UNITS_NOTE})` : decimalSizeHint(bytes, volume.blockSize);
      fail('blockSize', `sizes that are multiples of volume.blockSize (${volume.blockSize} bytes), found ${JSON.stringify(text)}${hint}`);
      continue;
    }
    if (bytes / volume.blockSize > rangeBlocks) fail('blockSize', `sizes no larger than the workload's range (${rangeBlocks} blocks)`);
    blockSizes.push({ blocks: bytes / volume.blockSize, weight });
  }
  const rw = workload.rw ?? 'randrw';
  const readPercent = workload.readPercent ?? (rw === 'read' || rw === 'randread' ? 100 : rw === 'write' || rw === 'randwrite' ? 0 : 50);
  if ((rw === 'read' || rw === 'randread') && readPercent !== 100) fail('readPercent', `100 (or nothing) for rw "${rw}"`);
  if ((rw === 'write' || rw === 'randwrite') && readPercent !== 0) fail('readPercent', `0 (or nothing) for rw "${rw}"`);
  const target = workload.target ?? 'live';
  if (target === 'snapshot' && readPercent !== 100) fail('target', `"live" for a workload that writes (a snapshot view is read-only), or rw read/randread`);
  if (workload.snapshot !== undefined && target !== 'snapshot') fail('snapshot', 'nothing for a workload whose target is not "snapshot"');
  const startAtNs = workload.startAt ?? 0;
  const stopAtNs = workload.stopAt ?? Number.POSITIVE_INFINITY;
  if (stopAtNs <= startAtNs) fail('stopAt', `a time after startAt (${startAtNs / 1e9} s)`);
  let trace = workload.trace;
  if (trace) {
    // A trace path is relative to the scenario file, so a scenario runs from any directory.
    const file = isAbsolute(trace.file) || source.startsWith('(') ? trace.file : resolvePath(dirname(source), trace.file);
    if (!existsSync(file)) {
      problems++;
      issue([...base, 'trace', 'file'], `an existing trace file (relative paths start at the scenario file's folder), found "${trace.file}" (${file})`);
    }
    trace = { ...trace, file };
  }
  if (problems > 0) return undefined;
  return {
    name: workload.name,
    ...(workload.profileName ? { profile: workload.profileName } : {}),
    rw,
    readFraction: readPercent / 100,
    blockSizes,
    jobs: workload.jobs ?? 1,
    iodepth: workload.iodepth ?? (workload.rate ? 1024 : 1),
    ...(workload.rate ? { rate: { iops: workload.rate.iops, arrival: workload.rate.arrival } } : {}),
    thinkTimeNs: workload.thinkTime ?? 0,
    rangeStartBlock,
    rangeBlocks,
    distribution: workload.distribution ?? 'uniform',
    target,
    snapshot: workload.snapshot ?? 'newest',
    startAtNs,
    stopAtNs,
    rampUpNs: workload.rampUp ?? 0,
    ios: workload.ios ?? Number.POSITIVE_INFINITY,
    loops: workload.loops ?? Number.POSITIVE_INFINITY,
    ...(trace ? { trace } : {}),
  };
}

/** What a zod issue expected, in words for a scenario author. */
export function describeZodIssue(problem: z.core.$ZodIssue): string {
  switch (problem.code) {
    case 'invalid_type':
      return `${problem.expected}${'input' in problem && problem.input !== undefined ? `, found ${JSON.stringify(problem.input)}` : ''}`;
    case 'invalid_value':
      return `one of ${problem.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'unrecognized_keys':
      return `no field named ${problem.keys.map((key) => `"${key}"`).join(', ')} (unknown fields are refused, to catch typos)`;
    case 'too_small':
      return `a value of at least ${String(problem.minimum)}${problem.inclusive === false ? ' (exclusive)' : ''}`;
    case 'too_big':
      return `a value of at most ${String(problem.maximum)}${problem.inclusive === false ? ' (exclusive)' : ''}`;
    case 'not_multiple_of':
      return `a multiple of ${String(problem.divisor)}`;
    case 'invalid_union':
      return problem.message.startsWith('Invalid input') ? 'one of the accepted forms (see the README)' : problem.message;
    default:
      return problem.message.replace(/^expected /, '');
  }
}

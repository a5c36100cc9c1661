/**
 * The scenario file: everything one experiment needs, validated on load. Unknown fields are
 * errors (a typo must not be silently ignored). This is the raw shape a user writes; see
 * resolve.ts for the fully resolved Scenario the runner takes.
 */
import { z } from 'zod';
import { engineMutants } from '../../engine/mutants.js';
import { STRATEGY_NAMES } from '../../engine/snapshot-strategy.js';
import { faultKinds, parseRatio } from '../../sim/faults/fault-plan.js';
import {
  DEFAULT_MAX_EVENTS,
  MAX_INTAKE_SERVERS,
  MAX_IODEPTH,
  MAX_JOBS,
  MAX_MAX_EVENTS,
  MAX_PRESERVES,
  MAX_RATE_IOPS,
  MAX_SIZE_BYTES,
  MAX_STRIPES,
  MAX_TIME_NS,
  MAX_TIME_TEXT,
  MAX_WORKLOADS,
} from './limits.js';
import { DEFAULT_INTAKE_RAW } from './default-intake.js';
import { parseDurationNs, parseSize, SIZE_UNITS_NOTE } from './units.js';

/** Most percentiles report.percentiles may list: each is a column of the latency tables. */
export const MAX_REPORT_PERCENTILES = 10;

/**
 * Latency percentiles to report, such as [50, 99, 99.99]: each above 0 and below 100, no repeats.
 * Checked here rather than with zod's bounds, so that each error says what a percentile is.
 */
const percentilesField = z
  .array(z.number())
  .superRefine((percentiles, context) => {
    const example = 'such as [50, 90, 99, 99.9, 99.99]';
    if (percentiles.length === 0) context.addIssue({ code: 'custom', message: `expected at least one percentile, ${example}` });
    if (percentiles.length > MAX_REPORT_PERCENTILES) {
      context.addIssue({ code: 'custom', message: `expected at most ${MAX_REPORT_PERCENTILES} percentiles, found ${percentiles.length}` });
    }
    percentiles.forEach((percentile, index) => {
      if (!(percentile > 0 && percentile < 100)) {
        const note = percentile === 100 ? ' (the largest latency is reported as max)' : '';
        context.addIssue({ code: 'custom', path: [index], message: `expected a percentile above 0 and below 100, such as 99.99, found ${percentile}${note}` });
      } else if (percentiles.indexOf(percentile) !== index) {
        context.addIssue({ code: 'custom', path: [index], message: `expected each percentile once, found ${percentile} again` });
      }
    });
  })
  .meta({ minItems: 1, maxItems: MAX_REPORT_PERCENTILES, items: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 100 } });

/** A size in bytes, written as a number of bytes or text such as 4KiB, 64k, 8GiB, 1.5MB. */
export const sizeField = z.union([z.number(), z.string()]).transform((value, context) => {
  const bytes = parseSize(value);
  if (bytes === undefined) {
    context.addIssue({ code: 'custom', message: `expected a size such as 4096, 4KiB, 64k or 8GiB, found ${JSON.stringify(value)} (${SIZE_UNITS_NOTE})` });
    return z.NEVER;
  }
  // Byte counts past 2^53 are not exact integers.
  if (bytes > MAX_SIZE_BYTES) {
    context.addIssue({ code: 'custom', message: `expected a size of at most 2^53-1 bytes (8 PiB), found ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return bytes;
});

/** A duration in integer nanoseconds, written as seconds or text such as 10s, 250ms, 50us. */
export const durationField = z.union([z.number(), z.string()]).transform((value, context) => {
  const ns = parseDurationNs(value);
  if (ns === undefined) {
    context.addIssue({ code: 'custom', message: `expected a duration such as 10s, 250ms, 50us or a number of seconds, found ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  if (ns > MAX_TIME_NS) {
    context.addIssue({ code: 'custom', message: `expected a duration of at most ${MAX_TIME_TEXT}: simulated time is an exact integer of nanoseconds, found ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return ns;
});

/** A place or extent on the volume: a size, or a percentage of the volume such as "25%". */
export const extentField = z.union([z.number(), z.string()]).transform((value, context): { bytes: number } | { percent: number } => {
  if (typeof value === 'string') {
    const match = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
    if (match) {
      const percent = Number(match[1]);
      if (percent <= 100) return { percent };
    }
  }
  const bytes = parseSize(value);
  if (bytes === undefined) {
    context.addIssue({ code: 'custom', message: `expected a size such as 1GiB or a percentage of the volume such as 25%, found ${JSON.stringify(value)} (${SIZE_UNITS_NOTE})` });
    return z.NEVER;
  }
  return { bytes };
});

const percent = z.number().min(0).max(100);

export const deviceSchema = z
  .object({
    /** A preset from `cowsim presets`, for example hdd-7200-sata. */
    preset: z.string().optional(),
    /** A disk model by name (null, fixed, hdd, ssd, nvme), when no preset is given. */
    model: z.string().optional(),
    /** Model parameters overriding the preset's. */
    params: z.record(z.string(), z.unknown()).default({}),
    /** Host I/O scheduler in front of the drive. */
    scheduler: z.enum(['fifo', 'elevator', 'deadline']).default('fifo'),
    /** Usable size of the device (the snapshot store's capacity); the origin's is volume.size. */
    size: sizeField.optional(),
  })
  .strict()
  .refine((device) => (device.preset === undefined) !== (device.model === undefined), {
    message: 'expected exactly one of "preset" or "model"',
  });

export const intakeSchema = z.union([
  z.literal('none'),
  z
    .object({
      /** Writes in service at once (command slots, destage threads, paths). */
      servers: z.number().int().min(1).max(MAX_INTAKE_SERVERS).default(DEFAULT_INTAKE_RAW.servers),
      distribution: z.enum(['fixed', 'exponential', 'lognormal']).default(DEFAULT_INTAKE_RAW.distribution),
      // One write's service, like a disk operation, is at most 1000 s (sim/models/param-limits.ts).
      meanServiceTime: durationField.refine((ns) => ns <= 1e12, { message: 'expected a mean service time of at most 1000 s' }).default(DEFAULT_INTAKE_RAW.meanServiceTime),
      coefficientOfVariation: z.number().positive().default(DEFAULT_INTAKE_RAW.coefficientOfVariation),
    })
    .strict(),
]);

export const distributionSchema = z.union([
  z.literal('uniform'),
  z.object({ zipf: z.number().positive() }).strict(),
  z.object({ pareto: z.number().gt(0).lt(1) }).strict(),
  z.object({ hotcold: z.object({ ioPercent: percent, spacePercent: z.number().gt(0).max(100) }).strict() }).strict(),
]);

export const blockSizeSchema = z.union([sizeField, z.record(z.string(), z.number().positive())]);

export const traceSchema = z
  .object({
    file: z.string().min(1),
    format: z.enum(['msr-cambridge', 'blkparse', 'fio-iolog-v2', 'fio-iolog-v3']).optional(),
    /**
     * Replay speed factor: 2 replays twice as fast. At most a thousandfold slower: slower still,
     * the gaps between records outgrow any run (and the clock a drain would reach).
     */
    speed: z.number().min(0.001).max(1_000_000).default(1),
    /** Fold addresses onto the volume (modulo its size); otherwise an address past it is an error. */
    fold: z.boolean().default(true),
    maxRecords: z.number().int().positive().optional(),
    /** Repeat the trace until the run ends. */
    loop: z.boolean().default(false),
  })
  .strict();

export const workloadKinds = ['read', 'write', 'randread', 'randwrite', 'readwrite', 'randrw'] as const;

export const workloadSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'expected a name of letters, digits, ".", "_" or "-"'),
    /** A named application profile (see `cowsim presets`) whose settings the fields below override. */
    profile: z.string().optional(),
    /** fio's rw: sequential read/write/readwrite or random randread/randwrite/randrw. */
    rw: z.enum(workloadKinds).optional(),
    /** fio's rwmixread: percentage of reads in readwrite and randrw. */
    readPercent: percent.optional(),
    /** One size, or a weighted mix such as { 4KiB: 70, 64KiB: 30 } (fio's bssplit). */
    blockSize: blockSizeSchema.optional(),
    /** Independent jobs (fio's numjobs). */
    jobs: z.number().int().min(1).max(MAX_JOBS).optional(),
    /** I/Os in flight per job (closed loop), or the cap on outstanding I/Os (open loop). */
    iodepth: z.number().int().min(1).max(MAX_IODEPTH).optional(),
    /** Open loop: arrivals at this total rate; without it the workload runs closed loop. */
    rate: z.object({ iops: z.number().positive().max(MAX_RATE_IOPS), arrival: z.enum(['poisson', 'constant']).default('poisson') }).strict().optional(),
    /** Pause after each completion before the next I/O of a job slot. */
    thinkTime: durationField.optional(),
    /** Where on the volume the workload does I/O. */
    range: z.object({ offset: extentField.optional(), size: extentField.optional() }).strict().optional(),
    distribution: distributionSchema.optional(),
    /** live: the volume the applications use; snapshot: a valid snapshot view (see `snapshot`). */
    target: z.enum(['live', 'snapshot']).optional(),
    /** Which snapshot a snapshot target reads: the newest valid one (default), or any valid one, picked afresh for each read or pass. */
    snapshot: z.enum(['newest', 'any']).optional(),
    /** Virtual time when the workload starts (default 0; a snapshot target also waits for a snapshot). */
    startAt: durationField.optional(),
    stopAt: durationField.optional(),
    /** I/Os at the start excluded from the figures, in time. */
    rampUp: durationField.optional(),
    /** Stop after this many I/Os. */
    ios: z.number().int().positive().optional(),
    /** Sequential workloads: passes over the range (default: until the run ends). */
    loops: z.number().int().positive().optional(),
    trace: traceSchema.optional(),
  })
  .strict();

export const snapshotScheduleSchema = z
  .object({
    /** Preserve commands at these virtual times. */
    at: z.array(durationField).max(MAX_PRESERVES).default([]),
    /** Periodic preserve commands: every interval, from firstAt (default: one interval in). */
    every: durationField.optional(),
    firstAt: durationField.optional(),
    /** Keep at most this many snapshots; the oldest is deleted after a new one is taken. */
    retain: z.number().int().min(1).optional(),
    /** Preserve when a workload has completed this many I/Os. */
    after: z.array(z.object({ workload: z.string(), ios: z.number().int().positive() }).strict()).max(MAX_PRESERVES).default([]),
    /** Size of each snapshot image on the store device (default: the store divided among snapshots). */
    imageSize: sizeField.optional(),
  })
  .strict();

/** A probability as an exact ratio: "1/1000" (0 and 1 may be written bare). */
export const ratioField = z.union([z.number(), z.string()]).transform((value, context) => {
  const ratio = value === 0 ? parseRatio('0/1') : value === 1 ? parseRatio('1/1') : typeof value === 'string' ? parseRatio(value) : undefined;
  if (ratio === undefined) {
    context.addIssue({ code: 'custom', message: `expected a ratio n/d of whole numbers with n <= d, such as "1/1000", found ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return ratio;
});

/** One fault injected into a device (design.md section 7); see sim/faults/fault-plan.ts. */
export const faultRuleSchema = z
  .object({
    kind: z.enum(faultKinds),
    /** Per operation the rule applies to. */
    probability: ratioField,
    /** Only operations issued in [from, until) of virtual time. */
    window: z.object({ from: durationField.optional(), until: durationField.optional() }).strict().optional(),
    /** Only operations touching this part of the device: sizes or percentages of the device. */
    blocks: z.object({ offset: extentField.optional(), size: extentField.optional() }).strict().optional(),
    /** Only these operations (default: all the kind can strike). */
    operations: z.array(z.enum(['read', 'write'])).optional(),
    /** latencySpike, grayFailure: time added to each struck operation. */
    extra: durationField.optional(),
    /** grayFailure: a struck operation takes this many times its normal time. */
    factor: z.number().optional(),
  })
  .strict();

export const faultsSchema = z
  .object({
    origin: z.array(faultRuleSchema).default([]),
    snapshotStore: z.array(faultRuleSchema).default([]),
  })
  .strict();

/** Run bounds a scenario may raise: a run past them stops with exit code 2, naming the bound. */
export const limitsSchema = z
  .object({
    /** Kernel events the whole run may take (default 100 million). */
    maxEvents: z.number().int().min(1).max(MAX_MAX_EVENTS).default(DEFAULT_MAX_EVENTS),
    /** Simulated time the run may take (default: its duration, or 1h for a run that stops on ios). */
    maxSimulatedTime: durationField.optional(),
  })
  .strict();

export const scenarioSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/, 'expected a name of letters, digits, ".", "_" or "-"')
      // The name is a folder's name (cowsim-out/NAME): never ".", "..", hidden, or too long for a file system.
      .refine((name) => !name.startsWith('.') && name.length <= 64, 'expected a name that does not start with "." and has at most 64 characters (it names the output folder cowsim-out/NAME)'),
    description: z.string().optional(),
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
    /** Simulated time to run (default 10s unless ios is given). */
    duration: durationField.optional(),
    /** Stop after this many application I/Os. */
    ios: z.number().int().positive().optional(),
    volume: z
      .object({
        size: sizeField,
        blockSize: sizeField.default(4096),
        chunkSize: sizeField.default(65536),
        /** Bytes stored per block: payloads stay small while timing uses blockSize (design.md 3). */
        payloadBytes: z.number().int().min(32).max(4096).multipleOf(16).default(32),
      })
      .strict(),
    devices: z.object({ origin: deviceSchema, snapshotStore: deviceSchema }).strict(),
    engine: z
      .object({
        /** How snapshots are kept (design.md section 8): the method of the claims, or a design it competes with. */
        strategy: z.enum(STRATEGY_NAMES).default('method'),
        locks: z.enum(['global', 'chunk', 'striped']).default('chunk'),
        stripes: z.number().int().min(1).max(MAX_STRIPES).default(64),
        /** exclusive (the claims): every write holds its chunk alone; shared: writes that need no copy share it. */
        lockMode: z.enum(['exclusive', 'shared']).default('exclusive'),
        intake: intakeSchema.default(DEFAULT_INTAKE_RAW),
        mutant: z.enum(['none', ...engineMutants.map((mutant) => mutant.name)] as [string, ...string[]]).default('none'),
      })
      .strict()
      .default({ strategy: 'method', locks: 'chunk', stripes: 64, lockMode: 'exclusive', intake: DEFAULT_INTAKE_RAW, mutant: 'none' }),
    workloads: z.array(workloadSchema).min(1).max(MAX_WORKLOADS),
    snapshots: snapshotScheduleSchema.default({ at: [], after: [] }),
    /** Bounds of the run itself, so that no run is endless (see limits.ts). */
    limits: limitsSchema.optional(),
    /** Faults injected into the simulated devices; the run counts them and what became of them. */
    faults: faultsSchema.optional(),
    /** Check every block of every snapshot view and of the live view at the end, and every read. */
    verify: z.boolean().default(true),
    report: z
      .object({
        /** Width of one timeline interval (default: a hundredth of the run). */
        timelineInterval: durationField.optional(),
        html: z.boolean().default(true),
        /** Latency percentiles of report.html's tables and of summary.json's latency.*.percentiles. */
        percentiles: percentilesField.optional(),
      })
      .strict()
      .default({ html: true }),
  })
  .strict();

export type RawScenario = z.input<typeof scenarioSchema>;
export type ParsedScenario = z.output<typeof scenarioSchema>;
export type ParsedWorkload = z.output<typeof workloadSchema>;
export type ParsedDevice = z.output<typeof deviceSchema>;
export type ParsedFaultRule = z.output<typeof faultRuleSchema>;

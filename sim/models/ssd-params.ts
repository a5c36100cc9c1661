/**
 * The parameters of the ssd and nvme models (ssd.ts): their meaning, their zod schema and the
 * defaults of the `ssd` model (the ssd-sata preset; sim/presets.ts names the sources).
 */
import { z } from 'zod';
import { LOGICAL_PAGE_BYTES } from './ftl.js';
import { MAX_OPERATION_US, MIN_RATE_MBPS } from './param-limits.js';
import { ftlLimitProblem } from './ssd-limits.js';

/** How the FTL is filled before time 0: not at all, every page once in order, or to the random-write steady state. */
export const PRECONDITIONS = ['none', 'sequential', 'random-steady-state'] as const;
export type Precondition = (typeof PRECONDITIONS)[number];

/** Every parameter of the ssd and nvme models. */
export interface SsdParams {
  /** Host-visible capacity. */
  readonly capacityBytes: number;
  readonly channels: number;
  readonly diesPerChannel: number;
  /** Geometry only: planes do not add parallelism in this model. */
  readonly planesPerDie: number;
  /** NAND program unit; a multiple of 4096. */
  readonly flashPageBytes: number;
  readonly flashPagesPerBlock: number;
  /**
   * Share of physical capacity hidden from the host (spare area for garbage collection). The
   * blocks the collector keeps in reserve (gcThresholdBlocks and the two open blocks) come on
   * top, so a drive of any capacity keeps this share as usable spare.
   */
  readonly overProvisioning: number;
  /** A die collects garbage while it has no more than this many free blocks. */
  readonly gcThresholdBlocks: number;
  /** Mean page read time over the page types (array time, tR). */
  readonly readLatencyUs: number;
  /** Mean page program time over the page types (tPROG). */
  readonly programLatencyUs: number;
  readonly eraseLatencyUs: number;
  /**
   * Per page type (LSB, CSB, MSB for TLC), the page read time as a multiple of readLatencyUs.
   * A flash page's type is its index in its block modulo the list's length; one entry means
   * every page reads alike.
   */
  readonly pageTypeReadScale: readonly number[];
  /** Per page type, the program time as a multiple of programLatencyUs (same rotation). */
  readonly pageTypeProgramScale: readonly number[];
  /**
   * Probability that a page read fails its ECC and is read again with shifted reference
   * voltages (another tR); each retry fails again with the same probability (at most 8).
   */
  readonly readRetryProbability: number;
  /** Controller time to answer a read of never-written pages (mapping lookup, zero fill). */
  readonly unmappedReadUs: number;
  /** Flash channel (ONFI/Toggle bus) transfer rate. */
  readonly channelRateMBps: number;
  /** Host link payload rate (SATA 6 Gb/s about 600 MB/s; PCIe 4.0 x4 about 7 800 MB/s). */
  readonly interfaceRateMBps: number;
  /** Link time per command on top of the payload (protocol frames, doorbells, completions). */
  readonly interfaceCommandUs: number;
  /** Controller and firmware time per command (decode, FTL lookup, completion), not serialized. */
  readonly commandOverheadUs: number;
  /** Firmware time to take a write command's data into the write buffer, per command. */
  readonly writeBufferUs: number;
  /** Controller command rate: commands started per second, one after another (0: no limit). */
  readonly maxCommandsPerSecond: number;
  /** Host time per command (driver submission and completion handling), added to its latency. */
  readonly hostCommandUs: number;
  /** DRAM write buffer; at least one flash page. */
  readonly writeBufferBytes: number;
  /** Commands the drive holds at once (NCQ depth 32 for SATA; NVMe queue slots). */
  readonly queueDepth: number;
  /** How the drive is filled before time 0 (no simulated time passes). */
  readonly precondition: Precondition;
}

const scaleList = z.array(z.number().positive().max(100)).min(1).max(4);

/** A zod schema (strict, defaults filled) for the ssd parameters with the given defaults. */
export function ssdParamsSchemaWith(defaults: SsdParams) {
  return z
    .object({
      capacityBytes: z.number().int().positive().default(defaults.capacityBytes),
      channels: z.number().int().min(1).max(64).default(defaults.channels),
      diesPerChannel: z.number().int().min(1).max(64).default(defaults.diesPerChannel),
      planesPerDie: z.number().int().min(1).max(16).default(defaults.planesPerDie),
      flashPageBytes: z.number().int().positive().multipleOf(LOGICAL_PAGE_BYTES).default(defaults.flashPageBytes),
      flashPagesPerBlock: z.number().int().min(1).max(4096).default(defaults.flashPagesPerBlock),
      overProvisioning: z.number().gt(0).max(0.5).default(defaults.overProvisioning),
      gcThresholdBlocks: z.number().int().min(1).default(defaults.gcThresholdBlocks),
      readLatencyUs: z.number().nonnegative().max(MAX_OPERATION_US).default(defaults.readLatencyUs),
      programLatencyUs: z.number().nonnegative().max(MAX_OPERATION_US).default(defaults.programLatencyUs),
      eraseLatencyUs: z.number().nonnegative().max(MAX_OPERATION_US).default(defaults.eraseLatencyUs),
      pageTypeReadScale: scaleList.default([...defaults.pageTypeReadScale]),
      pageTypeProgramScale: scaleList.default([...defaults.pageTypeProgramScale]),
      readRetryProbability: z.number().min(0).max(0.5).default(defaults.readRetryProbability),
      unmappedReadUs: z.number().nonnegative().max(MAX_OPERATION_US).default(defaults.unmappedReadUs),
      channelRateMBps: z.number().min(MIN_RATE_MBPS).default(defaults.channelRateMBps),
      interfaceRateMBps: z.number().min(MIN_RATE_MBPS).default(defaults.interfaceRateMBps),
      interfaceCommandUs: z.number().nonnegative().max(MAX_OPERATION_US).default(defaults.interfaceCommandUs),
      commandOverheadUs: z.number().nonnegative().max(MAX_OPERATION_US).default(defaults.commandOverheadUs),
      writeBufferUs: z.number().nonnegative().max(MAX_OPERATION_US).default(defaults.writeBufferUs),
      maxCommandsPerSecond: z.number().nonnegative().max(1e9).default(defaults.maxCommandsPerSecond),
      hostCommandUs: z.number().nonnegative().max(MAX_OPERATION_US).default(defaults.hostCommandUs),
      writeBufferBytes: z.number().int().positive().default(defaults.writeBufferBytes),
      queueDepth: z.number().int().min(1).max(65_536).default(defaults.queueDepth),
      precondition: z.enum(PRECONDITIONS).default(defaults.precondition),
    })
    .strict()
    .superRefine((params, context) => {
      if (params.writeBufferBytes < params.flashPageBytes) {
        context.addIssue({
          code: 'custom',
          path: ['writeBufferBytes'],
          message: `expected at least one flash page (${params.flashPageBytes} bytes)`,
        });
      }
      if (params.capacityBytes % LOGICAL_PAGE_BYTES !== 0) {
        context.addIssue({
          code: 'custom',
          path: ['capacityBytes'],
          message: `expected a multiple of ${LOGICAL_PAGE_BYTES}`,
        });
      }
      // Past the FTL's 32-bit slot numbers or its in-memory tables the drive cannot be built.
      const tooLarge = ftlLimitProblem(params);
      if (tooLarge !== undefined) context.addIssue({ code: 'custom', path: ['capacityBytes'], message: tooLarge });
    });
}

/**
 * TLC page-type spread from SimpleSSD's TLC latency table (Jung et al., CAMELab; LatencyTLC):
 * read LSB/CSB/MSB 58/78/107 us and program 558/2 201/5 001 us, scaled here to a mean of 1 so
 * readLatencyUs and programLatencyUs stay the mean page times the presets are calibrated with.
 */
export const TLC_READ_SCALE: readonly number[] = [0.716, 0.963, 1.321];
export const TLC_PROGRAM_SCALE: readonly number[] = [0.216, 0.851, 1.933];

/** Defaults of the `ssd` model: the ssd-sata preset (sim/presets.ts has the sources). */
export const SSD_SATA_DEFAULTS: SsdParams = {
  capacityBytes: 1_000_000_000_000,
  channels: 8,
  diesPerChannel: 4,
  planesPerDie: 2,
  flashPageBytes: 8192,
  flashPagesPerBlock: 256,
  overProvisioning: 0.07,
  gcThresholdBlocks: 2,
  readLatencyUs: 58,
  programLatencyUs: 561,
  eraseLatencyUs: 3800,
  pageTypeReadScale: TLC_READ_SCALE,
  pageTypeProgramScale: TLC_PROGRAM_SCALE,
  readRetryProbability: 0.01,
  unmappedReadUs: 20,
  channelRateMBps: 333,
  interfaceRateMBps: 600,
  interfaceCommandUs: 3.4,
  commandOverheadUs: 21.5,
  writeBufferUs: 0,
  maxCommandsPerSecond: 0,
  hostCommandUs: 0,
  writeBufferBytes: 256 * 1024 * 1024,
  queueDepth: 32,
  precondition: 'none',
};

export const ssdParamsSchema = ssdParamsSchemaWith(SSD_SATA_DEFAULTS);

/**
 * `nvme`: the ssd model (ssd.ts) behind an NVMe host interface: many hardware queues (a large
 * queueDepth: the drive holds and serves up to that many commands at once), a fast PCIe link and
 * a lower per-command overhead than SATA/AHCI, a controller command rate (maxCommandsPerSecond)
 * and host time per command (hostCommandUs). Defaults are the nvme-pcie4 preset.
 */
import type { DiskModel, DiskModelPlugin, UniformSource } from '../disk-model.js';
import { SolidStateDrive } from './ssd.js';
import { ssdParamsSchemaWith, TLC_PROGRAM_SCALE, TLC_READ_SCALE, type SsdParams } from './ssd-params.js';

/** Defaults of the `nvme` model: the nvme-pcie4 preset (sim/presets.ts has the sources). */
export const NVME_PCIE4_DEFAULTS: SsdParams = {
  capacityBytes: 1_000_000_000_000,
  channels: 8,
  diesPerChannel: 8,
  planesPerDie: 4,
  flashPageBytes: 16384,
  flashPagesPerBlock: 256,
  overProvisioning: 0.07,
  gcThresholdBlocks: 2,
  readLatencyUs: 36,
  programLatencyUs: 210,
  eraseLatencyUs: 3800,
  pageTypeReadScale: TLC_READ_SCALE,
  pageTypeProgramScale: TLC_PROGRAM_SCALE,
  readRetryProbability: 0.01,
  unmappedReadUs: 10,
  channelRateMBps: 1200,
  interfaceRateMBps: 7000,
  interfaceCommandUs: 0.1,
  commandOverheadUs: 3,
  writeBufferUs: 4.46,
  maxCommandsPerSecond: 1_000_000,
  hostCommandUs: 2,
  writeBufferBytes: 256 * 1024 * 1024,
  queueDepth: 1024,
  precondition: 'none',
};

export const nvmeParamsSchema = ssdParamsSchemaWith(NVME_PCIE4_DEFAULTS);

/** The nvme plug-in: the ssd model with NVMe defaults (deep queues, PCIe link, low overhead). */
export const nvmePlugin: DiskModelPlugin<SsdParams> = {
  name: 'nvme',
  description: 'NVMe flash drive: the ssd model with many hardware queues, a PCIe link and lower command overhead',
  paramsSchema: nvmeParamsSchema,
  create(params: SsdParams, random: UniformSource): DiskModel {
    return new SolidStateDrive('nvme', params, random);
  },
};

/**
 * Named disk presets: parameter sets for the hdd, ssd and nvme models with the published source
 * of their figures. Where a source gives no figure for a parameter, the value is an estimate and
 * the source line says so. The default parameters of each model equal its first preset here.
 *
 * Simulator parameter files consulted:
 * - MQSim (Tavakkol et al., FAST 2018), ssdconfig.xml in github.com/CMU-SAFARI/MQSim: 8 channels,
 *   4 chips per channel, 2 planes per die, 256 pages of 8 KiB per block, Block_Erase_Latency
 *   3.8 ms, Channel_Transfer_Rate 333 MT/s on an 8-bit bus, Overprovisioning_Ratio 0.07,
 *   Data_Cache_Capacity 256 MiB.
 * - NVMeVirt (Kim et al., FAST 2023), ssd_config.h in github.com/snu-csl/nvmevirt: the
 *   SAMSUNG_970PRO calibration (page read about 36 us, program 185 us, 800 MB/s channels, 21.5 us
 *   firmware time for a 4 KiB read, 7 % over-provisioning) and the WD_ZN540 TLC figures (page read
 *   58 us, program 561 us).
 */
import type { DiskPreset } from './disk-model.js';
import { NVME_PCIE4_DEFAULTS } from './models/nvme.js';
import { SSD_SATA_DEFAULTS } from './models/ssd.js';

const MIB = 1024 * 1024;

/** Every preset, in the order `cowsim presets` lists them. */
export const diskPresets: DiskPreset[] = [
  {
    name: 'hdd-7200-sata',
    model: 'hdd',
    description:
      '3.5-inch 7200 rpm SATA enterprise disk, 4 TB (WD Ultrastar DC HC310 class): 7.4 ms average seek, 4.16 ms average rotational latency, 220 to 110 MB/s media rate, NCQ 32',
    source:
      'Western Digital Ultrastar DC HC310 SATA specification rev. 1.4 (HUS726T4TALA6L4), section 4.5.1: average read seek 7.4 ms, ' +
      'single-track read seek 0.23 ms, 7200 rpm (8.33 ms per revolution). Not in the excerpt consulted, so estimated for the ' +
      'class: full-stroke seek 15 ms, outer/inner media rate 220/110 MB/s, 8 surfaces, 0.1 ms command overhead, 2 MiB read-ahead. ' +
      'NCQ depth 32 is the SATA maximum. Write settle 0.8 ms = the same section\'s average write seek 8.2 ms minus its 7.4 ms ' +
      'read seek. Write cache on, as this class ships it (write cache enabled by default); 256 MiB is the buffer drives of this ' +
      'class list (128-256 MiB), not in the excerpt consulted, so an estimate, as are its 128 segments, the 75 % destage ' +
      'high-water mark and the SPTF aging (weight 0.01, bound 500 ms: chosen to keep most of SPTF\'s gain at QD32 while cutting ' +
      'its tail). Host link 600 MB/s: SATA 6 Gb/s after 8b/10b coding.',
    params: {
      capacityBytes: 4_000_000_000_000,
      rpm: 7200,
      surfaces: 8,
      trackToTrackSeekMs: 0.23,
      averageSeekMs: 7.4,
      fullStrokeSeekMs: 15,
      outerRateMBps: 220,
      innerRateMBps: 110,
      commandOverheadUs: 100,
      readAheadBytes: 2 * MIB,
      queueDepth: 32,
      writeSettleMs: 0.8,
      maxWaitMs: 500,
      agingWeight: 0.01,
      writeCacheBytes: 256 * MIB,
      writeCacheSegments: 128,
      writeCacheHighWater: 0.75,
      interfaceRateMBps: 600,
    },
  },
  {
    name: 'hdd-15k-sas',
    model: 'hdd',
    description:
      '2.5-inch 15 000 rpm SAS performance disk, 600 GB (HGST Ultrastar C15K600 class): 2.9 ms average seek, 2 ms average rotational latency, 250 to 165 MB/s media rate, queue 64',
    source:
      'HGST Ultrastar C15K600 hard disk drive specification v1.6, section 4.4.1.1: average read seek 2.9 ms (600/450/300 GB), ' +
      '15 000 rpm. Estimated for the class: single-track seek 0.2 ms, full-stroke seek 6 ms, outer/inner media rate 250/165 MB/s, ' +
      '6 surfaces, 0.05 ms command overhead, 2 MiB read-ahead, tagged queue depth 64, write settle 0.2 ms. Write cache on ' +
      '(the class\'s default); 128 MiB buffer as drives of this class list it, 64 segments, 75 % destage high-water mark and ' +
      'the SPTF aging (weight 0.01, bound 500 ms) are estimates. Host link 1 200 MB/s: SAS 12 Gb/s after 8b/10b coding.',
    params: {
      capacityBytes: 600_000_000_000,
      rpm: 15_000,
      surfaces: 6,
      trackToTrackSeekMs: 0.2,
      averageSeekMs: 2.9,
      fullStrokeSeekMs: 6,
      outerRateMBps: 250,
      innerRateMBps: 165,
      commandOverheadUs: 50,
      readAheadBytes: 2 * MIB,
      queueDepth: 64,
      writeSettleMs: 0.2,
      maxWaitMs: 500,
      agingWeight: 0.01,
      writeCacheBytes: 128 * MIB,
      writeCacheSegments: 64,
      writeCacheHighWater: 0.75,
      interfaceRateMBps: 1200,
    },
  },
  {
    name: 'ssd-sata',
    model: 'ssd',
    description:
      '2.5-inch SATA 6 Gb/s TLC SSD, 1 TB (Samsung 860 EVO class): 8 channels x 4 dies, 58 us mean page read and 561 us mean program (TLC LSB/CSB/MSB spread, 1 % read retries), 3.8 ms erase, 7 % spare, 256 MiB write buffer, NCQ 32; about 10 K IOPS random read at QD1 and 98 K at QD32',
    source:
      'Samsung 860 EVO 1 TB published figures (550/520 MB/s sequential, 98 K/90 K IOPS 4 KiB random at QD32, 8-channel MJX ' +
      'controller) and 850/860 EVO QD1 random read of about 10 K IOPS, used to calibrate commandOverheadUs and interfaceCommandUs. ' +
      'Geometry (8 channels, 4 chips per channel, 2 planes, 256 pages of 8 KiB per block), erase 3.8 ms, channel 333 MT/s, ' +
      'over-provisioning 0.07 and the 256 MiB data cache from MQSim ssdconfig.xml (FAST 2018). TLC page read 58 us and program ' +
      '561 us from NVMeVirt ssd_config.h (WD_ZN540), used as the means over page types; the LSB/CSB/MSB spread (read 58/78/107 us, ' +
      'program 558/2 201/5 001 us, scaled to those means) from SimpleSSD LatencyTLC (CAMELab). SATA 6 Gb/s carries 600 MB/s of ' +
      'payload after 8b/10b coding. Estimates of this preset: read-retry probability 0.01 per page read, 20 us controller time ' +
      'for a read of never-written pages; no command-rate limit, host time or write-buffer time (writeBufferUs 0).',
    // The model's defaults are this preset; the figures and their sources are above.
    params: { ...SSD_SATA_DEFAULTS },
  },
  {
    name: 'nvme-pcie4',
    model: 'nvme',
    description:
      'M.2 PCIe 4.0 x4 NVMe SSD, 1 TB (Samsung 980 PRO class): 8 channels x 8 dies, 36 us mean page read, 210 us mean program (TLC spread, 1 % read retries), 3.8 ms erase, 7 GB/s link, 1 M commands/s, 1024 queue slots; about 22 K IOPS random read at QD1, 1 M at QD32 x 16',
    source:
      'Samsung 980 PRO 1 TB published figures: 7 000/5 000 MB/s sequential read/write, 1 000 K/1 000 K IOPS 4 KiB random ' +
      'read/write at QD32 x 16 threads, about 22 K IOPS 4 KiB random read at QD1, PCIe 4.0 x4 (about 7 000 MB/s of payload). ' +
      'maxCommandsPerSecond 1 000 000 is set from the 1 000 K IOPS figures; programLatencyUs 210 (mean over page types) from the ' +
      '5 000 MB/s sequential write (64 dies x 16 KiB per 210 us). NAND read timing from the NVMeVirt SAMSUNG_970PRO calibration in ' +
      'ssd_config.h (FAST 2023): page read 36 us; its firmware write-buffer time FW_WBUF_LATENCY0 + FW_WBUF_LATENCY1 (4.0 + 0.46 us ' +
      'per 4 KiB) gives writeBufferUs 4.46; over-provisioning 0.07. TLC LSB/CSB/MSB spread from SimpleSSD LatencyTLC (CAMELab), ' +
      'scaled to the means. Erase 3.8 ms, 256 pages per block and the 256 MiB data cache from MQSim ssdconfig.xml. Estimated: 8 dies ' +
      'per channel (64 dies), 16 KiB pages, 1 200 MB/s channels (Toggle DDR 4 class), 2 us host time per command, 3 us command ' +
      'overhead (the two chosen for about 22 K IOPS at QD1), 0.1 us link time per command, read-retry probability 0.01, 10 us ' +
      'controller time for a read of never-written pages; 1024 slots stand for several deep NVMe queues.',
    // The model's defaults are this preset; the figures and their sources are above.
    params: { ...NVME_PCIE4_DEFAULTS },
  },
];

/** The preset called `name`, or undefined. */
export function findPreset(name: string): DiskPreset | undefined {
  return diskPresets.find((preset) => preset.name === name);
}

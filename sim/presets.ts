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
      'NCQ depth 32 is the SATA maximum.',
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
      '6 surfaces, 0.05 ms command overhead, 2 MiB read-ahead, tagged queue depth 64.',
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
    },
  },
  {
    name: 'ssd-sata',
    model: 'ssd',
    description:
      '2.5-inch SATA 6 Gb/s TLC SSD, 1 TB (Samsung 860 EVO class): 8 channels x 4 dies, 58 us page read, 561 us program, 3.8 ms erase, 7 % spare, 256 MiB write buffer, NCQ 32; about 10 K IOPS random read at QD1 and 98 K at QD32',
    source:
      'Samsung 860 EVO 1 TB published figures (550/520 MB/s sequential, 98 K/90 K IOPS 4 KiB random at QD32, 8-channel MJX ' +
      'controller) and 850/860 EVO QD1 random read of about 10 K IOPS, used to calibrate commandOverheadUs and interfaceCommandUs. ' +
      'Geometry (8 channels, 4 chips per channel, 2 planes, 256 pages of 8 KiB per block), erase 3.8 ms, channel 333 MT/s, ' +
      'over-provisioning 0.07 and the 256 MiB data cache from MQSim ssdconfig.xml (FAST 2018). TLC page read 58 us and program ' +
      '561 us from NVMeVirt ssd_config.h (WD_ZN540). SATA 6 Gb/s carries 600 MB/s of payload after 8b/10b coding.',
    // The model's defaults are this preset; the figures and their sources are above.
    params: { ...SSD_SATA_DEFAULTS },
  },
  {
    name: 'nvme-pcie4',
    model: 'nvme',
    description:
      'M.2 PCIe 4.0 x4 NVMe SSD, 1 TB (Samsung 980 PRO class): 8 channels x 8 dies, 36 us page read, 185 us program, 3.8 ms erase, 7 GB/s link, 1024 queue slots; about 20 K IOPS random read at QD1',
    source:
      'Samsung 980 PRO 1 TB published figures: 7 000/5 000 MB/s sequential read/write, up to 1 M IOPS 4 KiB random, PCIe 4.0 x4 ' +
      '(about 7 000 MB/s of payload). NAND timing from the NVMeVirt SAMSUNG_970PRO calibration in ssd_config.h (FAST 2023): page read ' +
      '36 us, program 185 us; over-provisioning 0.07. Erase 3.8 ms, 256 pages per block and the 256 MiB data cache from MQSim ' +
      'ssdconfig.xml. Estimated: 8 dies per channel (64 dies), 16 KiB pages, 1 200 MB/s channels (Toggle DDR 4 class), 8 us ' +
      'command overhead (chosen for about 20 K IOPS at QD1), 0.1 us link time per command; 1024 slots stand for several deep NVMe queues.',
    // The model's defaults are this preset; the figures and their sources are above.
    params: { ...NVME_PCIE4_DEFAULTS },
  },
];

/** The preset called `name`, or undefined. */
export function findPreset(name: string): DiskPreset | undefined {
  return diskPresets.find((preset) => preset.name === name);
}

import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DeviceError, FileDevice, MemoryDevice, PartitionDevice } from '../../engine/index.js';
import { describeBlockDevice } from '../block-device-contract.js';

const dir = await mkdtemp(join(tmpdir(), 'cowsim-devices-'));
const opened: FileDevice[] = [];
let files = 0;
afterAll(async () => {
  for (const device of opened) await device.close();
  await rm(dir, { recursive: true, force: true });
});

describeBlockDevice('MemoryDevice', () => new MemoryDevice(4096, 64));
describeBlockDevice('MemoryDevice with 512-byte blocks across page boundaries', () => new MemoryDevice(512, 1000));
describeBlockDevice('FileDevice', async () => {
  const device = await FileDevice.open(join(dir, `contract-${files++}.img`), { blockSize: 4096, blockCount: 64, create: true });
  opened.push(device);
  return device;
});
describeBlockDevice('PartitionDevice', () => new PartitionDevice(new MemoryDevice(4096, 128), 40, 32));

describe('FileDevice', () => {
  it('is a sparse file of the device size, and a closed device refuses requests', async () => {
    const path = join(dir, 'sparse.img');
    const device = await FileDevice.open(path, { blockSize: 4096, blockCount: 262144, create: true });
    await device.write(1000, new Uint8Array(4096).fill(7));
    await device.flush();
    const info = await stat(path);
    expect(info.size).toBe(262144 * 4096);
    expect(info.blocks * 512).toBeLessThan(1024 * 1024); // 1 GiB apparent, a few KiB on disk
    await device.close();
    await expect(device.read(0, 1)).rejects.toThrow(new DeviceError(`${path}: the device is closed`));
    const reopened = await FileDevice.open(path, { blockSize: 4096 });
    expect(reopened.blockCount).toBe(262144);
    expect((await reopened.read(1000, 1))[4095]).toBe(7);
    await reopened.close();
  });

  it('names the file when it cannot be opened', async () => {
    await expect(FileDevice.open(join(dir, 'missing.img'), { blockSize: 4096 })).rejects.toThrow(/missing\.img: cannot open the image file/);
  });
});

describe('PartitionDevice', () => {
  it('maps onto its range of the inner device and stays inside it', async () => {
    const inner = new MemoryDevice(512, 100);
    const partition = new PartitionDevice(inner, 10, 20, 'p');
    await partition.write(0, new Uint8Array(512).fill(1));
    expect(inner.readNow(10, 1)[0]).toBe(1);
    await expect(partition.read(20, 1)).rejects.toThrow(/p: blocks 20..20 are outside the device \(0..19\)/);
    expect(() => new PartitionDevice(inner, 90, 20)).toThrow(DeviceError);
  });
});

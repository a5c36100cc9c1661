import type { DiskModelPlugin } from './disk-model.js';
import { fixedModel } from './models/fixed.js';
import { hddPlugin } from './models/hdd.js';
import { nullModel } from './models/null.js';
import { nvmePlugin } from './models/nvme.js';
import { ssdPlugin } from './models/ssd.js';

/** The disk model registry, fio style: every plug-in a scenario can name, checked at start-up. */
export const diskModels: readonly DiskModelPlugin[] = [nullModel, fixedModel, hddPlugin, ssdPlugin, nvmePlugin];

export function findDiskModel(name: string): DiskModelPlugin | undefined {
  return diskModels.find((plugin) => plugin.name === name);
}

// A registry with two plug-ins of one name would make scenarios ambiguous: refuse at load.
const names = new Set<string>();
for (const plugin of diskModels) {
  if (names.has(plugin.name)) throw new Error(`disk model ${plugin.name} is registered twice`);
  names.add(plugin.name);
}

import { describe, expect, it } from 'vitest';
import type { DiskModelPlugin } from '../../sim/disk-model.js';
import { hddPlugin } from '../../sim/models/hdd.js';
import { nvmePlugin } from '../../sim/models/nvme.js';
import { ssdPlugin } from '../../sim/models/ssd.js';
import { diskPresets, findPreset } from '../../sim/presets.js';

const plugins: Record<string, DiskModelPlugin> = { hdd: hddPlugin, ssd: ssdPlugin, nvme: nvmePlugin };

describe('disk presets', () => {
  it('include the presets a user recognises', () => {
    const names = diskPresets.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['hdd-7200-sata', 'hdd-15k-sas', 'ssd-sata', 'nvme-pcie4']));
    expect(new Set(names).size).toBe(names.length);
  });

  for (const preset of diskPresets) {
    describe(preset.name, () => {
      const plugin = plugins[preset.model];

      it('belongs to a known model and names the source of its figures', () => {
        expect(plugin).toBeDefined();
        expect(preset.description.length).toBeGreaterThan(20);
        expect(preset.source.length).toBeGreaterThan(40);
      });

      it("parses with its plug-in's schema, which keeps every figure as given", () => {
        const parsed = plugin!.paramsSchema.parse(preset.params) as Record<string, unknown>;
        expect(parsed).toEqual(preset.params);
      });

      it('creates a model of its capacity', () => {
        const params = plugin!.paramsSchema.parse(preset.params) as { capacityBytes: number; queueDepth: number };
        const model = plugin!.create(params, () => 0.5);
        expect(model.model).toBe(preset.model);
        expect(model.capacityBytes).toBe(params.capacityBytes);
        expect(model.queueDepth).toBe(params.queueDepth);
        expect(model.outstanding()).toBe(0);
        expect(model.nextCompletionNs()).toBeUndefined();
        model.submit({ id: 1, operation: 'read', offsetBytes: 0, sizeBytes: 4096, queuedAtNs: 0 }, 0);
        const at = model.nextCompletionNs()!;
        expect(at).toBeGreaterThan(0);
        expect(model.complete(at).id).toBe(1);
      });
    });
  }

  it('are the defaults of their models', () => {
    expect(hddPlugin.paramsSchema.parse({})).toEqual(findPreset('hdd-7200-sata')!.params);
    expect(ssdPlugin.paramsSchema.parse({})).toEqual(findPreset('ssd-sata')!.params);
    expect(nvmePlugin.paramsSchema.parse({})).toEqual(findPreset('nvme-pcie4')!.params);
  });

  it('are found by name', () => {
    expect(findPreset('nvme-pcie4')?.model).toBe('nvme');
    expect(findPreset('floppy')).toBeUndefined();
  });

  it('refuse unknown parameters', () => {
    for (const plugin of Object.values(plugins)) {
      expect(plugin.paramsSchema.safeParse({ spinUpMs: 1 }).success).toBe(false);
    }
  });
});

/** `cowsim presets`: the disk models, disk presets, workload profiles and snapshot strategies a scenario can name. */
import { engineMutants } from '../../engine/mutants.js';
import { STRATEGY_NAMES } from '../../engine/snapshot-strategy.js';
import { strategyDescriptions } from '../../engine/strategies.js';
import { diskModels } from '../../sim/disk-models.js';
import { diskPresets } from '../../sim/presets.js';
import { schedulers } from '../../sim/schedulers/index.js';
import { workloadProfiles } from '../../workloads/profiles.js';

/** Everything `presets` lists, as data (for --json). */
export function presetCatalogue() {
  return {
    diskPresets: diskPresets.map((preset) => ({ ...preset })),
    diskModels: diskModels.map((plugin) => ({ name: plugin.name, description: plugin.description, defaults: plugin.paramsSchema.parse({}) as Record<string, unknown> })),
    schedulers: schedulers.map((scheduler) => ({ name: scheduler.name, description: scheduler.description })),
    workloadProfiles: workloadProfiles.map((profile) => ({ name: profile.name, description: profile.description, parts: profile.parts })),
    strategies: STRATEGY_NAMES.map((name) => ({
      name,
      description: strategyDescriptions[name],
      mutants: engineMutants.filter((mutant) => mutant.strategy === name).map((mutant) => mutant.name),
    })),
  };
}

function wrap(text: string, indent: string, width = 100): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(indent + line);
  return lines.join('\n');
}

function params(values: Record<string, unknown>, indent: string): string {
  return wrap(
    Object.entries(values)
      .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
      .join('  '),
    indent,
  );
}

/** The human-readable listing. */
export function presetListing(): string {
  const catalogue = presetCatalogue();
  const out: string[] = ['DISK PRESETS (devices.origin.preset / devices.snapshotStore.preset; override with params)', ''];
  for (const preset of catalogue.diskPresets) {
    out.push(`${preset.name}  (model ${preset.model})`, wrap(preset.description, '    '), params(preset.params, '    '), wrap(`source: ${preset.source}`, '    '), '');
  }
  out.push('DISK MODELS (devices.*.model, with params; defaults shown)', '');
  for (const model of catalogue.diskModels) out.push(`${model.name}`, wrap(model.description, '    '), params(model.defaults, '    '), '');
  out.push('HOST I/O SCHEDULERS (devices.*.scheduler)', '');
  for (const scheduler of catalogue.schedulers) out.push(`${scheduler.name}`, wrap(scheduler.description, '    '), '');
  out.push('WORKLOAD PROFILES (workloads[].profile; fields you set override the profile)', '');
  for (const profile of catalogue.workloadProfiles) {
    out.push(`${profile.name}`, wrap(profile.description, '    '));
    for (const { part, ...fields } of profile.parts) out.push(`    part ${part}:`, params(fields as Record<string, unknown>, '      '));
    out.push('');
  }
  out.push('SNAPSHOT STRATEGIES (engine.strategy; `cowsim compare` runs each against snapshots off)', '');
  for (const strategy of catalogue.strategies) out.push(strategy.name, wrap(strategy.description, '    '), wrap(`mutants (engine.mutant): ${strategy.mutants.join(', ')}`, '    '), '');
  return out.join('\n');
}

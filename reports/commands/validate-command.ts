/**
 * `cowsim validate`: replays a trace with recorded response or service times on one simulated
 * device alone and compares the two response-time distributions (design.md section 9): per reads,
 * writes and all, the mean, p50, p90 and p99 and the demerit. Writes validate.json and report.html
 * and prints a table. Exit 0 when the replay ran (validate reports, it does not judge), 2 on bad
 * input: every flag, the device and the output folder are checked before the trace is read, and
 * the whole trace is read and checked before anything is written.
 */
import { basename, join } from 'node:path';
import { InputError } from '../../engine/errors.js';
import { diskPresets, findPreset } from '../../sim/presets.js';
import { deviceFromObject, loadDeviceFile } from '../../workloads/scenario/device-file.js';
import type { DeviceEntry } from '../../workloads/scenario/resolve.js';
import type { BlkparseAction } from '../../workloads/traces/blkparse.js';
import { readRecordedTrace, RECORDED_FORMATS, type RecordedFormat } from '../../workloads/traces/recorded-trace.js';
import { prepareOutputDirectory, writeOutputDirectory, type OutputInput } from '../output-directory.js';
import { renderValidateReport } from '../validate/html-report.js';
import { checkTraceFits, deviceCapacityBytes, replayTrace } from '../validate/replay.js';
import { renderValidateSummary } from '../validate/text-summary.js';
import { buildValidateFile, VALIDATE_JSON, VALIDATE_REPORT_HTML, validateJson, type ValidateFile } from '../validate/validate-file.js';
import { outputNotices, processIo, type CommandIo } from './command-io.js';
import { EXIT_OK } from './exit-codes.js';
import { editDistance } from './flag-suggestions.js';

export interface ValidateCommandOptions {
  readonly trace?: string;
  readonly format?: string;
  /** blkparse: the action requests are issued at (Q, D or C; default D). */
  readonly action?: string;
  readonly preset?: string;
  readonly device?: string;
  readonly out?: string;
  readonly quiet?: boolean;
}

const ACTIONS: readonly BlkparseAction[] = ['Q', 'D', 'C'];

/** The preset a name most likely meant, or undefined when none is close. */
function nearestPreset(name: string): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const preset of diskPresets) {
    const distance = editDistance(name.toLowerCase(), preset.name);
    if (distance <= Math.max(2, Math.floor(preset.name.length / 3)) && (best === undefined || distance < best.distance)) best = { name: preset.name, distance };
  }
  if (best !== undefined) return best.name;
  // An abbreviation of exactly one preset: hdd-15k for hdd-15k-sas.
  const extended = diskPresets.filter((preset) => name.length >= 3 && preset.name.startsWith(name.toLowerCase()));
  return extended.length === 1 ? extended[0]!.name : undefined;
}

/** The flags, checked before any work. */
function parseFlags(options: ValidateCommandOptions): { trace: string; format?: RecordedFormat; action?: BlkparseAction } {
  if (options.trace === undefined || options.trace.trim() === '') throw new InputError('command line', '--trace', 'a trace file with recorded times (msr-cambridge, disksim-validate or blkparse)', JSON.stringify(options.trace ?? ''));
  const format = options.format;
  if (format !== undefined && !(RECORDED_FORMATS as readonly string[]).includes(format)) {
    throw new InputError('command line', '--format', `one of ${RECORDED_FORMATS.join(', ')} (the formats that record response or service times)`, JSON.stringify(format));
  }
  const action = options.action;
  if (action !== undefined && !(ACTIONS as readonly string[]).includes(action)) throw new InputError('command line', '--action', 'Q, D or C: the blkparse action requests are issued at', JSON.stringify(action));
  if (action !== undefined && format !== undefined && format !== 'blkparse') throw new InputError('command line', '--action', `no --action with --format ${format}: it picks the blkparse event requests are issued at`, JSON.stringify(action));
  if ((options.preset === undefined) === (options.device === undefined)) {
    throw new InputError('command line', '--preset, --device', 'exactly one of --preset NAME (a preset of cowsim presets) or --device FILE (a device entry: preset or model, params, scheduler)', options.preset === undefined ? 'neither' : 'both');
  }
  return { trace: options.trace, ...(format === undefined ? {} : { format: format as RecordedFormat }), ...(action === undefined ? {} : { action: action as BlkparseAction }) };
}

/** The device the flags name, resolved as a scenario's device entry is. */
async function resolveDeviceFlag(options: ValidateCommandOptions): Promise<DeviceEntry & { source: string }> {
  if (options.preset !== undefined) {
    if (findPreset(options.preset) === undefined) {
      const suggestion = nearestPreset(options.preset);
      throw new InputError(
        'command line',
        '--preset',
        `a preset listed by \`cowsim presets\` (${diskPresets.map((preset) => preset.name).join(', ')})`,
        `${JSON.stringify(options.preset)}${suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`}`,
      );
    }
    return { ...deviceFromObject({ preset: options.preset }, 'command line'), source: `--preset ${options.preset}` };
  }
  return { ...(await loadDeviceFile(options.device!)), source: options.device! };
}

/** The default output folder's name: the trace's file name without .gz and its extension. */
export function defaultValidateOut(trace: string): string {
  const name = basename(trace).replace(/\.gz$/i, '');
  const dot = name.lastIndexOf('.');
  return join('cowsim-out', `validate-${dot > 0 ? name.slice(0, dot) : name}`);
}

/** Runs the validate command; returns the exit code, the file and what was written. */
export async function validateCommand(options: ValidateCommandOptions, io: CommandIo = processIo): Promise<{ exitCode: number; file: ValidateFile; outDir: string; files: string[] }> {
  const flags = parseFlags(options);
  const device = await resolveDeviceFlag(options);
  const outDir = options.out ?? defaultValidateOut(flags.trace);
  const inputs: OutputInput[] = [{ path: flags.trace, flag: '--trace' }, ...(options.device === undefined ? [] : [{ path: options.device, flag: '--device' }])];
  const output = { command: 'validate', inputs, notify: outputNotices(io, options.quiet) } as const;
  await prepareOutputDirectory(outDir, output);

  const started = performance.now();
  const trace = await readRecordedTrace(flags.trace, { ...(flags.format === undefined ? {} : { format: flags.format }), ...(flags.action === undefined ? {} : { action: flags.action }) });
  if (flags.action !== undefined && trace.format !== 'blkparse') {
    throw new InputError('command line', '--action', `no --action with a ${trace.format} trace: it picks the blkparse event requests are issued at`, JSON.stringify(flags.action));
  }
  checkTraceFits(trace, deviceCapacityBytes(device));
  const replay = await replayTrace(trace, device);
  const { file, samples } = buildValidateFile(trace, device, replay);
  const files = await writeOutputDirectory(
    outDir,
    new Map([
      [VALIDATE_JSON, validateJson(file)],
      [VALIDATE_REPORT_HTML, renderValidateReport(file, samples)],
    ]),
    output,
  );
  if (!options.quiet) io.stdout(`${renderValidateSummary(file, (performance.now() - started) / 1000, outDir, files.map((path) => basename(path)))}\n`);
  return { exitCode: EXIT_OK, file, outDir, files };
}

/**
 * What the fuzz test feeds the CLI: a tiny valid scenario and mutations of its fields (wrong
 * types, huge numbers, NaN-ish text such as `1constructor`, `__proto__`, negative, empty), trace
 * files of good and bad lines, and command lines of good, bad and misspelled flags.
 */
import fc from 'fast-check';

/** A scenario that runs in about a tenth of a second; its limits bound any variant of it. */
export const BASE_SCENARIO = {
  name: 'fuzz',
  seed: 1,
  duration: '10ms',
  volume: { size: '4MiB', blockSize: '4KiB', chunkSize: '64KiB' },
  devices: { origin: { preset: 'nvme-pcie4' }, snapshotStore: { preset: 'ssd-sata', size: '16MiB' } },
  engine: { locks: 'chunk', intake: { servers: 4, meanServiceTime: '100us' } },
  workloads: [{ name: 'w', rw: 'randrw', readPercent: 50, blockSize: '4KiB', jobs: 1, iodepth: 2 }],
  snapshots: { at: ['5ms'] },
  // Any variant runs at most this many events (well under a second), so a slow variant is not a hang.
  limits: { maxEvents: 300_000 },
  report: { html: false },
} as const;

/** Text that a plain-object unit table would read as a number and a unit (Object.prototype's names). */
export const NAN_ISH = ['1constructor', '5constructor', '1toString', '2valueOf', '1hasOwnProperty', '3isPrototypeOf', '1toLocaleString', '1propertyIsEnumerable', '1__proto__', 'NaN', 'Infinity', '-Infinity', '1e999', '0x10', '1e', '1..2', '1 2'];
/** Keys that reach Object.prototype when looked up in a plain object. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

const WRONG_TYPES: unknown[] = [true, false, null, [], {}, [1], { a: 1 }, 'abc', ''];
const NUMBERS: unknown[] = [-1, 0, -0, 0.5, 1, 3, 17, 1e6, 1e9, 1e15, 2 ** 31, 2 ** 32, 2 ** 52, 2 ** 53, 2 ** 53 + 2, 1e21, 1e308, -1e308, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE, Number.NaN, Number.POSITIVE_INFINITY];
const SIZES = ['0', '0B', '1', '512', '4KiB', '4.5KiB', '-4KiB', '64k', '64TiB', '1PiB', '1e9GiB', '9007199254740993', '8EiB', '1.5MB', ' 4 KiB ', '50%', '0%', '101%', '-5%'];
const DURATIONS = ['0', '0s', '1ns', '1us', '-1s', '1e20s', '10h', '999999999h', '0.0000001s', '1.5', '3m', '1min', '2ms', '1000000000000000000ns'];
const STRINGS = ['', ' ', 'x'.repeat(5000), '..', '../x', 'a/b', '/etc/passwd', '\u0000', '\u202e', 'ünïcödé', '=cmd|', '*alias', '&anchor', '!tag', 'null', 'true', '[]', '{}'];
const ENUMS = ['global', 'chunk', 'striped', 'fifo', 'deadline', 'elevator', 'randread', 'write', 'snapshot', 'live', 'none', 'no-cow', 'oltp', 'backup', 'vm-image', 'append-log', 'hdd', 'ssd', 'nvme', 'fixed', 'null', 'hdd-7200-sata'];
const OBJECTS: unknown[] = [
  { iops: 1000 },
  { iops: 1e9 },
  { iops: 0 },
  { zipf: 0.9 },
  { pareto: 0.5 },
  { hotcold: { ioPercent: 90, spacePercent: 10 } },
  { offset: '50%', size: '50%' },
  { offset: '4MiB' },
  [{ workload: 'w', ios: 5 }],
  [{ workload: 'nobody', ios: 1 }],
  [{ kind: 'bitFlip', probability: '1/10' }],
  [{ kind: 'readError', probability: 1 }],
  { name: 'w2', rw: 'write' },
  { name: 'w', rw: 'read' },
  { profile: 'oltp', name: 'p' },
  { '4KiB': 70, '64KiB': 30 },
  { '4KiB': 0 },
  ['1ms', '2ms', '1ms'],
  { queueDepth: 1e9 },
];

/** An object whose only own key is `key` (an own `__proto__` key needs defineProperty). */
export function objectWithKey(key: string, value: unknown): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

/** Values no field accepts as they are, or only some fields do: the garbage half of the fuzz. */
export const garbageValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...WRONG_TYPES, ...NUMBERS, ...NAN_ISH, ...SIZES, ...DURATIONS, ...STRINGS, ...ENUMS, ...OBJECTS),
  fc.constantFrom(...PROTOTYPE_KEYS).map((key) => objectWithKey(key, 1)),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double(),
  fc.string({ maxLength: 12 }),
  fc.tuple(fc.integer({ min: 0, max: 99 }), fc.constantFrom('', 'k', 'KiB', 'MiB', 'GiB', 'ms', 'us', 's', 'h', '%', 'constructor')).map(([count, unit]) => `${count}${unit}`),
);

const size = (...values: string[]) => fc.constantFrom(...values);
const duration = fc.oneof(fc.constantFrom('0', '1ms', '2ms', '5ms', '9ms', '20ms', '100us', '1s'), fc.integer({ min: 1, max: 20_000 }).map((us) => `${us}us`));
const count = (min: number, max: number) => fc.integer({ min, max });
const PRESETS = ['hdd-7200-sata', 'hdd-15k-sas', 'ssd-sata', 'nvme-pcie4'];
const MUTANTS = ['none', 'no-cow', 'no-dual-write', 'cow-after-write', 'no-lock'];

/** Values a field may well take: a field, and what a user could plausibly write there. */
const PLAUSIBLE: Record<string, fc.Arbitrary<unknown>> = {
  name: fc.constantFrom('a', 'fuzz-2', 'x.y_z'),
  description: fc.string({ maxLength: 30 }),
  seed: fc.nat(),
  duration,
  ios: count(1, 2000),
  'volume.size': size('1MiB', '2MiB', '4MiB', '8MiB', '64KiB', '3MiB'),
  'volume.blockSize': size('512', '1KiB', '4KiB', '8KiB', '64KiB'),
  'volume.chunkSize': size('4KiB', '16KiB', '64KiB', '128KiB', '1MiB'),
  'volume.payloadBytes': fc.constantFrom(16, 32, 48, 64, 4096),
  'devices.origin': fc.oneof(fc.constantFrom(...PRESETS).map((preset) => ({ preset })), fc.constant({ model: 'fixed', params: { servers: 1, meanServiceTimeUs: 50 } })),
  'devices.origin.preset': fc.constantFrom(...PRESETS),
  'devices.origin.params': fc.constantFrom({}, { queueDepth: 4 }, { capacityBytes: '1GiB' }),
  'devices.origin.params.queueDepth': count(1, 64),
  'devices.origin.scheduler': fc.constantFrom('fifo', 'elevator', 'deadline'),
  'devices.snapshotStore.size': size('1MiB', '4MiB', '16MiB', '64MiB', '256KiB'),
  'devices.snapshotStore.preset': fc.constantFrom(...PRESETS),
  'engine.locks': fc.constantFrom('global', 'chunk', 'striped'),
  'engine.stripes': count(1, 128),
  'engine.intake': fc.oneof(fc.constant('none'), count(1, 16).map((servers) => ({ servers }))),
  'engine.intake.servers': count(1, 16),
  'engine.intake.meanServiceTime': duration,
  'engine.intake.distribution': fc.constantFrom('fixed', 'exponential', 'lognormal'),
  'engine.mutant': fc.constantFrom(...MUTANTS),
  'workloads.0.name': fc.constantFrom('w', 'db', 'w.1'),
  'workloads.0.profile': fc.constantFrom('oltp', 'vm-image', 'backup', 'append-log'),
  'workloads.0.rw': fc.constantFrom('read', 'write', 'randread', 'randwrite', 'readwrite', 'randrw'),
  'workloads.0.readPercent': count(0, 100),
  'workloads.0.blockSize': fc.oneof(size('4KiB', '8KiB', '64KiB', '12KiB'), fc.constant({ '4KiB': 70, '64KiB': 30 })),
  'workloads.0.jobs': count(1, 4),
  'workloads.0.iodepth': count(1, 16),
  'workloads.0.rate': fc.record({ iops: count(100, 200_000), arrival: fc.constantFrom('poisson', 'constant') }),
  'workloads.0.rate.iops': count(1, 200_000),
  'workloads.0.thinkTime': duration,
  'workloads.0.range': fc.constantFrom({ offset: 0, size: '50%' }, { offset: '1MiB', size: '1MiB' }, { size: '100%' }),
  'workloads.0.range.offset': fc.constantFrom(0, '25%', '64KiB', '4KiB'),
  'workloads.0.range.size': fc.constantFrom('50%', '100%', '64KiB', '1MiB'),
  'workloads.0.distribution': fc.constantFrom('uniform', { zipf: 0.9 }, { pareto: 0.2 }, { hotcold: { ioPercent: 90, spacePercent: 10 } }),
  'workloads.0.distribution.zipf': fc.double({ min: 0.01, max: 3, noNaN: true }),
  'workloads.0.target': fc.constantFrom('live', 'snapshot'),
  'workloads.0.startAt': duration,
  'workloads.0.stopAt': duration,
  'workloads.0.rampUp': duration,
  'workloads.0.ios': count(1, 500),
  'workloads.0.loops': count(1, 3),
  'workloads.1': fc.constantFrom({ name: 'reader', rw: 'randread', target: 'snapshot', blockSize: '16KiB' }, { name: 'log', rw: 'write', blockSize: '4KiB' }, { name: 'w', rw: 'read' }, { name: 'p', profile: 'oltp' }),
  snapshots: fc.constantFrom({ every: '2ms', retain: 2 }, { at: [] }, { after: [{ workload: 'w', ios: 20 }] }),
  'snapshots.at': fc.array(duration, { maxLength: 4 }),
  'snapshots.at.0': duration,
  'snapshots.every': duration,
  'snapshots.firstAt': duration,
  'snapshots.retain': count(1, 4),
  'snapshots.after': fc.array(fc.record({ workload: fc.constantFrom('w', 'nobody'), ios: count(1, 100) }), { maxLength: 2 }),
  'snapshots.imageSize': size('256KiB', '1MiB', '4MiB', '16MiB'),
  verify: fc.boolean(),
  'report.timelineInterval': duration,
  faults: fc.constantFrom({ origin: [{ kind: 'bitFlip', probability: '1/50' }] }, { snapshotStore: [{ kind: 'readError', probability: '1/20' }, { kind: 'latencySpike', probability: '1/5', extra: '1ms' }] }, { origin: [{ kind: 'grayFailure', probability: 1, factor: 3 }] }),
};

/** The fields the mutations set: every field of the base but its limits, and optional ones it leaves out. */
export const SCENARIO_PATHS: readonly string[] = Object.keys(PLAUSIBLE);

/** A value for a field: plausible two times in three, garbage otherwise. */
export function fieldValue(path: string): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 2, arbitrary: PLAUSIBLE[path]! }, { weight: 1, arbitrary: garbageValue });
}

/** One mutation: set the field at a dotted path (created on the way when missing) to a value. */
export type Mutation = readonly [path: string, value: unknown];

const mutation: fc.Arbitrary<Mutation> = fc.constantFrom(...SCENARIO_PATHS).chain((path) => fieldValue(path).map((value): Mutation => [path, value]));

/** One to three mutations of the base scenario. */
export const scenarioMutations: fc.Arbitrary<Mutation[]> = fc.array(mutation, { minLength: 1, maxLength: 3 });

/** A deep copy of `base` with the mutations applied; a path through a non-object replaces it with an object. */
export function mutate(base: object, mutations: readonly Mutation[]): Record<string, unknown> {
  const copy = structuredClone(base) as Record<string, unknown>;
  for (const [path, value] of mutations) {
    const segments = path.split('.');
    let container: Record<string, unknown> | unknown[] = copy;
    segments.forEach((segment, index) => {
      const key = Array.isArray(container) ? Number(segment) : segment;
      const holder = container as Record<string | number, unknown>;
      if (index === segments.length - 1) {
        if (typeof key === 'string') Object.defineProperty(holder, key, { value, enumerable: true, writable: true, configurable: true });
        else holder[key] = value;
        return;
      }
      let next = Object.hasOwn(holder, key) ? holder[key] : undefined;
      if (next === null || typeof next !== 'object') {
        next = /^\d+$/.test(segments[index + 1]!) ? [] : {};
        holder[key] = next;
      }
      container = next as Record<string, unknown> | unknown[];
    });
  }
  return copy;
}

/** Numeric, size and duration fields with the path the errors name them by. */
export const NUMERIC_FIELDS: readonly (readonly [path: string, shown: string])[] = [
  ['duration', 'duration'],
  ['volume.size', 'volume.size'],
  ['volume.blockSize', 'volume.blockSize'],
  ['volume.chunkSize', 'volume.chunkSize'],
  ['devices.snapshotStore.size', 'devices.snapshotStore.size'],
  ['engine.intake.meanServiceTime', 'engine.intake.meanServiceTime'],
  ['workloads.0.blockSize', 'workloads[0].blockSize'],
  ['workloads.0.thinkTime', 'workloads[0].thinkTime'],
  ['workloads.0.startAt', 'workloads[0].startAt'],
  ['workloads.0.rampUp', 'workloads[0].rampUp'],
  ['workloads.0.range.size', 'workloads[0].range.size'],
  ['snapshots.at.0', 'snapshots.at[0]'],
  ['snapshots.every', 'snapshots.every'],
  ['snapshots.imageSize', 'snapshots.imageSize'],
  ['report.timelineInterval', 'report.timelineInterval'],
];

const BAD_TOKENS = ['', '-1', '1e999', 'NaN', '99999999999999999999999', '0x10', '1constructor', '__proto__', ' ', '\u0000', '1.5', '18446744073709551616', 'ünï'];
const FORMATS = ['msr-cambridge', 'blkparse', 'fio-iolog-v2', 'fio-iolog-v3'] as const;
type Format = (typeof FORMATS)[number];

/** The columns of a well-formed line of each format, record `index` of the trace. */
function goodLine(format: Format, index: number, offset: number, write: boolean, sizeBlocks: number): string[] {
  const bytes = String(sizeBlocks * 512);
  switch (format) {
    case 'msr-cambridge':
      return [String(128166372003061629n + BigInt(index) * 997n), 'hm', '0', write ? 'Write' : 'Read', String(offset * 512), bytes, '100'];
    case 'blkparse':
      return ['8,0', '1', String(index + 1), `0.${String(index * 997).padStart(9, '0')}`, '697', 'Q', write ? 'W' : 'R', String(offset), '+', String(sizeBlocks), '[fio]'];
    case 'fio-iolog-v2':
      return ['/dev/sdb', write ? 'write' : 'read', String(offset * 512), bytes];
    case 'fio-iolog-v3':
      return [String(index * 10), '/dev/sdb', write ? 'write' : 'read', String(offset * 512), bytes];
  }
}

const HEADERS: Record<Format, string> = { 'msr-cambridge': 'Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime', blkparse: '', 'fio-iolog-v2': 'fio version 2 iolog', 'fio-iolog-v3': 'fio version 3 iolog' };

/** How a line is spoiled: a column replaced, the line cut, or replaced by other text. */
const spoil = fc.oneof(
  fc.tuple(fc.nat(10), fc.constantFrom(...BAD_TOKENS)).map(([at, token]) => (columns: string[]) => columns.map((column, index) => (index === at % columns.length ? token : column))),
  fc.nat(6).map((keep) => (columns: string[]) => columns.slice(0, keep)),
  fc.constantFrom('', '   ', '\t', 'x'.repeat(70_000), '\u0000\u0000', '#comment', 'fio version 2 iolog').map((text) => () => [text]),
  fc.string({ maxLength: 40 }).map((text) => () => [text]),
);

/** A trace file: text (a format's lines, some spoiled), whether gzipped, and the scenario's trace options. */
export interface TraceCase {
  readonly text: string;
  readonly gzip: boolean;
  readonly options: Record<string, unknown>;
}

export const traceCase: fc.Arbitrary<TraceCase> = fc
  .record({
    format: fc.constantFrom(...FORMATS),
    header: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    lines: fc.array(
      fc.record({
        offset: fc.nat(8191),
        write: fc.boolean(),
        blocks: fc.constantFrom(1, 8, 16, 128, 0),
        // About one line in 40 spoiled: a third of the traces have one.
        spoiled: fc.oneof({ weight: 39, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: spoil }),
      }),
      { minLength: 1, maxLength: 30 },
    ),
    crlf: fc.boolean(),
    gzip: fc.boolean(),
    // The format option: none (detect), the right one, or another.
    forced: fc.constantFrom('none', 'none', 'none', 'none', 'right', 'right', 'other'),
    speed: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(undefined, 1, 1000, 0.001) }, { weight: 1, arbitrary: fc.constantFrom(0, -1, 1e308, 1e-9, Number.MIN_VALUE) }),
    loop: fc.constantFrom(undefined, true, false),
    maxRecords: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(undefined, 1, 5, 1000) }, { weight: 1, arbitrary: fc.constantFrom(0, 1e12, 1.5) }),
  })
  .map(({ format, header, lines, crlf, gzip, forced, speed, loop, maxRecords }) => {
    const separator = format === 'msr-cambridge' ? ',' : ' ';
    const body = lines.map(({ offset, write, blocks, spoiled }, index) => {
      const columns = goodLine(format, index, offset, write, blocks);
      return (spoiled === null ? columns : spoiled(columns)).join(separator);
    });
    const all = header && HEADERS[format] !== '' ? [HEADERS[format], ...body] : body;
    const end = crlf ? '\r\n' : '\n';
    const other = FORMATS[(FORMATS.indexOf(format) + 1) % FORMATS.length];
    const formatOption = forced === 'right' ? format : forced === 'other' ? other : undefined;
    const options = Object.fromEntries(Object.entries({ format: formatOption, speed, loop, maxRecords }).filter(([, value]) => value !== undefined));
    return { text: all.map((line) => `${line}${end}`).join(''), gzip, options };
  });

/** Values for numeric flags. */
export const FLAG_NUMBERS = ['0', '1', '2', '-1', '1e9', '1e308', 'NaN', 'Infinity', '1constructor', '__proto__', '', '0x10', '1.5', '99999999999999999999', 'abc'];

/** Files a flag may name: the case makes these exist (valid ones too) in its folder. */
export type FileRef = 'scenario' | 'summary' | 'summary-dir' | 'sweep-dir' | 'rules' | 'secret' | 'missing' | 'folder' | 'dev-zero' | 'new-file';

/** A flag and its value; a value naming a file is resolved per case. */
export type FlagPart = readonly [flag: string, value?: string | { file: FileRef }];

const file = (ref: FileRef) => ({ file: ref });
const anyFile = fc.constantFrom<FileRef>('scenario', 'summary', 'summary-dir', 'sweep-dir', 'rules', 'secret', 'missing', 'folder', 'dev-zero').map(file);
const numberFlag = (flag: string) => fc.constantFrom(...FLAG_NUMBERS).map((value): FlagPart => [flag, value]);
const textFlag = (flag: string, values: readonly string[]) => fc.constantFrom(...values).map((value): FlagPart => [flag, value]);
const fileFlag = (flag: string) => anyFile.map((value): FlagPart => [flag, value]);
const misspelled = fc.constantFrom<FlagPart>(['--sed', '5'], ['--scenarios', 'x.yaml'], ['--replicatoins', '2'], ['--qiet'], ['--ot', 'x'], ['-x'], ['--'], ['--help'], ['--version'], ['extra-positional']);
const scenarioFlag = fc.oneof({ weight: 4, arbitrary: fc.constant<FlagPart>(['--scenario', file('scenario')]) }, { weight: 1, arbitrary: fileFlag('--scenario') });

const SETS = ['seed=1,2', 'engine.locks=global,chunk', 'workloads.0.jobs=1,2', 'workloads.0.iodepth=0', '__proto__.x=1', 'constructor=1', 'workloads.9.jobs=1', 'seed=1constructor', 'duration=1constructor,2ms', 'seed', '=1', 'seed=', 'a..b=1'];
// 2,000 x 4,000 points: a grid no machine runs; it must be refused, not started.
const HUGE_GRID: readonly FlagPart[] = [
  ['--set', `seed=${Array.from({ length: 2000 }, (_, index) => index).join(',')}`],
  ['--set', `workloads.0.iodepth=${Array.from({ length: 4000 }, (_, index) => index + 1).join(',')}`],
];
const RULES = ['iops>=-2%', 'latency.write.p99<=+5%', 'correctness.mismatches==0', '__proto__<=5', 'constructor==1', 'toString<1', 'iops>=1constructor', 'iops', '<=5', 'iops>=+5constructor%', 'snapshots.0.valid==1'];
const SLOS = ['latency.write.p99<=5ms', 'latency.read.p99<=1s', '__proto__<=5', 'constructor<=1ms', 'latency.write.p99<=5constructor', 'iops<=1e308', 'latency.write.p99<=0us', 'latency.write.p99=5ms'];

/** Groups of flags a command line may get (most groups are one flag). */
const commandFlags: Record<string, fc.Arbitrary<readonly FlagPart[]>> = Object.fromEntries(
  Object.entries({
    run: [scenarioFlag, numberFlag('--seed'), fc.constant<FlagPart>(['--quiet']), misspelled],
    sweep: [scenarioFlag, numberFlag('--seed'), textFlag('--set', SETS), numberFlag('--replications'), numberFlag('--jobs'), textFlag('--shard', ['1/2', '2/2', '0/2', '3/2', '1/0', 'x', '1/1e9']), misspelled],
    plan: [scenarioFlag, textFlag('--slo', SLOS), textFlag('--workload', ['w', 'nobody', '__proto__']), textFlag('--knob', ['rate', 'jobs', 'x']), numberFlag('--min'), numberFlag('--max'), textFlag('--tolerance', ['2%', '0%', '-1%', '1constructor%', '50%']), textFlag('--retention', ['8', '24h', '0', '1constructor', '__proto__']), misspelled],
    gate: [fileFlag('--baseline'), fileFlag('--current'), textFlag('--rule', RULES), fileFlag('--rules'), fc.constantFrom<FlagPart>(['--junit', file('new-file')], ['--markdown', file('new-file')], ['--junit', ''], ['--markdown', file('summary')]), fc.constant<FlagPart>(['--quiet']), misspelled],
    merge: [anyFile.map((value): FlagPart => ['', value]), misspelled],
    crash: [scenarioFlag, textFlag('--seeds', ['1', '2', '0', '-1', '1e9', '1constructor']), textFlag('--points', ['1', '0', '1e9', 'x']), numberFlag('--seed'), textFlag('--mutant', ['no-copy-flush', 'nope', '__proto__']), textFlag('--flush-interval', ['1ms', '0', '1constructor']), misspelled],
    presets: [fc.constant<FlagPart>(['--json']), misspelled],
  }).map(([command, flags]) => {
    // A misspelled flag ends any line at once: one group in four or so, not one in three.
    const groups = flags.map((flag) => ({ weight: flag === misspelled ? 1 : 3, arbitrary: flag.map((part): readonly FlagPart[] => [part]) }));
    if (command === 'sweep') groups.push({ weight: 1, arbitrary: fc.constant(HUGE_GRID) });
    return [command, fc.oneof(...groups)];
  }),
);

/** Flags every command line of a command starts from so that a case stays small; the fuzz drops some and adds others. */
export const COMMAND_DEFAULTS: Record<string, readonly FlagPart[]> = {
  run: [['--scenario', file('scenario')]],
  sweep: [['--scenario', file('scenario')], ['--set', 'seed=1,2'], ['--jobs', '1']],
  plan: [['--scenario', file('scenario')], ['--slo', 'latency.write.p99<=50ms'], ['--max', '4']],
  gate: [['--baseline', file('summary')], ['--current', file('summary')], ['--rule', 'iops>=-50%']],
  merge: [['', file('sweep-dir')]],
  crash: [['--scenario', file('scenario')], ['--seeds', '1'], ['--points', '1'], ['--jobs', '1']],
  presets: [],
};

/** Commands whose output folder the case names with --out (always, so nothing lands in the working directory). */
export const COMMANDS_WITH_OUT = new Set(['run', 'sweep', 'plan', 'merge', 'crash']);

/** A command line: a command, some of its defaults, and fuzzed flags. */
export interface FlagCase {
  readonly command: string;
  readonly parts: readonly FlagPart[];
}

export const flagCase: fc.Arbitrary<FlagCase> = fc.constantFrom(...Object.keys(commandFlags)).chain((command) =>
  fc
    .record({
      // Each default kept four times in five: a required flag left out is one case among many.
      keep: fc.array(fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }), { minLength: COMMAND_DEFAULTS[command]!.length, maxLength: COMMAND_DEFAULTS[command]!.length }),
      extra: fc.array(commandFlags[command]!, { minLength: 1, maxLength: 3 }),
    })
    .map(({ keep, extra }) => ({ command, parts: [...COMMAND_DEFAULTS[command]!.filter((_, index) => keep[index]), ...extra.flat()] })),
);

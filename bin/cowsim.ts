#!/usr/bin/env node
/**
 * The cowsim command line (design.md section 4): parse, call, print. The work lives in
 * reports/commands; exit codes are 0 ok, 1 correctness or gate failed, 2 bad input, 3 a bug.
 * `cowsim(argv, io)` is the whole CLI as a function (tests call it); run as a program, this file
 * calls it with the process's arguments.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { parseSeed } from '../reports/commands/cli-values.js';
import { processIo, type CommandIo } from '../reports/commands/command-io.js';
import { describeFailure, EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK } from '../reports/commands/exit-codes.js';
import { describeCommandLine, type CommandLineContext } from '../reports/commands/flag-suggestions.js';

export type { CommandIo } from '../reports/commands/command-io.js';
// Each command's module is imported when the command runs, so that a command loads only what it
// uses (`presets` needs no chart renderer, no engine, no simulator run).

/** --scenario, --fio and --seed: every command that runs a scenario reads them alike (reports/commands/scenario-flags.ts). */
function scenarioOptions<T>(command: Argv<T>, embedded = 'the embedded default scenario', seed = "seed overriding the scenario's (integer)") {
  return command
    .option('scenario', { type: 'string', describe: `scenario file (YAML or JSON); default: ${embedded}`, requiresArg: true })
    .option('fio', { type: 'string', describe: `fio job file whose jobs replace the scenario's workloads (docs/fio.md); alone, on ${embedded}`, requiresArg: true })
    .option('seed', { type: 'string', describe: seed, requiresArg: true });
}

/** The fields that have a value: optional flags left out stay absent from a command's options. */
function defined<T extends Record<string, unknown>>(fields: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

/** The command yargs matched and its flags, as its builder saw them: for "did you mean --seed?". */
interface CommandSeen {
  command?: string;
  flags: string[];
  /** Flags that may be repeated (--set, --slo, --rule); any other given twice is refused. */
  repeatable: string[];
}

/** Wraps a command's builder so that it records the command's flags (positionals left out) in `seen`. */
function tracked<A, B>(seen: CommandSeen, name: string, builder: (command: Argv<A>) => Argv<B>, positionals: readonly string[] = []): (command: Argv<A>) => Argv<B> {
  return (command) => {
    const built = builder(command);
    // getOptions() is yargs' own record of the options; its typings leave it out.
    const options = (built as unknown as { getOptions?: () => { key?: Record<string, unknown>; array?: string[] } }).getOptions?.() ?? {};
    seen.command = name;
    seen.flags = Object.keys(options.key ?? {}).filter((flag) => !positionals.includes(flag));
    seen.repeatable = options.array ?? [];
    return built;
  };
}

function buildCli(argv: readonly string[], io: CommandIo, execute: (body: () => Promise<number>) => Promise<void>, badCommandLine: (message: string) => void, seen: CommandSeen) {
  return yargs([...argv])
    .scriptName('cowsim')
    .usage('$0 <command> [options]\n\nA copy-on-write snapshot engine inside a discrete-event storage simulator.')
    .command(
      'run',
      'run a scenario: verify snapshot contents, measure latency, locks and CoW cost, write reports',
      tracked(seen, 'run', (command) =>
        scenarioOptions(command)
          .option('out', { type: 'string', describe: 'output directory (default ./cowsim-out/<scenario name>)', requiresArg: true })
          .option('quiet', { type: 'boolean', describe: 'no progress bar and no summary; errors only', default: false })
          .option('baseline', { type: 'boolean', describe: 'then run the scenario with snapshots off (same seed) and report what the snapshots cost against it', default: false })
          .option('output-format', { type: 'string', choices: ['normal', 'json'], describe: 'json: print the summary JSON on standard output instead of the text summary', requiresArg: true })),
      (args) =>
        execute(async () => {
          const seed = parseSeed(args.seed);
          const { runCommand } = await import('../reports/commands/run-command.js');
          const outputFormat = args['output-format'] as 'normal' | 'json' | undefined;
          const { exitCode } = await runCommand({ ...defined({ scenario: args.scenario, seed, out: args.out, fio: args.fio, outputFormat }), quiet: args.quiet, baseline: args.baseline }, io);
          return exitCode;
        }),
    )
    .command(
      'sweep',
      'run a grid of scenario variants (--set path=v1,v2 ...), R replications each, with 95 % confidence intervals',
      tracked(seen, 'sweep', (command) =>
        scenarioOptions(command)
          .option('set', { type: 'string', array: true, demandOption: true, describe: 'a swept field and its values: path=v1,v2 (repeat for a grid), e.g. engine.locks=global,chunk,striped or workloads.0.jobs=1,4,16', requiresArg: true })
          .option('replications', { type: 'string', describe: 'runs per point, each with its own derived seed (default 1)', requiresArg: true })
          .option('jobs', { type: 'string', describe: 'runs at once on worker threads (default: the cores available)', requiresArg: true })
          .option('shard', { type: 'string', describe: 'run shard i of n (1-based): the points whose index mod n is i-1; combine with cowsim merge', requiresArg: true })
          .option('out', { type: 'string', describe: 'output directory (default ./cowsim-out/<scenario>-sweep)', requiresArg: true })
          .option('quiet', { type: 'boolean', describe: 'no progress bar and no table; errors only', default: false })),
      (args) =>
        execute(async () => {
          const seed = parseSeed(args.seed);
          const { sweepCommand } = await import('../reports/commands/sweep-command.js');
          const { exitCode } = await sweepCommand(
            {
              set: args.set,
              quiet: args.quiet,
              ...defined({ scenario: args.scenario, fio: args.fio, seed, out: args.out, shard: args.shard, replications: args.replications, jobs: args.jobs }),
            },
            io,
          );
          return exitCode;
        }),
    )
    .command(
      'merge <dirs..>',
      'combine the outputs of a sharded sweep (cowsim sweep --shard i/n) into one sweep',
      tracked(seen, 'merge', (command) =>
        command
          .positional('dirs', { type: 'string', array: true, describe: 'output directories (or sweep.json files) of the shards', demandOption: true })
          .option('out', { type: 'string', describe: 'output directory (default ./cowsim-out/<scenario>-sweep)', requiresArg: true })
          .option('quiet', { type: 'boolean', describe: 'no table; errors only', default: false }), ['dirs']),
      (args) =>
        execute(async () => {
          const { mergeCommand } = await import('../reports/commands/merge-command.js');
          const { exitCode } = await mergeCommand({ inputs: args.dirs, quiet: args.quiet, ...defined({ out: args.out }) }, io);
          return exitCode;
        }),
    )
    .command(
      'gate',
      'compare a current summary.json (or sweep.csv) against a baseline with rules; exit 1 when a rule fails',
      tracked(seen, 'gate', (command) =>
        command
          .option('baseline', { type: 'string', demandOption: true, describe: 'baseline summary.json, sweep.csv or sweep.json (or its directory)', requiresArg: true })
          .option('current', { type: 'string', demandOption: true, describe: 'current summary.json, sweep.csv or sweep.json (or its directory)', requiresArg: true })
          .option('rule', { type: 'string', array: true, describe: "a rule such as 'latency.write.p99<=+5%', 'iops>=-2%', 'correctness.mismatches==0' (repeatable)", requiresArg: true })
          .option('rules', { type: 'string', describe: 'a YAML or JSON file of rules', requiresArg: true })
          .option('junit', { type: 'string', describe: 'write the outcome as JUnit XML to this file', requiresArg: true })
          .option('markdown', { type: 'string', describe: 'write the outcome as a Markdown summary to this file', requiresArg: true })
          .option('quiet', { type: 'boolean', describe: 'print the table only when a rule fails', default: false })
          .option('allow-different-scenarios', { type: 'boolean', describe: 'compare summaries of different scenarios anyway (prints a warning)', default: false })),
      (args) =>
        execute(async () => {
          const { gateCommand } = await import('../reports/commands/gate-command.js');
          const { exitCode } = await gateCommand(
            { baseline: args.baseline, current: args.current, quiet: args.quiet, allowDifferentScenarios: args.allowDifferentScenarios, ...defined({ rules: args.rule, rulesFile: args.rules, junit: args.junit, markdown: args.markdown }) },
            io,
          );
          return exitCode;
        }),
    )
    .command(
      'plan',
      'the largest load that keeps an SLO with a snapshot active (bisection), and the snapshot store a retention needs',
      tracked(seen, 'plan', (command) =>
        scenarioOptions(command)
          .option('slo', { type: 'string', array: true, demandOption: true, describe: "an SLO such as 'latency.write.p99<=5ms' (units us, ms, s for times; repeatable: all must hold)", requiresArg: true })
          .option('workload', { type: 'string', describe: 'the workload whose load varies (default: the only open-loop one, or the only one)', requiresArg: true })
          .option('knob', { type: 'string', choices: ['rate', 'jobs'], describe: "what varies: the workload's rate.iops (open loop) or its jobs (default: rate when it has one)", requiresArg: true })
          .option('min', { type: 'string', describe: 'smallest load to try (default: search from the scenario\'s own load)', requiresArg: true })
          .option('max', { type: 'string', describe: 'largest load to try', requiresArg: true })
          .option('tolerance', { type: 'string', describe: 'stop bisecting when the bracket is this narrow (default 2%)', requiresArg: true })
          .option('retention', { type: 'string', describe: 'snapshots kept for the store estimate: a count (8) or a window (24h); default the scenario\'s snapshots.retain, else 24h', requiresArg: true })
          .option('out', { type: 'string', describe: 'output directory (default ./cowsim-out/<scenario>-plan)', requiresArg: true })
          .option('quiet', { type: 'boolean', describe: 'no progress and no summary; errors only', default: false })),
      (args) =>
        execute(async () => {
          const seed = parseSeed(args.seed);
          const { planCommand } = await import('../reports/commands/plan-command.js');
          const { exitCode } = await planCommand(
            {
              slo: args.slo,
              quiet: args.quiet,
              ...defined({ scenario: args.scenario, fio: args.fio, seed, out: args.out, workload: args.workload, knob: args.knob, min: args.min, max: args.max, tolerance: args.tolerance, retention: args.retention }),
            },
            io,
          );
          return exitCode;
        }),
    )
    .command(
      'crash',
      'crash states at cuts of each seed\'s device log: reopen the volume and check durability, snapshots, torn blocks, reopen and injected faults (S1-S5)',
      tracked(seen, 'crash', (command) =>
        scenarioOptions(command, 'the embedded crash scenario', "the first seed (default: the scenario's)")
          .option('seeds', { type: 'string', describe: 'seeds to explore, from --seed on (default 50)', requiresArg: true })
          .option('points', { type: 'string', describe: 'cuts sampled per seed beyond the flush points and delete windows (default 8); a log with fewer boundaries is cut everywhere', requiresArg: true })
          .option('cut', { type: 'string', describe: 'replay one cut of one seed (a reproduce line names it)', requiresArg: true })
          .option('state', { type: 'string', describe: 'with --cut: replay one crash state of that cut', requiresArg: true })
          .option('mutant', { type: 'string', describe: 'run a deliberately broken engine (for example no-copy-flush)', requiresArg: true })
          .option('flush-interval', { type: 'string', describe: 'virtual time between volume.flush() calls (default: a tenth of the run)', requiresArg: true })
          .option('jobs', { type: 'string', describe: 'seeds at once on worker threads (default: the cores available)', requiresArg: true })
          .option('out', { type: 'string', describe: 'output directory (default ./cowsim-out/<scenario>-crash)', requiresArg: true })
          .option('quiet', { type: 'boolean', describe: 'no progress bar and no summary; errors only', default: false })),
      (args) =>
        execute(async () => {
          const seed = parseSeed(args.seed);
          const { crashCommand } = await import('../reports/commands/crash-command.js');
          const { exitCode } = await crashCommand(
            {
              quiet: args.quiet,
              ...defined({
                scenario: args.scenario,
                fio: args.fio,
                seeds: args.seeds,
                seed,
                points: args.points,
                cut: args.cut,
                state: args.state,
                mutant: args.mutant,
                flushInterval: args['flush-interval'],
                jobs: args.jobs,
                out: args.out,
              }),
            },
            io,
          );
          return exitCode;
        }),
    )
    .command(
      'compare',
      'paired comparison of snapshot strategies against the same scenario with snapshots off: throughput, latency, amplification, the stall after each command',
      tracked(seen, 'compare', (command) =>
        scenarioOptions(command)
          .option('strategies', { type: 'string', describe: 'strategies to compare, comma-separated (default: method,quiesce,redirect-on-write)', requiresArg: true })
          .option('replications', { type: 'string', describe: 'runs of every arm, with seeds seed, seed+1, ... (default 1)', requiresArg: true })
          .option('stall-window', { type: 'string', describe: 'writes received this long after a preserve command make its stall (default 1s)', requiresArg: true })
          .option('out', { type: 'string', describe: 'output directory (default ./cowsim-out/<scenario>-compare)', requiresArg: true })
          .option('quiet', { type: 'boolean', describe: 'no progress bar and no summary; errors only', default: false })),
      (args) =>
        execute(async () => {
          const seed = parseSeed(args.seed);
          const { compareCommand } = await import('../reports/commands/compare-command.js');
          const { exitCode } = await compareCommand(
            {
              quiet: args.quiet,
              ...defined({ scenario: args.scenario, fio: args.fio, seed, strategies: args.strategies, replications: args.replications, stallWindow: args['stall-window'], out: args.out }),
            },
            io,
          );
          return exitCode;
        }),
    )
    .command(
      'validate',
      'replay a trace with recorded response or service times on one simulated device and compare the response-time distributions (mean, p50, p90, p99, demerit)',
      tracked(seen, 'validate', (command) =>
        command
          .option('trace', { type: 'string', demandOption: true, describe: 'trace with recorded times: MSR Cambridge CSV, DiskSim validate trace or blkparse text (.gz gunzipped)', requiresArg: true })
          .option('format', { type: 'string', describe: 'msr-cambridge, disksim-validate or blkparse (default: detected from the content)', requiresArg: true })
          .option('action', { type: 'string', describe: 'blkparse: the event requests are issued at, Q, D or C (default D; the recorded time is D to C)', requiresArg: true })
          .option('preset', { type: 'string', describe: 'the device: a preset of cowsim presets', requiresArg: true })
          .option('device', { type: 'string', describe: 'the device: a YAML or JSON file with a scenario device entry (preset or model, params, scheduler)', requiresArg: true })
          .option('out', { type: 'string', describe: 'output directory (default ./cowsim-out/validate-<trace name>)', requiresArg: true })
          .option('quiet', { type: 'boolean', describe: 'no table; errors only', default: false })),
      (args) =>
        execute(async () => {
          const { validateCommand } = await import('../reports/commands/validate-command.js');
          const { exitCode } = await validateCommand(
            { quiet: args.quiet, ...defined({ trace: args.trace, format: args.format, action: args.action, preset: args.preset, device: args.device, out: args.out }) },
            io,
          );
          return exitCode;
        }),
    )
    .command(
      'presets',
      'list disk presets and models, host schedulers, workload profiles and snapshot strategies, with their parameters',
      tracked(seen, 'presets', (command) => command.option('json', { type: 'boolean', describe: 'print as JSON', default: false })),
      (args) =>
        execute(async () => {
          const { presetCatalogue, presetListing } = await import('../reports/commands/presets-command.js');
          io.stdout(args.json ? `${JSON.stringify(presetCatalogue(), null, 2)}\n` : `${presetListing()}\n`);
          return EXIT_OK;
        }),
    )
    .command(
      'schema',
      'print the JSON Schema of scenario files (for editors: the YAML language server completes and checks scenario files with it)',
      tracked(seen, 'schema', (command) => command.option('out', { type: 'string', describe: 'write it to this file instead of stdout (an existing file only if it is an earlier schema)', requiresArg: true })),
      (args) =>
        execute(async () => {
          const { schemaCommand } = await import('../reports/commands/schema-command.js');
          return schemaCommand(defined({ out: args.out }), io);
        }),
    )
    .command(
      'selftest',
      'run every engine mutant through a short scenario: the checker must catch each',
      tracked(seen, 'selftest', (command) => command),
      () =>
        execute(async () => {
          io.stdout('Running the self-test scenario with the real engine and each mutant...\n');
          const { selftest, selftestTable } = await import('../reports/commands/selftest-command.js');
          const { rows, ok } = await selftest();
          io.stdout(`${selftestTable(rows)}\n\n${ok ? 'selftest passed: the real engine passes and every mutant is caught' : 'selftest FAILED'}\n`);
          return ok ? EXIT_OK : EXIT_FAILED;
        }),
    )
    // yargs makes a flag given twice an array, which no single-valued flag expects: refuse it.
    .middleware((args) => {
      for (const flag of seen.flags) {
        const value = args[flag];
        if (Array.isArray(value) && !seen.repeatable.includes(flag)) badCommandLine(`--${flag} given ${value.length} times: give it once`);
      }
    }, true)
    .demandCommand(1, 'name a command: run, sweep, merge, gate, plan, crash, compare, validate, presets, schema, selftest (see --help)')
    .strict()
    .recommendCommands()
    .help()
    .version()
    .exitProcess(false)
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .fail((message, error) => {
      // yargs' own parse errors (a flag without its value) are command-line problems; others are bugs.
      if (error && error.name !== 'YError') throw error;
      badCommandLine(message ?? error?.message ?? 'unreadable command line');
    });
}

/** The whole CLI: parses `argv` (without node and the script), runs the command, returns the exit code. */
export async function cowsim(argv: readonly string[], io: CommandIo = processIo): Promise<number> {
  let exitCode = EXIT_OK;
  // yargs reports flag problems to .fail before it calls the handler, but calls it all the same:
  // a handler of a command line with problems must do no work.
  const problems: string[] = [];
  const execute = async (body: () => Promise<number>): Promise<void> => {
    if (problems.length > 0) return;
    try {
      exitCode = await body();
    } catch (error) {
      const failure = describeFailure(error);
      io.stderr(`${failure.message}\n`);
      exitCode = failure.exitCode;
    }
  };
  // yargs may report several problems of one command line (an unknown command, then a suggestion).
  const badCommandLine = (message: string): void => void problems.push(message);
  const seen: CommandSeen = { flags: [], repeatable: [] };
  try {
    await buildCli(argv, io, execute, badCommandLine, seen).parseAsync();
  } catch (error) {
    const failure = describeFailure(error);
    io.stderr(`${failure.message}\n`);
    return failure.exitCode;
  }
  if (problems.length > 0) {
    const context: CommandLineContext = { ...(seen.command === undefined ? {} : { command: seen.command }), flags: seen.flags, ...(argv[0] === undefined ? {} : { firstWord: argv[0] }) };
    io.stderr(`cowsim: ${describeCommandLine(problems, context)}\n`);
    return EXIT_BAD_INPUT;
  }
  return exitCode;
}

/** True when this file is the program node runs (also through the npx / node_modules/.bin symlink). */
function isMainModule(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

/**
 * An error no command awaited would end node with exit code 1, the "correctness failed" code:
 * report it as any other failure instead (2 bad input, 3 a bug).
 */
function exitOnEscapedError(error: unknown): void {
  const failure = describeFailure(error);
  process.stderr.write(`${failure.message}\n`);
  process.exit(failure.exitCode);
}

if (isMainModule()) {
  process.on('uncaughtException', exitOnEscapedError);
  process.on('unhandledRejection', exitOnEscapedError);
  process.exitCode = await cowsim(hideBin(process.argv));
}

#!/usr/bin/env node
/**
 * The cowsim command line (design.md section 4): parse, call, print. The work lives in
 * reports/commands; exit codes are 0 ok, 1 correctness or gate failed, 2 bad input, 3 a bug.
 */
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { parseSeed } from '../reports/commands/cli-values.js';
import { describeFailure, EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK } from '../reports/commands/exit-codes.js';
import { presetCatalogue, presetListing } from '../reports/commands/presets-command.js';
import { runCommand } from '../reports/commands/run-command.js';
import { selftest, selftestTable } from '../reports/commands/selftest-command.js';

/** Runs a command body, turning its outcome into the process exit code. */
async function execute(body: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await body();
  } catch (error) {
    const { exitCode, message } = describeFailure(error);
    process.stderr.write(`${message}\n`);
    process.exitCode = exitCode;
  }
}

function scenarioOptions<T>(command: Argv<T>) {
  return command
    .option('scenario', { type: 'string', describe: 'scenario file (YAML or JSON); default: the embedded default scenario', requiresArg: true })
    .option('seed', { type: 'string', describe: 'seed overriding the scenario\'s (integer)', requiresArg: true });
}

function buildCli(argv: string[]) {
  return yargs(argv)
    .scriptName('cowsim')
    .usage('$0 <command> [options]\n\nA copy-on-write snapshot engine inside a discrete-event storage simulator.')
    .command(
      'run',
      'run a scenario: verify snapshot contents, measure latency, locks and CoW cost, write reports',
      (command) =>
        scenarioOptions(command)
          .option('out', { type: 'string', describe: 'output directory (default ./cowsim-out/<scenario name>)', requiresArg: true })
          .option('quiet', { type: 'boolean', describe: 'no progress bar and no summary; errors only', default: false }),
      (args) =>
        execute(async () => {
          const seed = parseSeed(args.seed);
          const { exitCode } = await runCommand({
            ...(args.scenario === undefined ? {} : { scenario: args.scenario }),
            ...(seed === undefined ? {} : { seed }),
            ...(args.out === undefined ? {} : { out: args.out }),
            quiet: args.quiet,
          });
          return exitCode;
        }),
    )
    .command(
      'presets',
      'list disk presets and models, host schedulers and workload profiles, with their parameters',
      (command) => command.option('json', { type: 'boolean', describe: 'print as JSON', default: false }),
      (args) =>
        execute(async () => {
          process.stdout.write(args.json ? `${JSON.stringify(presetCatalogue(), null, 2)}\n` : `${presetListing()}\n`);
          return EXIT_OK;
        }),
    )
    .command(
      'selftest',
      'run every engine mutant through a short scenario: the checker must catch each',
      (command) => command,
      () =>
        execute(async () => {
          process.stdout.write('Running the self-test scenario with the real engine and each mutant...\n');
          const { rows, ok } = await selftest();
          process.stdout.write(`${selftestTable(rows)}\n\n${ok ? 'selftest passed: the real engine passes and every mutant is caught' : 'selftest FAILED'}\n`);
          return ok ? EXIT_OK : EXIT_FAILED;
        }),
    )
    .demandCommand(1, 'name a command: run, presets, selftest (see --help)')
    .strict()
    .recommendCommands()
    .help()
    .version()
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .fail((message, error) => {
      if (error) throw error;
      process.stderr.write(`cowsim: command line: ${message}\nRun 'cowsim --help' for the commands and their options.\n`);
      process.exit(EXIT_BAD_INPUT);
    });
}

await buildCli(hideBin(process.argv)).parseAsync();

/**
 * Command-line problems as one message: yargs' own texts (an unknown flag, a missing one), each
 * with a "did you mean --seed?" when a flag of the command is close, and a hint of what a
 * missing flag or argument should be. The CLI prints it and exits 2 before any work.
 */

/** What a command needs when yargs reports it missing, keyed by command then flag (or 'positional'). */
const MISSING_HINTS: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map([
  ['sweep', new Map([['set', 'sweep needs at least one --set path=v1,v2, such as --set engine.locks=global,chunk']])],
  [
    'gate',
    new Map([
      ['baseline', 'gate needs --baseline FILE, the summary.json or sweep output to compare against'],
      ['current', 'gate needs --current FILE, the summary.json or sweep output to check'],
    ]),
  ],
  ['plan', new Map([['slo', "plan needs at least one --slo, such as --slo 'latency.write.p99<=5ms'"]])],
  ['validate', new Map([['trace', 'validate needs --trace FILE, a trace with recorded times (msr-cambridge, disksim-validate or blkparse)']])],
  ['merge', new Map([['positional', 'merge needs the output directories (or sweep.json files) of the shards to combine: cowsim merge DIR... [--out DIR]']])],
]);

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbouring letters each cost 1 (`replicatoins` is one swap from `replications`).
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/** The flag of `known` that `name` most likely meant, or undefined when none is close. */
export function suggestFlag(name: string, known: readonly string[]): string | undefined {
  const wanted = name.replace(/^-+/, '').toLowerCase();
  if (wanted === '') return undefined;
  // Short names tolerate one slip, longer ones two.
  const tolerance = wanted.length <= 4 ? 1 : 2;
  let best: { flag: string; distance: number } | undefined;
  for (const flag of known) {
    const distance = editDistance(wanted, flag.toLowerCase());
    if (distance <= tolerance && (best === undefined || distance < best.distance)) best = { flag, distance };
  }
  if (best !== undefined) return best.flag;
  // An abbreviation of exactly one flag: --rep for --replications.
  const extended = known.filter((flag) => wanted.length >= 3 && flag.toLowerCase().startsWith(wanted));
  return extended.length === 1 ? extended[0] : undefined;
}

/** What the command line was: the command (when yargs knew it) and its flags. */
export interface CommandLineContext {
  readonly command?: string;
  readonly flags: readonly string[];
  /** The first word of the command line: the command as typed, which yargs may suggest a command for. */
  readonly firstWord?: string;
}

/** One problem yargs reported, with a suggestion or hint where one fits. */
function explain(problem: string, context: CommandLineContext, commandSuggestion: string | undefined): string {
  const unknown = /^Unknown arguments?: (.*)$/.exec(problem);
  if (unknown) {
    // yargs lists a dashed flag twice, as written and camel-cased (flush-intervl, flushIntervl).
    const written = unknown[1]!.split(', ');
    const camel = new Set(written.filter((name) => name.includes('-')).map((name) => name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())));
    const names = written.filter((name) => !camel.has(name));
    const described = names.map((name) => {
      const flag = suggestFlag(name, context.flags);
      if (flag !== undefined) return `${name} (did you mean --${flag}?)`;
      if (context.command === undefined && commandSuggestion !== undefined && name === context.firstWord) return `${name} (did you mean ${commandSuggestion}?)`;
      return name;
    });
    return `Unknown argument${names.length > 1 ? 's' : ''}: ${described.join(', ')}`;
  }
  const missing = /^Missing required arguments?: (.*)$/.exec(problem);
  if (missing && context.command !== undefined) {
    const hints = missing[1]!.split(', ').map((name) => MISSING_HINTS.get(context.command!)?.get(name)).filter((hint) => hint !== undefined);
    return hints.length > 0 ? `${problem} (${hints.join('; ')})` : problem;
  }
  if (/^Not enough non-option arguments/.test(problem) && context.command !== undefined) {
    const hint = MISSING_HINTS.get(context.command)?.get('positional');
    return hint === undefined ? problem : `${problem} (${hint})`;
  }
  return problem;
}

/** Every problem yargs reported for one command line, as one message (without the "cowsim:" prefix). */
export function describeCommandLine(problems: readonly string[], context: CommandLineContext): string {
  // yargs says "Did you mean run?" on its own for an unknown command: fold it into the unknown argument.
  const suggestion = problems.map((problem) => /^Did you mean (.+)\?$/.exec(problem)?.[1]).find((name) => name !== undefined);
  const rest = [...new Set(problems)].filter((problem) => !/^Did you mean /.test(problem));
  const text = (rest.length > 0 ? rest : problems).map((problem) => explain(problem, context, suggestion)).join('; ');
  const help = context.command === undefined ? "Run 'cowsim --help' for the commands." : `Run 'cowsim ${context.command} --help' for its options.`;
  return `command line: ${text}\n${help}`;
}

/**
 * fio job files as text: INI sections ([global] and one per job) of `option` or `option=value`
 * lines, each kept with its line number so that every message can name it. Lines whose first
 * character (after blanks) is `;` or `#` are comments, as in fio; so is the rest of a line after
 * a blank and `;` or `#`. What the options mean is fio-options.ts's business.
 */
import type { ScenarioIssue } from '../scenario/scenario-error.js';

/** One `option=value` line; `value` is undefined for a bare option such as `time_based`. */
export interface FioOptionLine {
  readonly name: string;
  readonly value: string | undefined;
  readonly line: number;
}

/** A `[name]` section and its option lines, in file order. */
export interface FioSection {
  readonly name: string;
  readonly line: number;
  readonly options: FioOptionLine[];
}

/** The sections of a job file, or the lines that are not INI. */
export type FioJobFileText = { readonly sections: FioSection[]; readonly issues: ScenarioIssue[] };

const SECTION = /^\[([^\]]*)\]$/;
const OPTION = /^([A-Za-z0-9_]+)\s*(?:=\s*(.*))?$/;

/** Splits job file text into sections of options; malformed lines become issues naming their line. */
export function parseFioJobText(text: string): FioJobFileText {
  const sections: FioSection[] = [];
  const issues: ScenarioIssue[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const content = withoutComment(raw).trim();
    if (content === '') return;
    const section = SECTION.exec(content);
    if (section) {
      const name = section[1]!.trim();
      if (name === '') issues.push({ field: `line ${line}`, expected: 'a section name between [ and ], such as [global] or [randwrite-4k]' });
      else sections.push({ name, line, options: [] });
      return;
    }
    const option = OPTION.exec(content);
    if (!option) {
      issues.push({ field: `line ${line}`, expected: 'a section header such as [global], an option such as bs=4k or a bare option such as time_based (comments start with ; or #)' });
      return;
    }
    const current = sections.at(-1);
    if (current === undefined) {
      issues.push({ field: `line ${line}, ${option[1]}`, expected: 'options inside a section: a [global] or [job-name] header first' });
      return;
    }
    const value = option[2]?.trim();
    current.options.push({ name: option[1]!, value: value === undefined || value === '' ? (option[2] === undefined ? undefined : '') : value, line });
  });
  return { sections, issues };
}

/** The line without a comment: whole-line `;`/`#`, or a `;`/`#` after a blank. */
function withoutComment(line: string): string {
  const trimmed = line.trimStart();
  if (trimmed.startsWith(';') || trimmed.startsWith('#')) return '';
  const match = /\s[;#]/.exec(line);
  return match ? line.slice(0, match.index) : line;
}

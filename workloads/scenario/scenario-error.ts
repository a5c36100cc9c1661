import { InputError } from '../../engine/errors.js';

export interface ScenarioIssue {
  /** Field path such as workloads[0].rw. */
  field: string;
  expected: string;
}

/** Every problem found in one scenario file, each naming its field; the first is the headline. */
export class ScenarioError extends InputError {
  constructor(
    file: string,
    readonly issues: ScenarioIssue[],
  ) {
    super(file, issues[0]!.field, issues[0]!.expected);
    if (issues.length > 1) {
      this.message = [`${file}: ${issues.length} problems`, ...issues.map((issue) => `  ${issue.field}: expected ${issue.expected}`)].join('\n');
    }
  }
}

/** A field path as users read it: workloads[0].blockSize. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(top level)' : out;
}

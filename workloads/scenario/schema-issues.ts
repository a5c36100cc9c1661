/** Schema problems as a user reads them, one per field: shared by scenario files and device files. */
import type { core } from 'zod';
import { describeZodIssue } from './resolve.js';
import { fieldPath, type ScenarioIssue } from './scenario-error.js';

/** The problems zod found, each at its field (an unknown key at its own path). */
export function schemaIssues(problems: readonly core.$ZodIssue[]): ScenarioIssue[] {
  return problems.map((problem) => {
    const path = problem.code === 'unrecognized_keys' ? [...problem.path, problem.keys[0]!] : problem.path;
    // YAML reads a bare `null` as nothing, not as the null disk model's name.
    if (path.at(-1) === 'model' && problem.code === 'invalid_type' && problem.input === null) {
      return { field: fieldPath(path), expected: 'a disk model name (write "null" in quotes for the null model: bare null in YAML means no value)' };
    }
    return { field: fieldPath(path), expected: describeZodIssue(problem) };
  });
}

/**
 * An error no command awaited (a stray rejection, an exception in a timer) must not end the
 * process with node's exit code 1, which means "correctness failed": the built CLI (npm test
 * builds first) reports it as a bug (3), or as bad input (2) for a CowsimError. A preload module
 * raises the error once the CLI has installed its handlers.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = resolve('dist/bin/cowsim.js');
const ERRORS = pathToFileURL(resolve('dist/engine/errors.js')).href;

/** Runs `cowsim presets` with a preload that raises `raise` (JavaScript) once the CLI's handlers are in place. */
async function presetsWhile(event: 'unhandledRejection' | 'uncaughtException', raise: string): Promise<{ code: number; stderr: string }> {
  const directory = await mkdtemp(join(tmpdir(), 'cowsim-escaped-'));
  const preload = join(directory, 'raise.mjs');
  await writeFile(
    preload,
    `import { CowsimError } from ${JSON.stringify(ERRORS)};\nconst timer = setInterval(() => {\n  if (process.listenerCount(${JSON.stringify(event)}) === 0) return;\n  clearInterval(timer);\n  ${raise};\n}, 5);\n`,
  );
  return new Promise((done) => {
    execFile(process.execPath, ['--import', pathToFileURL(preload).href, CLI, 'presets'], { env: { ...process.env, CI: 'true' } }, (error, _stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stderr });
    });
  });
}

describe('errors that escape every command', () => {
  it('a stray rejection is a bug: exit 3 with the internal-error message', async () => {
    const { code, stderr } = await presetsWhile('unhandledRejection', "Promise.reject(new TypeError('stray'))");
    expect(code).toBe(3);
    expect(stderr).toContain('cowsim: internal error (a bug in cowsim; please report it with the command that produced it):\nTypeError: stray');
  });

  it('an escaped CowsimError is bad input: exit 2, its message alone', async () => {
    const { code, stderr } = await presetsWhile('uncaughtException', "throw new CowsimError('late bad input')");
    expect(code).toBe(2);
    expect(stderr).toBe('cowsim: late bad input\n');
  });
});

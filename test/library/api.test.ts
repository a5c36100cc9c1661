/**
 * cowsim as a library, as a user's project meets it: `import ... from 'cowsim'` resolves through
 * package.json's exports to the build (npm test builds first), with declarations; docs/api.md's
 * script is examples/api/run-in-code.mjs verbatim, runs, prints the figures of its run, and
 * type-checks against the emitted declarations.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSummary } from '../../reports/run/summary.js';
import { runScenario } from '../../workloads/run.js';
import { scenarioFromObject } from '../../workloads/scenario/load.js';

const SCRIPT = 'examples/api/run-in-code.mjs';
const TSC = resolve('node_modules/typescript/bin/tsc');

function node(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, args, { cwd: resolve('.'), env: { ...process.env, CI: 'true' } }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** The scenario object of the script: its `const raw = {...};` literal, evaluated (plain data). */
function scriptScenario(text: string): unknown {
  const literal = /const raw = (\{[\s\S]*?\n\});/.exec(text)?.[1];
  if (literal === undefined) throw new Error(`${SCRIPT}: no "const raw = {...};" found`);
  return new Function(`return (${literal});`)() as unknown;
}

describe("the package's exports", () => {
  it('point at files the build wrote, declarations included', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, string | Record<string, string>>; types: string; bin: Record<string, string> };
    const targets = Object.values(manifest.exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)));
    for (const target of [...targets, manifest.types, ...Object.values(manifest.bin)]) expect(existsSync(target), target).toBe(true);
    expect(manifest.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
  });

  it("give the names of issue 13 under 'cowsim' (a self-reference, as a dependent project resolves it)", async () => {
    const probe = [
      "const cowsim = await import('cowsim');",
      "const { createRequire } = await import('node:module');",
      "const schemaPath = createRequire(process.cwd() + '/').resolve('cowsim/scenario.schema.json');",
      "console.log(JSON.stringify({ names: Object.keys(cowsim), presets: cowsim.diskPresets.map((preset) => preset.name), schemaPath }));",
    ].join('\n');
    const { code, stdout, stderr } = await node(['--input-type=module', '-e', probe]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const { names, presets, schemaPath } = JSON.parse(stdout) as { names: string[]; presets: string[]; schemaPath: string };
    for (const name of ['runScenario', 'loadScenario', 'scenarioFromObject', 'buildSummary', 'Volume', 'Kernel', 'SimDevice', 'diskPresets', 'scenarioJsonSchema']) expect(names).toContain(name);
    expect(presets).toContain('nvme-pcie4');
    expect(schemaPath).toBe(resolve('scenario.schema.json'));
  });
});

describe('docs/api.md', () => {
  const script = readFileSync(SCRIPT, 'utf8');

  it(`shows ${SCRIPT} verbatim`, () => {
    expect(readFileSync('docs/api.md', 'utf8')).toContain(`\`\`\`js\n${script}\`\`\``);
  });

  it('runs with node against the build and prints the figures of its run, as the summary has them', async () => {
    const { code, stdout, stderr } = await node([SCRIPT]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // The same scenario run here from the sources: the same seed gives the same figures.
    const summary = buildSummary(await runScenario(scenarioFromObject(scriptScenario(script), 'api-demo (in code)')));
    expect(summary.correctness.verdict).toBe('pass');
    expect(summary.snapshots.length).toBeGreaterThan(0);
    expect(stdout).toBe(
      [
        `iops: ${summary.iops}`,
        `write p99: ${summary.latency.write.p99} us`,
        `snapshots valid: ${summary.snapshots.length} of ${summary.snapshots.length}`,
        `correctness: pass (${summary.correctness.checkedBlocks} blocks checked)`,
        '',
      ].join('\n'),
    );
    // docs/api.md shows this output too.
    expect(readFileSync('docs/api.md', 'utf8')).toContain(`$ npm run build && node ${SCRIPT}\n${stdout}\`\`\``);
  });

  it("type-checks against the emitted declarations, resolving 'cowsim' through the exports", async () => {
    const { code, stdout } = await node([TSC, '-p', 'examples/api/tsconfig.json', '--traceResolution']);
    expect(stdout).toContain(`Module name 'cowsim' was successfully resolved to '${resolve('dist/index.d.ts')}'`);
    expect(stdout.split('\n').filter((line) => /error TS\d+/.test(line))).toEqual([]);
    expect(code).toBe(0);
  });
});

/**
 * `cowsim schema`: the scenario file's JSON Schema, generated from the zod schema. The committed
 * copy (scenario.schema.json, named by every example's first line) is the command's output; the
 * schema has the zod schema's fields, required fields and enums, and accepts every example.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { STRATEGY_NAMES } from '../../../engine/snapshot-strategy.js';
import { scenarioJsonSchema, scenarioJsonSchemaText } from '../../../reports/commands/schema-command.js';
import { scenarioSchema, workloadKinds } from '../../../workloads/scenario/schema.js';
import { checkAgainstSchema, keywordsOf, SUPPORTED_KEYWORDS } from '../../helpers/json-schema-check.js';

const CLI = resolve('dist/bin/cowsim.js');
const COMMITTED = 'scenario.schema.json';
const dir = await mkdtemp(join(tmpdir(), 'cowsim-schema-'));

function cowsim(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd: dir, env: { ...process.env, CI: 'true' } }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

type Schema = Record<string, unknown> & { properties: Record<string, Schema>; required?: string[]; items?: Schema };
const schema = scenarioJsonSchema() as Schema;
const examples = readdirSync('examples').filter((name) => name.endsWith('.yaml'));

describe('the scenario JSON Schema', () => {
  it('is committed as scenario.schema.json, exactly as cowsim schema prints it', () => {
    // A schema.ts change makes this fail: regenerate with `npm run build && node dist/bin/cowsim.js schema --out scenario.schema.json`.
    expect(readFileSync(COMMITTED, 'utf8'), `${COMMITTED} is out of date: run npm run build && node dist/bin/cowsim.js schema --out ${COMMITTED}`).toBe(scenarioJsonSchemaText());
  });

  it('is draft-07, with a title, and refuses unknown top-level fields as cowsim does', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.title).toBe('cowsim scenario file');
    expect(schema.additionalProperties).toBe(false);
  });

  it("has the zod schema's top-level fields, and requires those without a default", () => {
    expect(Object.keys(schema.properties)).toEqual(Object.keys(scenarioSchema.shape));
    // A field is required in a file when the zod schema refuses it absent.
    const required = Object.entries(scenarioSchema.shape)
      .filter(([, field]) => !field.safeParse(undefined).success)
      .map(([name]) => name);
    expect(schema.required).toEqual(required);
    expect(required).toEqual(['name', 'volume', 'devices', 'workloads']);
  });

  it('lists the enums a user picks from: workload rw, strategy, locks, scheduler', () => {
    const workload = schema.properties.workloads!.items!;
    expect(workload.properties.rw!.enum).toEqual([...workloadKinds]);
    expect(workload.required).toEqual(['name']);
    const engine = schema.properties.engine!;
    expect(engine.properties.strategy!.enum).toEqual([...STRATEGY_NAMES]);
    expect(engine.properties.locks!.enum).toEqual(['global', 'chunk', 'striped']);
    expect(schema.properties.devices!.properties.origin!.properties.scheduler!.enum).toEqual(['fifo', 'elevator', 'deadline']);
  });

  it('uses only keywords the checker of these tests applies', () => {
    expect([...keywordsOf(schema)].filter((keyword) => !(SUPPORTED_KEYWORDS as readonly string[]).includes(keyword))).toEqual([]);
  });

  it.each(examples)('accepts examples/%s, which names it on its first line', (file) => {
    const text = readFileSync(join('examples', file), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../scenario.schema.json');
    expect(checkAgainstSchema(schema, parseYaml(text))).toEqual([]);
  });

  it('refuses what cowsim refuses: an unknown field, a bad enum value, a missing required field', () => {
    const example = parseYaml(readFileSync('examples/default.yaml', 'utf8')) as Record<string, unknown>;
    expect(checkAgainstSchema(schema, { ...example, verfiy: true })).toEqual(['$.verfiy: not allowed']);
    expect(checkAgainstSchema(schema, { ...example, engine: { locks: 'table' } })).toEqual(['$.engine.locks: expected one of ["global","chunk","striped"]']);
    const { workloads: _, ...withoutWorkloads } = example;
    expect(checkAgainstSchema(schema, withoutWorkloads)).toEqual(['$: missing required workloads']);
  });
});

describe('cowsim schema', () => {
  it('prints the schema as JSON and exits 0', async () => {
    const { code, stdout, stderr } = await cowsim(['schema']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toEqual(schema);
  });

  it('writes it with --out, and replaces an earlier schema there', async () => {
    const out = join(dir, 'new', 'scenario.schema.json');
    expect((await cowsim(['schema', '--out', out])).code).toBe(0);
    expect(await readFile(out, 'utf8')).toBe(scenarioJsonSchemaText());
    const again = await cowsim(['schema', '--out', out]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
  });

  it('never overwrites a file that is not a schema it wrote (exit 2, file untouched)', async () => {
    const scenario = join(dir, 'mine.yaml');
    await writeFile(scenario, 'name: mine\n');
    const { code, stderr } = await cowsim(['schema', '--out', scenario]);
    expect(code).toBe(2);
    expect(stderr).toContain(`cowsim: --out ${scenario}: cannot write the schema there: the file exists and is not a schema cowsim wrote`);
    expect(await readFile(scenario, 'utf8')).toBe('name: mine\n');
  });

  it('refuses bad flags with exit 2 and a message naming the flag', async () => {
    const unknown = await cowsim(['schema', '--outt', 'x.json']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown argument: outt');
    expect(unknown.stderr).toContain('did you mean --out?');
    const empty = await cowsim(['schema', '--out']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('Not enough arguments following: out');
    const twice = await cowsim(['schema', '--out', 'a.json', '--out', 'b.json']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('--out given 2 times: give it once');
    const folder = await cowsim(['schema', '--out', dir]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('it exists and is not a file');
  });
});

import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseJsonLikeYaml } from '../../workloads/json-text.js';
import { scenarioFromText } from '../../workloads/scenario/load.js';
import { ScenarioError } from '../../workloads/scenario/scenario-error.js';

const scenario = { name: 'j', volume: { size: '64MiB' }, devices: { origin: { preset: 'ssd-sata' }, snapshotStore: { preset: 'ssd-sata' } }, workloads: [{ name: 'w' }] };

describe('JSON input read without the YAML parser', () => {
  it.each([
    ['a scenario', JSON.stringify(scenario)],
    ['indented with tabs and CRLF line ends', JSON.stringify(scenario, null, '\t').replace(/\n/g, '\r\n')],
    ['escapes, numbers and nesting', '{"a": "\\/\\n\\u00e9\\ud83d\\ude00", "b": [1e3, -0.5, 12345678901234567890, null, true], "c": {"d": {"e": []}}}'],
    ['__proto__ as a key', '{"__proto__": {"x": 1}, "b": 2}'],
    ['a list at the top', '[1, {"a": 2}]'],
  ])('reads %s to the value YAML reads', (_name, text) => {
    const json = parseJsonLikeYaml(text);
    expect(json).toBeDefined();
    expect(json!.value).toStrictEqual(parseYaml(text));
  });

  it.each([
    ['YAML', 'name: t\nvolume: { size: 64MiB }\n'],
    ['a comment', '# a scenario\n{"name": "t"}'],
    ['a byte order mark', '\ufeff{"name": "t"}'],
    ['JSON that JSON.parse refuses', '{"name": "t",}'],
    ['a repeated key', '{"name": "t", "volume": {"size": 1, "size": 2}}'],
    ['a key repeated through an escape', '{"name": "t", "n\\u0061me": "u"}'],
  ])('leaves %s to the YAML parser', (_name, text) => {
    expect(parseJsonLikeYaml(text)).toBeUndefined();
  });

  it('tells keys from values: the same string as a value of two keys is no repeat', () => {
    expect(parseJsonLikeYaml('{"a": "a", "b": "a", "c": ["a", "a"], "d": {"a": "a"}}')?.value).toEqual({ a: 'a', b: 'a', c: ['a', 'a'], d: { a: 'a' } });
  });

  it('refuses a repeated key as YAML does, with its line and column', () => {
    const text = JSON.stringify(scenario, null, 2).replace('"name": "j"', '"name": "j",\n  "name": "k"');
    let caught: unknown;
    try {
      scenarioFromText(text, 'dup.json');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScenarioError);
    expect((caught as ScenarioError).issues).toEqual([{ field: 'line 3, column 3', expected: expect.stringContaining('Map keys must be unique') }]);
  });
});

/**
 * A JSON Schema checker for the keywords `cowsim schema` emits, and no more: no validator is a
 * dependency of cowsim, and one is not worth adding for a test. `SUPPORTED_KEYWORDS` lists what it
 * understands; the schema test holds the generated schema to that list, so a keyword zod starts
 * emitting cannot be skipped here unnoticed.
 */

type Schema = Record<string, unknown>;

/** Every keyword the checker applies (annotations included: they need no check). */
export const SUPPORTED_KEYWORDS = [
  '$schema', 'title', 'description', 'default',
  'type', 'enum', 'const', 'pattern', 'minLength',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'properties', 'required', 'additionalProperties', 'propertyNames',
  'items', 'minItems', 'maxItems', 'anyOf',
] as const;

/** Every keyword used anywhere in `schema` (property names under `properties` are not keywords). */
export function keywordsOf(schema: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((item) => keywordsOf(item, found));
  else if (schema !== null && typeof schema === 'object') {
    for (const [keyword, value] of Object.entries(schema)) {
      found.add(keyword);
      if (keyword === 'properties') Object.values(value as Schema).forEach((property) => keywordsOf(property, found));
      else if (keyword !== 'default' && keyword !== 'enum' && keyword !== 'const') keywordsOf(value, found);
    }
  }
  return found;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** The problems of `value` against `schema`, each as "path: what"; empty when it conforms. */
export function checkAgainstSchema(schema: Schema | boolean, value: unknown, path = '$'): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${path}: not allowed`];
  const problems: string[] = [];
  const fail = (what: string): void => void problems.push(`${path}: ${what}`);
  const type = typeOf(value);
  if (schema.type !== undefined) {
    const types = ([] as string[]).concat(schema.type as string | string[]);
    if (!types.includes(type) && !(type === 'integer' && types.includes('number'))) fail(`expected ${types.join(' or ')}, found ${type}`);
  }
  if (schema.enum !== undefined && !(schema.enum as unknown[]).includes(value)) fail(`expected one of ${JSON.stringify(schema.enum)}`);
  if (schema.const !== undefined && schema.const !== value) fail(`expected ${JSON.stringify(schema.const)}`);
  if (typeof value === 'string') {
    if (schema.pattern !== undefined && !new RegExp(schema.pattern as string, 'u').test(value)) fail(`does not match ${String(schema.pattern)}`);
    if (schema.minLength !== undefined && value.length < (schema.minLength as number)) fail('too short');
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < (schema.minimum as number)) fail(`below ${String(schema.minimum)}`);
    if (schema.maximum !== undefined && value > (schema.maximum as number)) fail(`above ${String(schema.maximum)}`);
    if (schema.exclusiveMinimum !== undefined && value <= (schema.exclusiveMinimum as number)) fail(`not above ${String(schema.exclusiveMinimum)}`);
    if (schema.exclusiveMaximum !== undefined && value >= (schema.exclusiveMaximum as number)) fail(`not below ${String(schema.exclusiveMaximum)}`);
    if (schema.multipleOf !== undefined && value % (schema.multipleOf as number) !== 0) fail(`not a multiple of ${String(schema.multipleOf)}`);
  }
  if (type === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[]) if (!(name in object)) fail(`missing required ${name}`);
    for (const [name, item] of Object.entries(object)) {
      if (schema.propertyNames !== undefined) problems.push(...checkAgainstSchema(schema.propertyNames as Schema, name, `${path}.${name} (name)`));
      if (name in properties) problems.push(...checkAgainstSchema(properties[name]!, item, `${path}.${name}`));
      else if (schema.additionalProperties !== undefined) problems.push(...checkAgainstSchema(schema.additionalProperties as Schema | boolean, item, `${path}.${name}`));
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < (schema.minItems as number)) fail(`fewer than ${String(schema.minItems)} items`);
    if (schema.maxItems !== undefined && value.length > (schema.maxItems as number)) fail(`more than ${String(schema.maxItems)} items`);
    if (schema.items !== undefined) value.forEach((item, index) => problems.push(...checkAgainstSchema(schema.items as Schema, item, `${path}[${index}]`)));
  }
  if (schema.anyOf !== undefined) {
    const branches = (schema.anyOf as Schema[]).map((branch) => checkAgainstSchema(branch, value, path));
    if (!branches.some((branch) => branch.length === 0)) fail(`matches none of anyOf (${branches.map((branch) => branch[0]).join('; ')})`);
  }
  return problems;
}

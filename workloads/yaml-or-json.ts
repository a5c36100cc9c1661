/**
 * Input text in YAML or JSON (a scenario, a device file), parsed with the YAML parser only when it
 * is not plain JSON (json-text.ts): a command given JSON, and a sweep worker, never load it.
 */
import { createRequire } from 'node:module';
import { parseJsonLikeYaml } from './json-text.js';

type YamlModule = typeof import('yaml');

let yaml: YamlModule | undefined;

/** The `yaml` package, loaded on first use (synchronously, so that its callers stay synchronous). */
export function yamlModule(): YamlModule {
  yaml ??= createRequire(import.meta.url)('yaml') as YamlModule;
  return yaml;
}

/** A parsed YAML or JSON text, as much of it as a caller needs before it trusts the text. */
export interface TextDocument {
  /** True for a top-level mapping (possibly partly parsed) with one of the marker keys: the text is what it claims to be. */
  readonly recognised: boolean;
  /** The first parse error, with its 1-based line and column when the parser gives them. */
  readonly error?: { readonly message: string; readonly line?: number; readonly column?: number };
  /** The document's value; throws when it does not resolve (an alias without its anchor, too many aliases). */
  toJS(): unknown;
}

/** Parses `text`; `markerKeys` are the top-level keys only the expected kind of file has. */
export function parseYamlOrJson(text: string, markerKeys: readonly string[]): TextDocument {
  const json = parseJsonLikeYaml(text);
  if (json !== undefined) {
    const { value } = json;
    const recognised = value !== null && typeof value === 'object' && !Array.isArray(value) && markerKeys.some((key) => Object.hasOwn(value, key));
    return { recognised, toJS: () => value };
  }
  const { isMap, isScalar, parseDocument } = yamlModule();
  const document = parseDocument(text);
  const contents = document.contents;
  const recognised = isMap(contents) && contents.items.some((pair) => isScalar(pair.key) && typeof pair.key.value === 'string' && markerKeys.includes(pair.key.value));
  const first = document.errors[0];
  const position = first?.linePos?.[0];
  const error = first === undefined ? undefined : { message: first.message, ...(position === undefined ? {} : { line: position.line, column: position.col }) };
  return { recognised, ...(error === undefined ? {} : { error }), toJS: () => document.toJS() };
}

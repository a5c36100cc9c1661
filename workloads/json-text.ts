/**
 * JSON input text read without the YAML parser. Scenario and device files are YAML or JSON (JSON is
 * YAML), but loading the YAML parser costs about as much CPU as a short run: JSON text that YAML
 * reads to the same value is parsed with JSON.parse instead. The one difference that matters is a
 * repeated key, which JSON.parse resolves to the last value and YAML refuses (with its line and
 * column): such text is left to YAML, and so is anything JSON.parse refuses, so that every error
 * reads as before.
 */

/** The value of `text` when it is JSON that YAML would read the same, else undefined (read it as YAML). */
export function parseJsonLikeYaml(text: string): { readonly value: unknown } | undefined {
  // YAML's own syntax (a block mapping, a comment, a document marker) never starts with { or [.
  if (!/^[ \t\r\n]*[{[]/.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return hasRepeatedKey(text) ? undefined : { value };
}

/** True when an object of `text` (valid JSON) has the same key twice, compared as decoded strings. */
function hasRepeatedKey(text: string): boolean {
  // One entry per open bracket: the keys seen so far for an object, undefined for an array.
  const open: (Set<string> | undefined)[] = [];
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '{') open.push(new Set());
    else if (char === '[') open.push(undefined);
    else if (char === '}' || char === ']') open.pop();
    else if (char === '"') {
      let end = index + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const keys = open.at(-1);
      // Inside an object a string is a key when a colon follows it, else a value.
      let next = end + 1;
      while (text[next] === ' ' || text[next] === '\t' || text[next] === '\n' || text[next] === '\r') next++;
      if (keys !== undefined && text[next] === ':') {
        const raw = text.slice(index + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(text.slice(index, end + 1)) as string) : raw;
        if (keys.has(key)) return true;
        keys.add(key);
      }
      index = end;
    }
  }
  return false;
}

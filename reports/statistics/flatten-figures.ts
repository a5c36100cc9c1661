/** Figures of a summary under dotted keys, e.g. `latency.write.p99` or `snapshots.0.cowCopies`. */
export type Figures = Record<string, number>;

/** Figures under dotted keys with the null ones kept: a null figure was not measured (latency.write.p99 of a run with no writes). */
export type NullableFigures = Record<string, number | null>;

/**
 * Flattens a nested summary (summary.json object) into dotted keys -> numbers, in document order.
 * Array elements are keyed by index (`snapshots.0.cowCopies`); booleans become 1 / 0 (`snapshots.0.valid`);
 * strings, null and non-finite numbers are left out (`scenario`, `correctness.verdict`), as are empty objects.
 */
export function flattenFigures(summary: unknown, prefix = ''): Figures {
  const figures: Figures = {};
  collect(summary, prefix, figures, false);
  return figures;
}

/** As flattenFigures, but a null leaf is kept as null, so a figure with no value can be told from one that does not exist. */
export function flattenNullableFigures(summary: unknown, prefix = ''): NullableFigures {
  const figures: NullableFigures = {};
  collect(summary, prefix, figures, true);
  return figures;
}

function collect(value: unknown, key: string, figures: NullableFigures, keepNulls: boolean): void {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && key !== '') figures[key] = value;
  } else if (typeof value === 'boolean') {
    if (key !== '') figures[key] = value ? 1 : 0;
  } else if (value === null) {
    if (keepNulls && key !== '') figures[key] = null;
  } else if (Array.isArray(value)) {
    value.forEach((element, index) => collect(element, join(key, String(index)), figures, keepNulls));
  } else if (typeof value === 'object') {
    for (const [name, element] of Object.entries(value)) collect(element, join(key, name), figures, keepNulls);
  }
}

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

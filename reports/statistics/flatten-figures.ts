/** Figures of a summary under dotted keys, e.g. `latency.write.p99` or `snapshots.0.cowCopies`. */
export type Figures = Record<string, number>;

/**
 * Flattens a nested summary (summary.json object) into dotted keys -> numbers, in document order.
 * Array elements are keyed by index (`snapshots.0.cowCopies`); booleans become 1 / 0 (`snapshots.0.valid`);
 * strings, null and non-finite numbers are left out (`scenario`, `correctness.verdict`), as are empty objects.
 */
export function flattenFigures(summary: unknown, prefix = ''): Figures {
  const figures: Figures = {};
  collect(summary, prefix, figures);
  return figures;
}

function collect(value: unknown, key: string, figures: Figures): void {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && key !== '') figures[key] = value;
  } else if (typeof value === 'boolean') {
    if (key !== '') figures[key] = value ? 1 : 0;
  } else if (Array.isArray(value)) {
    value.forEach((element, index) => collect(element, join(key, String(index)), figures));
  } else if (typeof value === 'object' && value !== null) {
    for (const [name, element] of Object.entries(value)) collect(element, join(key, name), figures);
  }
}

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

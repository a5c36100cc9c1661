const SIGNIFICANT = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 7, useGrouping: false });
const PERCENT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, useGrouping: false });

/** A figure for display: integers exactly, other numbers to 7 significant digits; null as an em dash. */
export function formatFigure(value: number | null): string {
  if (value === null) return '—';
  if (Number.isInteger(value)) return String(value);
  return SIGNIFICANT.format(value);
}

/** A change with its sign, e.g. `+12`, `-0.5`, `0`; null as an em dash. */
export function formatChange(value: number | null): string {
  if (value === null) return '—';
  if (value === 0) return '0';
  return `${value > 0 ? '+' : ''}${formatFigure(value)}`;
}

/** A percentage change with its sign and two decimals at most, e.g. `+4.76%`; null as an em dash. */
export function formatPercent(value: number | null): string {
  if (value === null) return '—';
  if (value === 0) return '0%';
  return `${value > 0 ? '+' : ''}${PERCENT.format(value)}%`;
}

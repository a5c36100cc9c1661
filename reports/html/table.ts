import { escapeHtml } from './escape.js';

/** A cell value a table knows how to show. */
export type CellValue = string | number | boolean | null | undefined;

/** A column of htmlTable: which field to show, under which label, how aligned and formatted. */
export interface TableColumn<Row> {
  /** Field of the row to show. */
  readonly key: string;
  /** Column heading; default the key. */
  readonly label?: string;
  /** Default: right when every present value in the column is a number, left otherwise. */
  readonly align?: 'left' | 'right';
  /** Turns the value into plain text (escaped afterwards); default formatCell. */
  readonly format?: (value: CellValue, row: Row) => string;
  /** Extra class for the column's cells, e.g. from the value (`pass` / `fail` colour the text). */
  readonly cellClass?: (value: CellValue, row: Row) => string | undefined;
}

/** Options of htmlTable. */
export interface TableOptions {
  readonly caption?: string;
}

const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const SIGNIFICANT = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 6 });

/** Default cell text: integers with thousands separators, other numbers to 6 significant digits, '—' for nothing. */
export function formatCell(value: CellValue): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'n/a';
    if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
    return Number.isInteger(value) ? INTEGER.format(value) : SIGNIFICANT.format(value);
  }
  return value;
}

/**
 * An HTML table of `rows` (objects) with the given columns (a key, or a TableColumn); every cell is escaped.
 * Numeric columns are right-aligned with tabular figures.
 */
export function htmlTable<Row extends Readonly<Record<string, unknown>>>(
  rows: readonly Row[],
  columns: readonly (string | TableColumn<Row>)[],
  options: TableOptions = {},
): string {
  const resolved = columns.map((column): TableColumn<Row> => (typeof column === 'string' ? { key: column } : column));
  const alignments = resolved.map((column) => column.align ?? (isNumericColumn(rows, column.key) ? 'right' : 'left'));
  const header = resolved
    .map((column, index) => `<th${alignments[index] === 'right' ? ' class="num"' : ''}>${escapeHtml(column.label ?? column.key)}</th>`)
    .join('');
  const body = rows
    .map((row) => {
      const cells = resolved.map((column, index) => {
        const value = row[column.key] as CellValue;
        const text = (column.format ?? formatCell)(value, row);
        const classes = [alignments[index] === 'right' ? 'num' : undefined, column.cellClass?.(value, row)].filter(
          (name): name is string => name !== undefined && name !== '',
        );
        const classAttribute = classes.length === 0 ? '' : ` class="${escapeHtml(classes.join(' '))}"`;
        return `<td${classAttribute}>${escapeHtml(text)}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  const caption = options.caption === undefined ? '' : `<caption>${escapeHtml(options.caption)}</caption>`;
  return `<div class="table-wrap"><table>${caption}\n<thead><tr>${header}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>`;
}

/** A two-column table (figure, value) of an object's entries, e.g. one section of summary.json. */
export function keyValueTable(entries: Readonly<Record<string, CellValue>>, options: TableOptions & { keyLabel?: string; valueLabel?: string } = {}): string {
  const rows = Object.entries(entries).map(([key, value]) => ({ key, value }));
  return htmlTable(
    rows,
    [
      { key: 'key', label: options.keyLabel ?? 'figure', align: 'left' },
      { key: 'value', label: options.valueLabel ?? 'value', align: 'right' },
    ],
    options,
  );
}

function isNumericColumn(rows: readonly Readonly<Record<string, unknown>>[], key: string): boolean {
  let sawNumber = false;
  for (const row of rows) {
    const value = row[key];
    if (value === null || value === undefined) continue;
    if (typeof value !== 'number') return false;
    sawNumber = true;
  }
  return sawNumber;
}

/**
 * Reads CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF line ends) into rows keyed
 * by the header, for `cowsim gate` on sweep.csv files.
 */
import { InputError } from '../../engine/errors.js';
import { FIGURE_COLUMN_SUFFIXES } from './aggregate.js';

/** The header and the rows of a CSV text; `name` names the file in errors. */
export function parseCsv(text: string, name: string): { header: string[]; rows: Record<string, string>[] } {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let index = 0;
  let line = 1;
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    if (!(record.length === 1 && record[0] === '')) records.push(record);
    record = [];
  };
  while (index < text.length) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index++;
        } else quoted = false;
      } else {
        if (char === '\n') line++;
        field += char;
      }
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') endField();
    else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index++;
      endRecord();
      line++;
    } else field += char;
    index++;
  }
  if (quoted) throw new InputError(name, `line ${line}`, 'a closing quote', 'the end of the file');
  if (field !== '' || record.length > 0) endRecord();
  const [header, ...body] = records;
  if (header === undefined) throw new InputError(name, '(file)', 'CSV with a header row', 'an empty file');
  const rows = body.map((cells, row) => {
    if (cells.length !== header.length) {
      throw new InputError(name, `row ${row + 2}`, `${header.length} cells like the header`, `${cells.length}`);
    }
    return Object.fromEntries(header.map((column, position) => [column, cells[position]!]));
  });
  return { header, rows };
}

/**
 * The swept-field columns of a sweep.csv header: every column that is not one of a figure's
 * `.mean`, `.low`, `.high`, `.n` columns.
 */
export function sweepParameterColumns(header: readonly string[]): string[] {
  const columns = new Set(header);
  const figureColumns = new Set<string>();
  for (const column of header) {
    if (!column.endsWith('.mean')) continue;
    const figure = column.slice(0, -'.mean'.length);
    const group = FIGURE_COLUMN_SUFFIXES.map((suffix) => `${figure}.${suffix}`);
    if (group.every((name) => columns.has(name))) for (const name of group) figureColumns.add(name);
  }
  return header.filter((column) => !figureColumns.has(column));
}

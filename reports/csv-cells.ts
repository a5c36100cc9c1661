/**
 * The one way cowsim writes CSV text: RFC 4180 quoting, `\n` line ends, a final newline, and text
 * cells a spreadsheet shows as text. Names in a scenario (workload, scenario, swept values) end up
 * in CSV cells; a cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return) would be
 * evaluated as a formula when the file is opened in a spreadsheet ("CSV injection", OWASP). Such a
 * text cell gets a leading single quote, as OWASP recommends and spreadsheet users expect. Numbers
 * stay numbers: a number cell, or a text cell that is exactly a decimal number (`-5`, `-1.5e-7`,
 * as sweep.csv formats its figures), is written unchanged, so a negative number stays numeric.
 */
import { stringify } from 'csv-stringify/sync';

/** One cell: text, a number, a boolean (written true/false), or nothing (an empty cell). */
export type CsvCell = string | number | boolean | null | undefined;

// The characters OWASP lists as starting a formula in Excel, LibreOffice and Google Sheets.
const FORMULA_START = /^[=+\-@\t\r]/;
// A plain decimal number, optionally signed: evaluates to itself, never to a formula.
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A text cell as a spreadsheet should show it: a leading `'` before a formula start; plain numbers unchanged. */
export function neutraliseCsvText(text: string): string {
  if (!FORMULA_START.test(text) || PLAIN_NUMBER.test(text)) return text;
  return `'${text}`;
}

/** A cell made safe: only text is ever changed. */
export function neutraliseCsvCell(cell: CsvCell): CsvCell {
  return typeof cell === 'string' ? neutraliseCsvText(cell) : cell;
}

/** CSV text of rows (the header is the first row), every text cell neutralised. */
export function csvRowsText(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(
    rows.map((row) => row.map(neutraliseCsvCell)),
    {
      record_delimiter: 'unix',
      cast: { boolean: (value) => (value ? 'true' : 'false') },
    },
  );
}

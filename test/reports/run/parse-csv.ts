/** A minimal RFC 4180 reader for the tests (csv-parse is not a dependency): quoted fields, doubled quotes, `\n` records. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Records of a CSV file as objects keyed by the header row. */
export function csvObjects(text: string): { header: string[]; rows: Record<string, string>[] } {
  const [header, ...records] = parseCsv(text);
  if (header === undefined) throw new Error('empty CSV');
  for (const record of records) if (record.length !== header.length) throw new Error(`record of ${record.length} fields under ${header.length} columns`);
  return { header, rows: records.map((record) => Object.fromEntries(header.map((name, index) => [name, record[index]!]))) };
}

/** One data row of a CSV file: its 1-based line in the file (the header is line 1) and its cells by column name. */
export interface CsvRow {
  line: number;
  cells: Record<string, string>;
}

/**
 * Reads a CSV file as a spreadsheet writes it: RFC 4180 quoting (quoted cells may hold the delimiter,
 * quotes doubled, and line breaks), a UTF-8 byte-order mark, CRLF or LF, and either `,` or `;` as
 * the delimiter (Excel in a Vietnamese locale writes `;`), chosen by the header line. Blank lines
 * are skipped. A row's `line` is where it starts, so an error names the line a person sees.
 */
export function readCsv(text: string): { header: string[]; rows: CsvRow[] } {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      cells.push(cell);
      records.push({ line: start, cells });
      cells = [];
      cell = '';
      line++;
      start = line;
    } else cell += c;
  }
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    records.push({ line: start, cells });
  }
  const nonBlank = records.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const header = (nonBlank[0]?.cells ?? []).map((h) => h.trim());
  const rows = nonBlank.slice(1).map((r) => ({
    line: r.line,
    cells: Object.fromEntries(header.map((h, i) => [h, (r.cells[i] ?? '').trim()])),
  }));
  return { header, rows };
}

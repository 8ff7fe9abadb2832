/**
 * A small CSV writer (RFC 4180): comma-separated, CRLF line ends, and a field quoted when it holds a comma, a
 * quote, a line break or leading/trailing spaces, with quotes doubled inside. Numbers are written in full precision
 * (`String(x)`); NaN and ±Infinity as `NaN`, `Infinity`, `-Infinity`; null and undefined as an empty field.
 */
export type CsvValue = string | number | boolean | null | undefined;

export interface CsvTable {
  columns: string[];
  rows: CsvValue[][];
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvField(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  const text = String(v);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv({ columns, rows }: CsvTable): string {
  const lines = [columns, ...rows].map((row, i) => {
    if (i > 0 && row.length !== columns.length) throw new Error(`CSV row ${i} has ${row.length} fields, expected ${columns.length}`);
    return row.map(csvField).join(',');
  });
  return lines.join('\r\n') + '\r\n';
}

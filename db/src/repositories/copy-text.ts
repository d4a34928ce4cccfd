/**
 * One field of PostgreSQL's COPY text format: `\N` for null, `t`/`f` for booleans, numbers as
 * JavaScript prints them (which PostgreSQL reads back exactly), and text with the four characters
 * that would end a field or a row (backslash, tab, newline, carriage return) escaped, so a device's
 * free text cannot add a column or a row.
 */
export function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  return String(value).replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

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
  const text = String(value);
  // Most fields need nothing: testing first spares a replace per field of a 5,000-row batch.
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPE_ALL, (c) => ESCAPES[c]!) : text;
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPE_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

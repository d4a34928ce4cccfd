import { escapeMarkup } from '../markup/escape-markup.ts';

/**
 * GeoReport v2's XML form: the JSON arrays as `<root><item>…</item></root>` with one element per
 * field, null as an empty element. Enough for our flat objects; no attributes, no namespaces.
 */

export function toXml(root: string, item: string, rows: readonly Record<string, unknown>[]): string {
  const body = rows
    .map(
      (row) =>
        `<${item}>${Object.entries(row)
          .map(([k, v]) => (v === null || v === undefined ? `<${k}/>` : `<${k}>${escapeMarkup(String(v))}</${k}>`))
          .join('')}</${item}>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><${root}>${body}</${root}>`;
}

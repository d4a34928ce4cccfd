import type { FastifyReply } from 'fastify';

/**
 * CSV for Excel as a Vietnamese office opens it: UTF-8 with a byte-order mark (without it Excel
 * reads the bytes as the local code page and breaks every diacritic), CRLF rows, RFC 4180 quoting.
 * A cell that begins like a formula (= + - @, tab, CR) is prefixed with an apostrophe, so a report a
 * citizen wrote cannot run as a formula on an operator's machine.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const cell = (v: string | number | null | undefined): string => {
    if (v === null || v === undefined) return '';
    let text = String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

const VN_OFFSET_MS = 7 * 3600_000;

/** `2026-12-04 08:05:00` in Hà Nội time: what a spreadsheet shows and sorts as written. */
export function vnLocal(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Date(Date.parse(iso) + VN_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Sends a CSV as a download named `{what}-{yyyymmddhhmm}.csv`. */
export function sendCsv(reply: FastifyReply, what: string, csv: string): FastifyReply {
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${what}-${stamp}.csv"`).send(csv);
}

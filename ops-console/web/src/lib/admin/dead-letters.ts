/**
 * The ingest gateway's reject codes (a dead letter's `reason`), restated: contracts' values would
 * pull the schema library into the bundle; dead-letters.test.ts pins the list to contracts.
 */
export const DEAD_LETTER_REASONS = [
  'CITYOPS_INGEST_TOPIC_INVALID',
  'CITYOPS_INGEST_PAYLOAD_TOO_LARGE',
  'CITYOPS_INGEST_PAYLOAD_NOT_UTF8',
  'CITYOPS_INGEST_PAYLOAD_NOT_JSON',
  'CITYOPS_INGEST_PAYLOAD_NOT_OBJECT',
  'CITYOPS_INGEST_PAYLOAD_SCHEMA',
  'CITYOPS_INGEST_TS_OUT_OF_RANGE',
  'CITYOPS_INGEST_DEVICE_UNKNOWN',
  'CITYOPS_INGEST_KIND_MISMATCH',
  'CITYOPS_INGEST_STORE_REFUSED',
  'CITYOPS_INGEST_PAYLOAD_LIMITS',
  'CITYOPS_INGEST_DUPLICATE_CONFLICT',
] as const;
export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

/** A payload as an admin reads it: the text when it is UTF-8, else the first bytes in hex; cut to `max`. */
export function payloadPreview(base64: string, max = 300): { text: string; binary: boolean } {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.length > max ? `${text.slice(0, max - 1)}…` : text, binary: false };
  } catch {
    const hex = [...bytes.slice(0, Math.floor(max / 3))].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    return { text: bytes.length > Math.floor(max / 3) ? `${hex} …` : hex, binary: true };
  }
}

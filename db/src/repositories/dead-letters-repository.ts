import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { DeadLetter } from '@cityops/contracts';
import { MAX_PAYLOAD_BYTES } from '@cityops/contracts';

/** Longest topic kept on a dead letter; far past any topic of ours, well inside an index entry. */
export const DEAD_LETTER_TOPIC_CHARS = 256;
const DEAD_LETTER_DETAIL_CHARS = 500;

/**
 * Text PostgreSQL can always store and index: control characters escaped as `\uXXXX` (a NUL cannot
 * be stored in `text` at all), cut at `max` characters. A cut text ends with the length it had and a
 * hash of the whole, so two long topics that share a beginning stay two dead letters.
 */
export function storableText(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const escaped = text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (escaped.length <= max) return escaped;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const tail = `…(${text.length} characters, sha256 ${hash})`;
  return `${escaped.slice(0, max - tail.length)}${tail}`;
}

export interface NewDeadLetter {
  deviceId: string | null;
  topic: string;
  payload: Uint8Array;
  reason: string;
  detail: string;
  seq?: number | undefined;
}

/**
 * Keeps rejected messages with their raw bytes (cut at 16 KiB) and reason; a redelivery is one row.
 * Topic and detail are made storable first: a rejected message must never be refused again here.
 */
export async function insertDeadLetters(client: PoolClient | Pool, rows: readonly NewDeadLetter[]): Promise<void> {
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO dead_letters (device_id, topic, payload, payload_bytes, reason, detail, seq)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], $4::int4[], $5::text[], $6::text[], $7::int8[])
     ON CONFLICT (topic, md5(payload)) DO NOTHING`,
    [
      rows.map((r) => r.deviceId),
      rows.map((r) => storableText(r.topic, DEAD_LETTER_TOPIC_CHARS)),
      rows.map((r) => Buffer.from(r.payload.subarray(0, MAX_PAYLOAD_BYTES))),
      rows.map((r) => r.payload.byteLength),
      rows.map((r) => r.reason),
      rows.map((r) => storableText(r.detail, DEAD_LETTER_DETAIL_CHARS)),
      rows.map((r) => r.seq ?? null),
    ],
  );
}

export async function listDeadLetters(
  pool: Pool,
  opts: { deviceId?: string | undefined; reason?: string | undefined; before?: number | undefined; limit?: number },
): Promise<DeadLetter[]> {
  const { rows } = await pool.query(
    `SELECT id, received_at, device_id, topic, payload, payload_bytes, reason, detail FROM dead_letters
     WHERE ($1::text IS NULL OR device_id = $1) AND ($3::text IS NULL OR reason = $3) AND ($4::bigint IS NULL OR id < $4)
     ORDER BY id DESC LIMIT $2`,
    [opts.deviceId ?? null, Math.min(opts.limit ?? 100, 1000), opts.reason ?? null, opts.before ?? null],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    receivedAt: (r.received_at as Date).toISOString(),
    deviceId: r.device_id,
    topic: r.topic,
    reason: r.reason,
    detail: r.detail,
    payloadBase64: (r.payload as Buffer).toString('base64'),
    payloadBytes: r.payload_bytes,
  }));
}

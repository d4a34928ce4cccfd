import type { PoolClient } from 'pg';
import type { Telemetry } from '@cityops/contracts';
import { identity, messageKey, STREAMS, type StoredTelemetry, type StreamTable } from './telemetry-streams.ts';
import { copyTelemetry, takesCopy } from './telemetry-copy.ts';

export { messageKey, type StoredTelemetry } from './telemetry-streams.ts';

/** SQL is built once per kind: one INSERT … SELECT FROM unnest(arrays) per batch, not a row at a time. */
const INSERT_SQL = Object.fromEntries(
  Object.entries(STREAMS).map(([kind, s]) => {
    const cols = s.columns.map((c) => c[0]).join(', ');
    const params = s.columns.map((c, i) => `$${i + 1}::${c[1]}`).join(', ');
    const aliases = s.columns.map((_, i) => `c${i}`);
    const select = aliases.map((a, i) => (i === 0 ? `to_timestamp(${a} / 1000.0)` : a)).join(', ');
    return [
      kind,
      `INSERT INTO ${s.table} (${cols}) SELECT ${select} FROM unnest(${params}) AS u(${aliases.join(', ')})
      ON CONFLICT (device_id, seq, ts) DO NOTHING RETURNING device_id, seq, (extract(epoch FROM ts) * 1000)::int8 AS ts_ms`,
    ];
  }),
) as Record<Telemetry['kind'], string>;

/** Columns after the identity (ts, device_id, seq, area): what a message says, as it is stored. */
const BODY_FROM = identity.length;

/**
 * What a message says, as its row would store it: two messages with one identity and equal bodies
 * are one message sent twice; with different bodies, a conflict. float4 columns are rounded as
 * PostgreSQL rounds them, so a stored value compares equal to the message that produced it.
 */
export function storedBody(m: StoredTelemetry): string {
  const spec = STREAMS[m.kind] as StreamTable<typeof m.kind>;
  return JSON.stringify(
    spec.columns.slice(BODY_FROM).map(([, type, read]) => {
      const v = read(m as never);
      return type === 'float4[]' && typeof v === 'number' ? Math.fround(v) : v;
    }),
  );
}

/** SQL per kind: the rows of a batch whose identity is stored with a different body. */
const CONFLICT_SQL = Object.fromEntries(
  Object.entries(STREAMS).map(([kind, s]) => {
    const params = s.columns.map((c, i) => `$${i + 1}::${c[1]}`).join(', ');
    const aliases = s.columns.map((_, i) => `c${i}`);
    const stored = s.columns
      .slice(BODY_FROM)
      .map((c) => `t.${c[0]}`)
      .join(', ');
    const sent = aliases
      .slice(BODY_FROM)
      .map((a) => `u.${a}`)
      .join(', ');
    return [
      kind,
      `SELECT u.c1 AS device_id, u.c2 AS seq, u.c0::int8 AS ts_ms FROM unnest(${params}) AS u(${aliases.join(', ')})
      JOIN ${s.table} t ON t.device_id = u.c1 AND t.seq = u.c2 AND t.ts = to_timestamp(u.c0 / 1000.0)
      WHERE ROW(${stored}) IS DISTINCT FROM ROW(${sent})`,
    ];
  }),
) as Record<Telemetry['kind'], string>;

/**
 * Of messages whose identity was already stored (`insertTelemetry` skipped them), those whose stored
 * row says something else: a device reusing (seq, ts) for another event, or a forged replay.
 */
export async function findConflictingTelemetry(client: PoolClient, messages: readonly StoredTelemetry[]): Promise<StoredTelemetry[]> {
  const conflicts: StoredTelemetry[] = [];
  for (const kind of Object.keys(STREAMS) as Telemetry['kind'][]) {
    const rows = messages.filter((m) => m.kind === kind);
    if (rows.length === 0) continue;
    const spec = STREAMS[kind] as StreamTable<typeof kind>;
    const params = spec.columns.map(([, , read]) => rows.map((m) => read(m as never)));
    const result = await client.query<{ device_id: string; seq: number; ts_ms: number }>(CONFLICT_SQL[kind], params);
    const differing = new Set(result.rows.map((r) => messageKey(r.device_id, r.seq, r.ts_ms)));
    for (const m of rows) if (differing.has(messageKey(m.deviceId, m.seq, m.tsMs))) conflicts.push(m);
  }
  return conflicts;
}

/**
 * Inserts a batch idempotently: a message already stored (same deviceId, seq, ts) is skipped.
 * Returns the messages that were new, so downstream consumers see each event once. Big batches on
 * a PostgreSQL server go by COPY (telemetry-copy.ts), small ones and the embedded database's by one
 * INSERT … SELECT FROM unnest(arrays).
 */
export async function insertTelemetry(client: PoolClient, messages: readonly StoredTelemetry[]): Promise<StoredTelemetry[]> {
  const fresh: StoredTelemetry[] = [];
  for (const kind of Object.keys(STREAMS) as Telemetry['kind'][]) {
    const rows = messages.filter((m) => m.kind === kind);
    if (rows.length === 0) continue;
    if (await takesCopy(client, rows.length)) {
      fresh.push(...(await copyTelemetry(client, kind, rows)));
      continue;
    }
    const spec = STREAMS[kind] as StreamTable<typeof kind>;
    const params = spec.columns.map(([, , read]) => rows.map((m) => read(m as never)));
    const result = await client.query<{ device_id: string; seq: number; ts_ms: number }>(INSERT_SQL[kind], params);
    const inserted = new Set(result.rows.map((r) => messageKey(r.device_id, r.seq, r.ts_ms)));
    // Each inserted row is fresh once, even if the caller passed its identity twice.
    for (const m of rows) if (inserted.delete(messageKey(m.deviceId, m.seq, m.tsMs))) fresh.push(m);
  }
  return fresh;
}

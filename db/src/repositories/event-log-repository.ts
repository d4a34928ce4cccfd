import type { Pool, PoolClient } from 'pg';
import type { EventLogEntry, EventTopic, LoggedEvent } from '@cityops/contracts';

// The event log's contract lives in contracts (topic → payload); re-exported for the log's users.
export type { EventLogEntry, EventTopic, LoggedEvent } from '@cityops/contracts';

/** Appends entries in the caller's transaction; each payload is checked against its topic when compiled. */
export async function appendEvents(db: PoolClient | Pool, events: readonly EventLogEntry[]): Promise<void> {
  if (events.length === 0) return;
  await db.query('INSERT INTO event_log (topic, payload) SELECT * FROM unnest($1::text[], $2::jsonb[])', [
    events.map((e) => e.topic),
    events.map((e) => JSON.stringify(e.payload)),
  ]);
}

export async function readEventsAfter(db: Pool | PoolClient, afterId: number, limit: number, topics?: readonly EventTopic[]): Promise<LoggedEvent[]> {
  const { rows } = await db.query(
    `SELECT id, at, topic, payload FROM event_log WHERE id > $1 AND ($3::text[] IS NULL OR topic = ANY($3)) ORDER BY id LIMIT $2`,
    [afterId, limit, topics ?? null],
  );
  return rows as LoggedEvent[];
}

/**
 * The log after `afterId` for a reader of a few topics: every id (so holes are told apart from
 * other topics' events, see ../event-log/contiguous.ts) but payloads only of `topics` (`event` is
 * null for the rest), so a reader of incidents does not fetch every device status.
 */
export async function readTopicsAfter(
  db: Pool | PoolClient,
  afterId: number,
  limit: number,
  topics: readonly EventTopic[],
): Promise<{ id: number; at: Date; event: LoggedEvent | null }[]> {
  const { rows } = await db.query(
    `SELECT id, at, topic, CASE WHEN topic = ANY($3) THEN payload END AS payload FROM event_log WHERE id > $1 ORDER BY id LIMIT $2`,
    [afterId, limit, topics],
  );
  return rows.map((r) => ({ id: Number(r.id), at: r.at, event: r.payload === null ? null : (r as LoggedEvent) }));
}

/** Events of `topics` with ids in (afterId, upTo], in id order. */
export async function readEventsBetween(db: Pool | PoolClient, afterId: number, upTo: number, topics: readonly EventTopic[]): Promise<LoggedEvent[]> {
  const { rows } = await db.query('SELECT id, at, topic, payload FROM event_log WHERE id > $1 AND id <= $2 AND topic = ANY($3) ORDER BY id', [
    afterId,
    upTo,
    topics,
  ]);
  return rows as LoggedEvent[];
}

export async function latestEventId(db: Pool): Promise<number> {
  const { rows } = await db.query('SELECT coalesce(max(id), 0)::int8 AS id FROM event_log');
  return rows[0].id;
}

export async function oldestEventId(db: Pool): Promise<number> {
  const { rows } = await db.query('SELECT coalesce(min(id), 0)::int8 AS id FROM event_log');
  return rows[0].id;
}

/**
 * A consumer's offset, locked until the caller's transaction ends (two replicas never read the same
 * batch). A row lock, not an upsert: readers run on every commit's wake-up, and an upsert wrote a
 * new row version each time even when nothing followed. The row is made on first use only.
 */
export async function readConsumerOffset(db: Pool | PoolClient, consumer: string): Promise<number> {
  const { rows } = await db.query('SELECT last_id FROM consumer_offsets WHERE consumer = $1 FOR UPDATE', [consumer]);
  if (rows[0]) return rows[0].last_id;
  const made = await db.query(
    `INSERT INTO consumer_offsets (consumer) VALUES ($1) ON CONFLICT (consumer) DO UPDATE SET consumer = excluded.consumer RETURNING last_id`,
    [consumer],
  );
  return made.rows[0].last_id;
}

export async function writeConsumerOffset(db: PoolClient, consumer: string, lastId: number): Promise<void> {
  await db.query('UPDATE consumer_offsets SET last_id = $2, updated_at = now() WHERE consumer = $1', [consumer, lastId]);
}

/**
 * How far a reader of the log is behind: events after `lastId`, and the age of the oldest of them
 * (read by the primary key: one row, however far behind).
 */
export async function readerLag(db: Pool, lastId: number): Promise<{ behind: number; lagSeconds: number }> {
  const { rows } = await db.query(
    `SELECT (SELECT coalesce(max(id), 0) FROM event_log)::int8 AS head,
            (SELECT extract(epoch FROM now() - at)::float8 FROM event_log WHERE id > $1 ORDER BY id LIMIT 1) AS lag`,
    [lastId],
  );
  const r = rows[0] as { head: number; lag: number | null };
  return { behind: Math.max(0, r.head - lastId), lagSeconds: Math.max(0, r.lag ?? 0) };
}

/** Where a durable consumer stands (0 when it never read). */
export async function consumerOffset(db: Pool, consumer: string): Promise<number> {
  const { rows } = await db.query('SELECT last_id FROM consumer_offsets WHERE consumer = $1', [consumer]);
  return rows[0]?.last_id ?? 0;
}

/** Housekeeping: the log is a replay buffer, not an archive. */
export async function pruneEvents(db: Pool, olderThan: Date): Promise<number> {
  return (await db.query('DELETE FROM event_log WHERE at < $1', [olderThan])).rowCount ?? 0;
}

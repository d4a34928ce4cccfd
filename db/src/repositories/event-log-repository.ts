import type { Pool, PoolClient } from 'pg';

/** Topics of the event log; payload shapes are the contracts' realtime events without `sseq`. */
export type EventTopic =
  | 'fire.event' | 'device.status' | 'queue.load' | 'transit.tap'
  | 'incident.opened' | 'incident.updated' | 'ticket.opened' | 'ticket.updated'
  /** Rules, silences or maintenance windows changed: alerting reloads them at this point of the log. */
  | 'alerting.config'
  /** Taps per route and stop of a 5-minute bucket, from the rollups (ridership emitter, issue 5). */
  | 'transit.ridership'
  /** A device provisioned, revoked or restored (DeviceRegistryEvent): live maps and replay follow it. */
  | 'device.registry';

export interface LoggedEvent {
  id: number;
  at: Date;
  topic: EventTopic;
  payload: Record<string, unknown>;
}

export async function appendEvents(db: PoolClient | Pool, events: readonly { topic: EventTopic; payload: object }[]): Promise<void> {
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

/** Events of `topics` with ids in (afterId, upTo], in id order. */
export async function readEventsBetween(db: Pool | PoolClient, afterId: number, upTo: number, topics: readonly EventTopic[]): Promise<LoggedEvent[]> {
  const { rows } = await db.query(
    'SELECT id, at, topic, payload FROM event_log WHERE id > $1 AND id <= $2 AND topic = ANY($3) ORDER BY id',
    [afterId, upTo, topics],
  );
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

export async function readConsumerOffset(db: Pool | PoolClient, consumer: string): Promise<number> {
  const { rows } = await db.query(
    `INSERT INTO consumer_offsets (consumer) VALUES ($1) ON CONFLICT (consumer) DO UPDATE SET consumer = excluded.consumer RETURNING last_id`,
    [consumer],
  );
  return rows[0].last_id;
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

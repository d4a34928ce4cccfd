import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalateDueIncidents, findDeadlineBreaches, withTransaction } from './index.ts';
import { openTestDatabase, type TestDatabase } from './testing/test-database.ts';

/**
 * The clock-driven scans lock what they change with SKIP LOCKED, so two alerting processes never
 * act twice. A transaction that only appends to a row's history (a comment on an incident, a
 * notification's outcome on its timeline, a note on a ticket) holds KEY SHARE on that row through
 * the foreign key; the scans must not skip it for that. PostgreSQL only: the embedded database
 * runs one transaction at a time.
 */
let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => db?.close());

/** Runs `fn` while another connection holds an open transaction that appended to a history table. */
async function whileAppending<T>(sql: string, params: unknown[], fn: () => Promise<T>): Promise<T> {
  const holder = await db.pool.connect();
  try {
    await holder.query('BEGIN');
    await holder.query(sql, params);
    return await fn();
  } finally {
    await holder.query('ROLLBACK');
    holder.release();
  }
}

describe('row locks of the clock-driven scans', () => {
  it('escalates an incident due while its timeline is being appended to', async () => {
    const { rows } = await db.pool.query(
      `INSERT INTO incidents (kind, severity, dedup_key, title, escalation, next_escalation_at)
       VALUES ('manual', 'critical', 'lock-test', 'Thử khóa', '[{"afterMs": 60000, "notify": "supervisor"}]', now() - interval '1 second') RETURNING id`,
    );
    const id = Number(rows[0].id);
    const escalated = await whileAppending(`INSERT INTO incident_events (incident_id, type, actor, note) VALUES ($1, 'comment', 'd1', 'đang xem')`, [id], () =>
      withTransaction(db.pool, (c) => escalateDueIncidents(c, new Date())),
    );
    expect(escalated.map((i) => [i.id, i.escalationLevel, i.escalatedTo])).toEqual([[id, 1, 'supervisor']]);
  });

  it('finds a late 1022 ticket while a note is being added to it', async () => {
    const { rows } = await db.pool.query(
      `INSERT INTO tickets (line, category, description, lat, lon, created_at, line_since)
       VALUES ('1022', 'lighting', 'Đèn hỏng', 21.03, 105.85, now() - interval '1 hour', now() - interval '1 hour') RETURNING id`,
    );
    const id = Number(rows[0].id);
    const breaches = await whileAppending(`INSERT INTO ticket_events (ticket_id, type, actor, note) VALUES ($1, 'note', 'd1', 'gọi lại')`, [id], () =>
      withTransaction(db.pool, (c) => findDeadlineBreaches(c, new Date())),
    );
    expect(breaches.map((b) => [b.ticket.id, b.deadline])).toEqual([[id, 'forward']]);
  });
});

import type { Pool, PoolClient } from 'pg';
import type { Hotline, PublicReportStatus, TicketState } from '@cityops/contracts';
import { ticketCategory, ticketDeadlines } from '@cityops/contracts';
import { withTransaction } from '../pool.ts';
import { appendHistory, isoOrNull } from './history.ts';

/** History entries that are steps of a report's life, as the public page lists them. */
const STEP_TYPES = ['received', 'forwarded', 'in_progress', 'answered', 'closed', 'transferred'];

/**
 * The public status of the report behind a status-page token, or null for a token that names none.
 * Only what PublicReportStatus lists is read: the caller's phone and e-mail, the description, the
 * address and the staff's names never leave the database through this path.
 */
export async function reportStatusByToken(db: Pool | PoolClient, token: string, now: Date): Promise<PublicReportStatus | null> {
  const { rows } = await db.query(
    `SELECT id, line, category, state, created_at, updated_at, forwarded_at, answered_at, line_since, assigned_unit_name, caller_updates
     FROM tickets WHERE status_token = $1`,
    [token],
  );
  const t = rows[0];
  if (!t) return null;
  const { rows: steps } = await db.query(
    `SELECT type, at, note, data->'unit'->>'name' AS unit FROM ticket_events WHERE ticket_id = $1 AND type = ANY($2::text[]) ORDER BY at, id`,
    [t.id, STEP_TYPES],
  );
  const state = t.state as TicketState;
  const answer = [...steps].reverse().find((s) => s.type === 'answered' && s.note)?.note ?? null;
  const deadlines = ticketDeadlines(
    {
      line: t.line as Hotline,
      createdAt: isoOrNull(t.created_at)!,
      lineSince: isoOrNull(t.line_since)!,
      forwardedAt: isoOrNull(t.forwarded_at),
      answeredAt: isoOrNull(t.answered_at),
    },
    now.getTime(),
  );
  const answerDue = deadlines.find((d) => d.name === 'answer');
  return {
    ticketId: Number(t.id),
    category: ticketCategory(t.line as Hotline, t.category as string)?.vi ?? (t.category as string),
    state,
    receivedAt: isoOrNull(t.created_at)!,
    updatedAt: isoOrNull(t.updated_at)!,
    unit: (t.assigned_unit_name as string | null) ?? null,
    answerDueAt: answerDue && !answerDue.metAt ? answerDue.dueAt : null,
    answer: state === 'answered' || state === 'closed' ? (answer as string | null) : null,
    steps: steps.map((s) => ({ state: s.type as string, at: isoOrNull(s.at)!, unit: (s.unit as string | null) ?? null })),
    updatesOn: t.caller_updates as boolean,
  };
}

/**
 * The citizen turns the e-mails off from the status page: no more are planned, those waiting are
 * withdrawn, and the report's history says so. True when updates were on.
 */
export async function stopCitizenUpdates(pool: Pool, token: string, at: Date): Promise<boolean> {
  return withTransaction(pool, async (db) => {
    const { rows } = await db.query(`UPDATE tickets SET caller_updates = false WHERE status_token = $1 AND caller_updates RETURNING id`, [token]);
    if (!rows[0]) return false;
    const id = Number(rows[0].id);
    await db.query(`UPDATE citizen_updates SET state = 'withdrawn', next_attempt_at = NULL WHERE ticket_id = $1 AND state IN ('pending', 'sending')`, [id]);
    await appendHistory(db, 'ticket', id, { type: 'citizen_updates_stopped', at, actor: null, note: null, data: {} });
    return true;
  });
}

import type { Pool, PoolClient } from 'pg';
import type { CreateTicketRequest, Hotline, Ticket, TicketState } from '@cityops/contracts';
import { CityopsError, HOTLINE_DEADLINES, ticketDeadlines, ticketStateAfter } from '@cityops/contracts';
import { appendHistory, isoOrNull, type HistoryEntry } from './history.ts';

const COLUMNS = 'id, line, category, description, lat, lon, address, state, created_at, updated_at, forwarded_at, answered_at';
const iso = isoOrNull;

function toTicket(r: Record<string, unknown>, now: number): Ticket {
  const t = {
    id: Number(r.id), line: r.line as Hotline, category: r.category as string, description: r.description as string,
    lat: r.lat as number, lon: r.lon as number, address: (r.address as string | null) ?? null, state: r.state as TicketState,
    createdAt: iso(r.created_at)!, updatedAt: iso(r.updated_at)!, forwardedAt: iso(r.forwarded_at), answeredAt: iso(r.answered_at),
  };
  return { ...t, deadlines: ticketDeadlines(t, now) };
}

const appendTicketEvent = (db: PoolClient, ticketId: number, e: HistoryEntry) => appendHistory(db, 'ticket', ticketId, e);

/** Takes in a hotline ticket (call-centre integration, dispatcher, later Open311) on the caller's transaction. */
export async function createTicket(db: PoolClient, req: CreateTicketRequest, by: { actor: string; source: string }, at: Date): Promise<Ticket> {
  const { rows } = await db.query(
    `INSERT INTO tickets (line, category, description, lat, lon, address, caller_phone, source, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING ${COLUMNS}`,
    [req.line, req.category, req.description, req.lat, req.lon, req.address ?? null, req.callerPhone ?? null, by.source, at],
  );
  const ticket = toTicket(rows[0], at.getTime());
  await appendTicketEvent(db, ticket.id, { type: 'received', at, actor: by.actor, data: { line: req.line, source: by.source } });
  return ticket;
}

export async function listTickets(db: Pool | PoolClient, f: { line?: Hotline | undefined; state?: TicketState | undefined; limit?: number }, now: Date): Promise<Ticket[]> {
  const { rows } = await db.query(
    `SELECT ${COLUMNS} FROM tickets WHERE ($1::text IS NULL OR line = $1) AND ($2::text IS NULL OR state = $2)
     ORDER BY created_at DESC, id DESC LIMIT $3`,
    [f.line ?? null, f.state ?? null, Math.min(f.limit ?? 500, 5000)],
  );
  return rows.map((r) => toTicket(r, now.getTime()));
}

export async function getTicket(db: Pool | PoolClient, id: number, now: Date): Promise<Ticket> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM tickets WHERE id = $1`, [id]);
  if (!rows[0]) throw new CityopsError('CITYOPS_TICKET_NOT_FOUND', `no ticket ${id}`);
  return toTicket(rows[0], now.getTime());
}

/** Moves a ticket forward (received → forwarded → in_progress → answered → closed), stamping the deadline times. */
export async function advanceTicket(db: PoolClient, id: number, state: TicketState, by: string, note: string | null, at: Date): Promise<Ticket> {
  const current = await getTicket(db, id, at);
  if (!ticketStateAfter(current.state, state)) {
    throw new CityopsError('CITYOPS_TICKET_INVALID_TRANSITION', `ticket ${id} is ${current.state}; it cannot go back to ${state}`);
  }
  const { rows } = await db.query(
    `UPDATE tickets SET state = $2, updated_at = $3,
       forwarded_at = coalesce(forwarded_at, $3),
       answered_at = CASE WHEN $2 IN ('answered', 'closed') THEN coalesce(answered_at, $3) ELSE answered_at END
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, state, at],
  );
  await appendTicketEvent(db, id, { type: state, at, actor: by, note });
  return toTicket(rows[0], at.getTime());
}

/** A deadline that passed unmet and has no breach recorded yet. */
export interface DeadlineBreach { ticket: Ticket; deadline: 'forward' | 'answer'; dueAt: Date }

/**
 * Breaches to record at `now`: for each line with deadlines, tickets past a due time without the
 * matching timestamp and without a `deadline_breached` entry. Recording the entry (recordBreach) in
 * the same transaction makes each breach reported once, whichever process finds it.
 */
export async function findDeadlineBreaches(db: PoolClient, now: Date, limit = 200): Promise<DeadlineBreach[]> {
  const out: DeadlineBreach[] = [];
  for (const [line, rule] of Object.entries(HOTLINE_DEADLINES)) {
    for (const [deadline, column, within] of [['forward', 'forwarded_at', rule.forwardWithinMs], ['answer', 'answered_at', rule.answerWithinMs]] as const) {
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM tickets t WHERE line = $1 AND ${column} IS NULL AND created_at + $2 * interval '1 millisecond' < $3
           AND NOT EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id AND e.type = 'deadline_breached' AND e.data->>'deadline' = $4)
         ORDER BY created_at LIMIT $5 FOR UPDATE SKIP LOCKED`,
        [line, within, now, deadline, limit],
      );
      for (const r of rows) out.push({ ticket: toTicket(r, now.getTime()), deadline, dueAt: new Date((r.created_at as Date).getTime() + within) });
    }
  }
  return out;
}

export async function recordBreach(db: PoolClient, b: DeadlineBreach, at: Date): Promise<void> {
  await appendTicketEvent(db, b.ticket.id, { type: 'deadline_breached', at, actor: 'cityops', data: { deadline: b.deadline, dueAt: b.dueAt.toISOString() } });
}

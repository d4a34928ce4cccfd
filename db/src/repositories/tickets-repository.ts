import { randomBytes } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { AssignedUnit, CreateTicketRequest, Hotline, Ticket, TicketHistoryEntry, TicketState, TransferTicketRequest } from '@cityops/contracts';
import { CityopsError, HOTLINE_DEADLINES, ticketCategory, ticketCategoryCodes, ticketDeadlines, ticketStateAfter } from '@cityops/contracts';
import { appendHistory, isoOrNull, type HistoryEntry } from './history.ts';
import { findDuplicates } from './ticket-duplicates.ts';
import { likePattern } from './like-pattern.ts';

const COLUMNS =
  'id, line, category, description, lat, lon, address, state, source, created_at, updated_at, forwarded_at, answered_at, line_since, transferred_from,' +
  ' media_url, assigned_unit, assigned_unit_name';
const iso = isoOrNull;
/** Received, forwarded or in progress: what a desk still has to handle. */
export const ACTIVE_TICKET_STATES: readonly TicketState[] = ['received', 'forwarded', 'in_progress'];

function toTicket(r: Record<string, unknown>, now: number): Ticket {
  const t = {
    id: Number(r.id),
    line: r.line as Hotline,
    category: r.category as string,
    description: r.description as string,
    lat: r.lat as number,
    lon: r.lon as number,
    address: (r.address as string | null) ?? null,
    state: r.state as TicketState,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    forwardedAt: iso(r.forwarded_at),
    answeredAt: iso(r.answered_at),
    source: r.source as string,
    lineSince: iso(r.line_since)!,
    transferredFrom: (r.transferred_from as Hotline | null) ?? null,
    mediaUrl: (r.media_url as string | null) ?? null,
    assignedUnit: r.assigned_unit ? { id: r.assigned_unit as string, name: (r.assigned_unit_name as string | null) ?? (r.assigned_unit as string) } : null,
  };
  return { ...t, deadlines: ticketDeadlines(t, now) };
}

const appendTicketEvent = (db: PoolClient, ticketId: number, e: HistoryEntry) => appendHistory(db, 'ticket', ticketId, e);

function checkCategory(line: Hotline, category: string): void {
  if (!ticketCategory(line, category)) {
    throw new CityopsError('CITYOPS_TICKET_CATEGORY_UNKNOWN', `line ${line} takes the categories ${ticketCategoryCodes(line)}; not "${category}"`);
  }
}

/** What intake may add beyond the contract's body: Open311's photo link. */
export interface TicketIntake extends CreateTicketRequest {
  mediaUrl?: string | undefined;
}

/** The public status page's token: 256 random bits, so a report's page is found only from its link. */
const newStatusToken = () => randomBytes(32).toString('base64url');

/**
 * Takes in a hotline ticket (console, call-centre API key, Open311) on the caller's transaction. The
 * answer carries its likely duplicates, so whoever files it sees them at once.
 */
export async function createTicket(db: PoolClient, req: TicketIntake, by: { actor: string; source: string }, at: Date): Promise<Ticket> {
  checkCategory(req.line, req.category);
  if (req.callerUpdates && !req.callerEmail) {
    throw new CityopsError('CITYOPS_TICKET_UPDATES_NEED_EMAIL', 'callerUpdates needs callerEmail: updates go to the caller by e-mail');
  }
  const updates = req.callerUpdates === true;
  const { rows } = await db.query(
    `INSERT INTO tickets (line, category, description, lat, lon, address, caller_phone, caller_email, media_url, source, created_at, updated_at, line_since,
       caller_updates, status_token)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $11, $12, $13) RETURNING ${COLUMNS}`,
    [
      req.line,
      req.category,
      req.description,
      req.lat,
      req.lon,
      req.address ?? null,
      req.callerPhone ?? null,
      req.callerEmail ?? null,
      req.mediaUrl ?? null,
      by.source,
      at,
      updates,
      updates ? newStatusToken() : null,
    ],
  );
  const ticket = toTicket(rows[0], at.getTime());
  await appendTicketEvent(db, ticket.id, {
    type: 'received',
    at,
    actor: by.actor,
    data: { line: req.line, source: by.source, ...(updates ? { callerUpdates: true } : {}) },
  });
  return { ...ticket, duplicates: (await findDuplicates(db, [ticket])).get(ticket.id) ?? [] };
}

export interface TicketFilter {
  line?: Hotline | undefined;
  /** One state, or `active` for received, forwarded and in progress. */
  state?: TicketState | 'active' | undefined;
  ids?: readonly number[] | undefined;
  /** Any of these states (Open311's `closed` is answered or closed). */
  states?: readonly TicketState[] | undefined;
  categories?: readonly string[] | undefined;
  /** Open311 service codes, `{line}-{category}`. */
  serviceCodes?: readonly string[] | undefined;
  /** What Open311 clients may read: the 1022 line, and whatever was filed over Open311 wherever it went since. */
  open311Visible?: boolean | undefined;
  createdFrom?: Date | undefined;
  createdTo?: Date | undefined;
  limit?: number;
}

/** Newest first. */
export async function listTickets(db: Pool | PoolClient, f: TicketFilter, now: Date): Promise<Ticket[]> {
  const states = f.state === 'active' ? ACTIVE_TICKET_STATES : f.state ? [f.state] : (f.states ?? null);
  const { rows } = await db.query(
    `SELECT ${COLUMNS} FROM tickets WHERE ($1::text IS NULL OR line = $1) AND ($2::text[] IS NULL OR state = ANY($2))
       AND ($3::bigint[] IS NULL OR id = ANY($3)) AND ($4::text[] IS NULL OR category = ANY($4))
       AND ($5::timestamptz IS NULL OR created_at >= $5) AND ($6::timestamptz IS NULL OR created_at <= $6)
       AND ($8::text[] IS NULL OR line || '-' || category = ANY($8)) AND ($9::boolean IS NOT TRUE OR line = '1022' OR source = 'open311')
     ORDER BY created_at DESC, id DESC LIMIT $7`,
    [
      f.line ?? null,
      states,
      f.ids ?? null,
      f.categories ?? null,
      f.createdFrom ?? null,
      f.createdTo ?? null,
      Math.min(f.limit ?? 500, 5000),
      f.serviceCodes ?? null,
      f.open311Visible ?? null,
    ],
  );
  return rows.map((r) => toTicket(r, now.getTime()));
}

export async function getTicket(db: Pool | PoolClient, id: number, now: Date): Promise<Ticket> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM tickets WHERE id = $1`, [id]);
  if (!rows[0]) throw new CityopsError('CITYOPS_TICKET_NOT_FOUND', `no ticket ${id}`);
  return toTicket(rows[0], now.getTime());
}

/** One ticket as a desk opens it: with its history and its likely duplicates. */
export async function getTicketDetail(db: Pool | PoolClient, id: number, now: Date): Promise<Ticket> {
  const ticket = await getTicket(db, id, now);
  const { rows } = await db.query('SELECT at, type, actor, note, data FROM ticket_events WHERE ticket_id = $1 ORDER BY id', [id]);
  const history: TicketHistoryEntry[] = rows.map((r) => ({ type: r.type, at: iso(r.at)!, actor: r.actor ?? null, note: r.note ?? null, data: r.data ?? {} }));
  return { ...ticket, history, duplicates: (await findDuplicates(db, [ticket])).get(id) ?? [] };
}

/** The newest note on each ticket's history (Open311 `status_notes`). */
export async function latestTicketNotes(db: Pool | PoolClient, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query(
    `SELECT DISTINCT ON (ticket_id) ticket_id, note FROM ticket_events WHERE ticket_id = ANY($1::bigint[]) AND note IS NOT NULL ORDER BY ticket_id, id DESC`,
    [ids],
  );
  return new Map(rows.map((r) => [Number(r.ticket_id), r.note as string]));
}

/**
 * Moves a ticket forward (received → forwarded → in_progress → answered → closed), stamping the
 * deadline times. Forwarding names the unit it goes to, when given; a forwarded ticket may be
 * forwarded again to another unit (the forward deadline keeps its first time).
 */
export async function advanceTicket(
  db: PoolClient,
  id: number,
  state: TicketState,
  by: string,
  note: string | null,
  at: Date,
  unit?: AssignedUnit,
): Promise<Ticket> {
  const { rows: locked } = await db.query(`SELECT ${COLUMNS} FROM tickets WHERE id = $1 FOR UPDATE`, [id]);
  if (!locked[0]) throw new CityopsError('CITYOPS_TICKET_NOT_FOUND', `no ticket ${id}`);
  const current = toTicket(locked[0], at.getTime());
  const reforward = state === 'forwarded' && current.state === 'forwarded' && unit !== undefined && unit.id !== current.assignedUnit?.id;
  if (!reforward && !ticketStateAfter(current.state, state)) {
    throw new CityopsError('CITYOPS_TICKET_INVALID_TRANSITION', `ticket ${id} is ${current.state}; it cannot go back to ${state}`);
  }
  const { rows } = await db.query(
    `UPDATE tickets SET state = $2, updated_at = $3,
       forwarded_at = coalesce(forwarded_at, $3),
       answered_at = CASE WHEN $2 IN ('answered', 'closed') THEN coalesce(answered_at, $3) ELSE answered_at END,
       assigned_unit = coalesce($4, assigned_unit), assigned_unit_name = CASE WHEN $4::text IS NULL THEN assigned_unit_name ELSE $5 END
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, state, at, unit?.id ?? null, unit?.name ?? null],
  );
  const data = unit ? { unit, ...(current.assignedUnit ? { previousUnit: current.assignedUnit } : {}) } : undefined;
  await appendTicketEvent(db, id, { type: state, at, actor: by, note, ...(data ? { data } : {}) });
  return toTicket(rows[0], at.getTime());
}

/** A progress note on the ticket's history (and its Open311 `status_notes`); a closed ticket takes none. */
export async function addTicketNote(db: PoolClient, id: number, note: string, by: string, at: Date): Promise<Ticket> {
  const { rows } = await db.query(`UPDATE tickets SET updated_at = $2 WHERE id = $1 AND state <> 'closed' RETURNING ${COLUMNS}`, [id, at]);
  if (!rows[0]) {
    await getTicket(db, id, at);
    throw new CityopsError('CITYOPS_TICKET_INVALID_TRANSITION', `ticket ${id} is closed; it takes no more notes`);
  }
  await appendTicketEvent(db, id, { type: 'note', at, actor: by, note: note.trim() });
  return toTicket(rows[0], at.getTime());
}

/**
 * Hands a ticket to another line. It arrives there as `received` with that line's
 * deadlines counted from now; the reason, the previous line, state and category stay on its
 * history. Answered and closed tickets are done and are not transferred.
 */
export async function transferTicket(db: PoolClient, id: number, req: TransferTicketRequest, by: string, at: Date): Promise<Ticket> {
  const { rows: locked } = await db.query(`SELECT ${COLUMNS} FROM tickets WHERE id = $1 FOR UPDATE`, [id]);
  if (!locked[0]) throw new CityopsError('CITYOPS_TICKET_NOT_FOUND', `no ticket ${id}`);
  const current = toTicket(locked[0], at.getTime());
  if (current.line === req.line) throw new CityopsError('CITYOPS_TICKET_SAME_LINE', `ticket ${id} is already on line ${req.line}`);
  if (current.state === 'answered' || current.state === 'closed') {
    throw new CityopsError('CITYOPS_TICKET_INVALID_TRANSITION', `ticket ${id} is ${current.state}; only open tickets are transferred`);
  }
  const category = req.category ?? current.category;
  if (!ticketCategory(req.line, category)) {
    throw new CityopsError(
      'CITYOPS_TICKET_CATEGORY_UNKNOWN',
      `line ${req.line} does not take "${category}": give "category", one of ${ticketCategoryCodes(req.line)}`,
    );
  }
  const { rows } = await db.query(
    `UPDATE tickets SET line = $2, category = $3, state = 'received', transferred_from = line, line_since = $4, updated_at = $4,
       forwarded_at = NULL, answered_at = NULL
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, req.line, category, at],
  );
  const reason = req.reason.trim();
  await appendTicketEvent(db, id, {
    type: 'transferred',
    at,
    actor: by,
    note: reason,
    data: { from: current.line, to: req.line, reason, previousState: current.state, fromCategory: current.category, toCategory: category },
  });
  return toTicket(rows[0], at.getTime());
}

/** A deadline that passed unmet and has no breach recorded yet. */
export interface DeadlineBreach {
  ticket: Ticket;
  deadline: 'forward' | 'answer';
  dueAt: Date;
}

/**
 * Breaches to record at `now`: for each line with deadlines, tickets past a due time (counted from
 * when they arrived on the line) without the matching timestamp and without a `deadline_breached`
 * entry since then. Recording the entry (recordBreach) in the same transaction makes each breach
 * reported once, whichever process finds it; a transfer starts a new stint with its own breaches.
 * NO KEY UPDATE, so a ticket whose history is being appended to (a note) is not skipped.
 */
export async function findDeadlineBreaches(db: PoolClient, now: Date, limit = 200): Promise<DeadlineBreach[]> {
  const out: DeadlineBreach[] = [];
  for (const [line, rule] of Object.entries(HOTLINE_DEADLINES)) {
    for (const [deadline, column, within] of [
      ['forward', 'forwarded_at', rule.forwardWithinMs],
      ['answer', 'answered_at', rule.answerWithinMs],
    ] as const) {
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM tickets t WHERE line = $1 AND ${column} IS NULL AND line_since + $2 * interval '1 millisecond' < $3
           AND NOT EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id AND e.type = 'deadline_breached'
                            AND e.data->>'deadline' = $4 AND e.at >= t.line_since)
         ORDER BY line_since LIMIT $5 FOR NO KEY UPDATE SKIP LOCKED`,
        [line, within, now, deadline, limit],
      );
      for (const r of rows) out.push({ ticket: toTicket(r, now.getTime()), deadline, dueAt: new Date((r.line_since as Date).getTime() + within) });
    }
  }
  return out;
}

export async function recordBreach(db: PoolClient, b: DeadlineBreach, at: Date): Promise<void> {
  await appendTicketEvent(db, b.ticket.id, { type: 'deadline_breached', at, actor: 'cityops', data: { deadline: b.deadline, dueAt: b.dueAt.toISOString() } });
}

/** Records on a ticket's history that an incident was opened about it (the incident's timeline names the ticket too). */
export async function linkTicketToIncident(db: PoolClient, ticketId: number, incidentId: number, by: string, at: Date): Promise<Ticket> {
  const { rows } = await db.query(`UPDATE tickets SET updated_at = $2 WHERE id = $1 RETURNING ${COLUMNS}`, [ticketId, at]);
  if (!rows[0]) throw new CityopsError('CITYOPS_TICKET_NOT_FOUND', `no ticket ${ticketId}`);
  await appendTicketEvent(db, ticketId, { type: 'incident_linked', at, actor: by, data: { incidentId } });
  return toTicket(rows[0], at.getTime());
}

/** A search of tickets: every filter optional; `q` matches description, address, category, unit or the number. */
export interface TicketSearch {
  q?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  line?: Hotline | undefined;
  state?: TicketState | 'active' | undefined;
  unit?: string | undefined;
  sort: 'createdAt' | 'updatedAt' | 'id';
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

const TICKET_SORT_COLUMNS = { createdAt: 'created_at', updatedAt: 'updated_at', id: 'id' } as const;

// Parameters $1–$7, shared by the page and the count.
const TICKET_SEARCH_WHERE = `
  WHERE ($1::text IS NULL OR description ILIKE $2 ESCAPE '\\' OR address ILIKE $2 ESCAPE '\\' OR category ILIKE $2 ESCAPE '\\'
         OR assigned_unit_name ILIKE $2 ESCAPE '\\' OR id::text = $1)
    AND ($3::timestamptz IS NULL OR created_at >= $3) AND ($4::timestamptz IS NULL OR created_at <= $4)
    AND ($5::text IS NULL OR line = $5) AND ($6::text[] IS NULL OR state = ANY($6)) AND ($7::text IS NULL OR assigned_unit = $7)`;

export async function searchTickets(db: Pool | PoolClient, s: TicketSearch, now: Date): Promise<{ items: Ticket[]; total: number }> {
  const q = s.q?.trim() || null;
  const states = s.state === 'active' ? ACTIVE_TICKET_STATES : s.state ? [s.state] : null;
  const params = [q, q ? likePattern(q) : null, s.from ?? null, s.to ?? null, s.line ?? null, states, s.unit ?? null];
  // The sort column comes from a fixed map, never from the request text.
  const column = TICKET_SORT_COLUMNS[s.sort];
  const direction = s.order === 'asc' ? 'ASC' : 'DESC';
  const { rows } = await db.query(
    `SELECT ${COLUMNS}, count(*) OVER () AS total FROM tickets ${TICKET_SEARCH_WHERE}
     ORDER BY ${column} ${direction}, id ${direction} LIMIT $8 OFFSET $9`,
    [...params, s.limit, s.offset],
  );
  if (rows[0] || s.offset === 0) return { items: rows.map((r) => toTicket(r, now.getTime())), total: rows[0] ? Number(rows[0].total) : 0 };
  // A page past the end has no row to carry the count.
  const counted = await db.query(`SELECT count(*)::int AS n FROM tickets ${TICKET_SEARCH_WHERE}`, params);
  return { items: [], total: counted.rows[0].n as number };
}

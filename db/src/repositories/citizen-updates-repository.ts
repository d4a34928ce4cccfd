import type { Pool, PoolClient } from 'pg';
import type { CitizenMilestone, CitizenUpdateMail } from '@cityops/contracts';
import { appendHistory } from './history.ts';

/** An e-mail to plan for a citizen: its key makes planning the same milestone twice a no-op. */
export interface PlannedCitizenUpdate {
  key: string;
  ticketId: number;
  milestone: CitizenMilestone;
  message: CitizenUpdateMail;
  dueAt: Date;
  giveUpAt: Date;
}

/** The reports among `ticketIds` whose caller asked for e-mail updates, with their status page token. */
export async function citizensWaitingForUpdates(db: Pool | PoolClient, ticketIds: readonly number[]): Promise<Map<number, string>> {
  if (ticketIds.length === 0) return new Map();
  const { rows } = await db.query(
    `SELECT id, status_token FROM tickets WHERE id = ANY($1::int8[]) AND caller_updates AND caller_email IS NOT NULL AND status_token IS NOT NULL`,
    [ticketIds],
  );
  return new Map(rows.map((r) => [Number(r.id), r.status_token as string]));
}

export async function planCitizenUpdates(db: Pool | PoolClient, planned: readonly PlannedCitizenUpdate[]): Promise<number> {
  if (planned.length === 0) return 0;
  const { rowCount } = await db.query(
    `INSERT INTO citizen_updates (idempotency_key, ticket_id, milestone, message, next_attempt_at, give_up_at)
     SELECT * FROM unnest($1::text[], $2::int8[], $3::text[], $4::jsonb[], $5::timestamptz[], $6::timestamptz[])
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [
      planned.map((p) => p.key),
      planned.map((p) => p.ticketId),
      planned.map((p) => p.milestone),
      planned.map((p) => JSON.stringify(p.message)),
      planned.map((p) => p.dueAt),
      planned.map((p) => p.giveUpAt),
    ],
  );
  return rowCount ?? 0;
}

/** One claimed attempt. `to` is null when the citizen stopped the updates (or the address is gone) since. */
export interface ClaimedCitizenUpdate {
  id: number;
  attempts: number;
  ticketId: number;
  message: CitizenUpdateMail;
  giveUpAt: Date;
  to: string | null;
}

/**
 * Claims due e-mails, one attempt each, as a lease: the row is due again when `leaseMs` has passed,
 * so a notifier that dies mid-send leaves it to the next one, which sends it with the same key.
 */
export async function claimDueCitizenUpdates(db: Pool | PoolClient, now: Date, leaseMs: number, limit: number): Promise<ClaimedCitizenUpdate[]> {
  const { rows } = await db.query(
    `UPDATE citizen_updates u SET state = 'sending', attempts = u.attempts + 1, next_attempt_at = $1::timestamptz + $2 * interval '1 millisecond'
     FROM (SELECT id FROM citizen_updates WHERE state IN ('pending', 'sending') AND next_attempt_at <= $1
           ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED) due, tickets t
     WHERE u.id = due.id AND t.id = u.ticket_id
     RETURNING u.id, u.attempts, u.ticket_id, u.message, u.give_up_at, CASE WHEN t.caller_updates THEN t.caller_email END AS email`,
    [now, leaseMs, limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    attempts: r.attempts,
    ticketId: Number(r.ticket_id),
    message: r.message,
    giveUpAt: r.give_up_at,
    to: (r.email as string | null) ?? null,
  }));
}

export interface CitizenUpdateOutcome {
  state: 'pending' | 'delivered' | 'given_up' | 'withdrawn';
  nextAttemptAt: Date | null;
  status: number | null;
  error: string | null;
}

/**
 * Records an attempt's outcome if this claim still holds, and puts what the citizen was sent (or
 * why not) on the report's history; a retry still to come is only on the row. Returns false when
 * the lease had run out and another attempt took the row.
 */
export async function finishCitizenUpdate(db: PoolClient, claim: ClaimedCitizenUpdate, o: CitizenUpdateOutcome, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE citizen_updates SET state = $3, next_attempt_at = $4, last_status = $5, last_error = $6,
       delivered_at = CASE WHEN $3 = 'delivered' THEN $7::timestamptz END
     WHERE id = $1 AND attempts = $2 AND state = 'sending'`,
    [claim.id, claim.attempts, o.state, o.nextAttemptAt, o.status, o.error?.slice(0, 500) ?? null, now],
  );
  if (rowCount !== 1) return false;
  if (o.state !== 'pending') {
    await appendHistory(db, 'ticket', claim.ticketId, {
      type: o.state === 'delivered' ? 'citizen_notified' : o.state === 'given_up' ? 'citizen_notification_given_up' : 'citizen_notification_withdrawn',
      at: now,
      actor: null,
      note: o.error,
      data: { milestone: claim.message.milestone, attempts: claim.attempts, status: o.status, updateId: claim.id },
    });
  }
  return true;
}

import type { Pool, PoolClient } from 'pg';
import type { ContactPointType, Delivery, DeliveryList, DeliveryQuery, DeliveryState, NotificationReason, WebhookBody } from '@cityops/contracts';
import { CityopsError } from '@cityops/contracts';
import { isoOrNull } from './history.ts';
import type { StoredContactPoint } from './contact-points-repository.ts';

/** A delivery to plan: its key makes planning the same step twice (a replayed event, a restart) a no-op. */
export interface PlannedDelivery {
  key: string;
  contactPointId: number;
  incidentId: number | null;
  reason: NotificationReason;
  message: WebhookBody;
  dueAt: Date;
  giveUpAt: Date;
  /** A group's notification (routes with `groupBy`): its group and the incidents it lists so far. */
  group?: { key: string; incidentIds: number[] };
}

/** Inserts what is not planned yet; returns how many were new. */
export async function planDeliveries(db: Pool | PoolClient, planned: readonly PlannedDelivery[]): Promise<number> {
  if (planned.length === 0) return 0;
  const { rowCount } = await db.query(
    `INSERT INTO notification_deliveries (idempotency_key, contact_point_id, incident_id, reason, message, next_attempt_at, give_up_at,
       group_key, group_due_at, group_incident_ids)
     SELECT k, cp, i, r, m, due, g, gk, CASE WHEN gk IS NULL THEN NULL ELSE due END, coalesce(string_to_array(gi, ',')::int8[], '{}')
     FROM unnest($1::text[], $2::int8[], $3::int8[], $4::text[], $5::jsonb[], $6::timestamptz[], $7::timestamptz[], $8::text[], $9::text[])
       AS p(k, cp, i, r, m, due, g, gk, gi)
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [
      planned.map((p) => p.key),
      planned.map((p) => p.contactPointId),
      planned.map((p) => p.incidentId),
      planned.map((p) => p.reason),
      planned.map((p) => JSON.stringify(p.message)),
      planned.map((p) => p.dueAt),
      planned.map((p) => p.giveUpAt),
      planned.map((p) => p.group?.key ?? null),
      planned.map((p) => (p.group ? p.group.incidentIds.join(',') : null)),
    ],
  );
  return rowCount ?? 0;
}

/** One claimed attempt: `attempts` counts this one and fences its outcome (a stale notifier's result is dropped). */
export interface ClaimedDelivery {
  id: number;
  key: string;
  attempts: number;
  incidentId: number | null;
  reason: NotificationReason;
  message: WebhookBody;
  createdAt: Date;
  giveUpAt: Date;
  contactPoint: StoredContactPoint;
  /** A group's notification: every incident it tells of (empty otherwise). */
  groupIncidentIds: number[];
}

/**
 * Claims due deliveries for one attempt each. A claim is a lease: the row's next attempt moves to
 * the lease's end (`leaseMs` is the attempt time of channels without a timeout of their own), so if this notifier dies mid-send the row is due again then and another (or
 * this one restarted) sends it again with the same idempotency key. SKIP LOCKED lets several
 * notifiers share the table without waiting on each other.
 */
export async function claimDueDeliveries(db: Pool | PoolClient, now: Date, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
  // The lease outlasts the attempt: the contact point's own timeout (or `leaseMs` for channels
  // without one) plus 5 s to record the outcome.
  const { rows } = await db.query(
    `UPDATE notification_deliveries d SET state = 'sending', attempts = d.attempts + 1,
       lease_until = $1::timestamptz + (coalesce((c.settings->>'timeoutMs')::int, $2) + 5000) * interval '1 millisecond',
       next_attempt_at = $1::timestamptz + (coalesce((c.settings->>'timeoutMs')::int, $2) + 5000) * interval '1 millisecond'
     FROM (SELECT id FROM notification_deliveries WHERE state IN ('pending', 'sending') AND next_attempt_at <= $1
           ORDER BY next_attempt_at, attempts LIMIT $3 FOR UPDATE SKIP LOCKED) due, contact_points c
     WHERE d.id = due.id AND c.id = d.contact_point_id
     RETURNING d.id, d.idempotency_key, d.attempts, d.incident_id, d.reason, d.message, d.created_at, d.give_up_at, d.group_incident_ids,
       c.id AS cp_id, c.name AS cp_name, c.type AS cp_type, c.settings AS cp_settings, c.secret AS cp_secret, c.enabled AS cp_enabled,
       c.description AS cp_description, c.created_at AS cp_created_at, c.updated_at AS cp_updated_at, c.updated_by AS cp_updated_by`,
    [now, leaseMs, limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    key: r.idempotency_key,
    attempts: r.attempts,
    incidentId: r.incident_id === null ? null : Number(r.incident_id),
    reason: r.reason,
    message: r.message,
    createdAt: r.created_at,
    giveUpAt: r.give_up_at,
    groupIncidentIds: (r.group_incident_ids as (string | number)[]).map(Number),
    contactPoint: {
      id: Number(r.cp_id),
      name: r.cp_name,
      type: r.cp_type,
      settings: r.cp_settings,
      secret: r.cp_secret,
      enabled: r.cp_enabled,
      description: r.cp_description,
      createdAt: isoOrNull(r.cp_created_at)!,
      updatedAt: isoOrNull(r.cp_updated_at)!,
      updatedBy: r.cp_updated_by,
    },
  }));
}

export interface AttemptOutcome {
  state: Exclude<DeliveryState, 'sending'>;
  /** When `pending`: the next try. */
  nextAttemptAt: Date | null;
  status: number | null;
  error: string | null;
  durationMs: number | null;
}

/**
 * Records an attempt's outcome, only if this claim still holds (same attempt, still sending): a
 * notifier that outlived its lease must not overwrite the attempt that replaced it.
 */
export async function finishAttempt(db: Pool | PoolClient, claim: { id: number; attempts: number }, o: AttemptOutcome, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE notification_deliveries SET state = $3, next_attempt_at = $4, lease_until = NULL, last_status = $5, last_error = $6,
       last_duration_ms = $7, delivered_at = CASE WHEN $3 = 'delivered' THEN $8::timestamptz END
     WHERE id = $1 AND attempts = $2 AND state = 'sending'`,
    [claim.id, claim.attempts, o.state, o.nextAttemptAt, o.status, o.error?.slice(0, 500) ?? null, o.durationMs, now],
  );
  return rowCount === 1;
}

/** Puts a claimed delivery back without counting an attempt (its contact point's circuit is open). */
export async function deferDelivery(db: Pool | PoolClient, claim: { id: number; attempts: number }, until: Date): Promise<void> {
  await db.query(
    `UPDATE notification_deliveries SET state = 'pending', attempts = attempts - 1, next_attempt_at = $3, lease_until = NULL
     WHERE id = $1 AND attempts = $2 AND state = 'sending'`,
    [claim.id, claim.attempts, until],
  );
}

const LIST_COLUMNS = `d.id, d.idempotency_key, d.contact_point_id, c.name AS cp_name, c.type AS cp_type, d.incident_id, d.reason, d.state,
  d.attempts, d.created_at, d.next_attempt_at, d.delivered_at, d.last_status, d.last_error, d.last_duration_ms`;

function toDelivery(r: Record<string, unknown>): Delivery {
  return {
    id: Number(r.id),
    idempotencyKey: r.idempotency_key as string,
    contactPointId: Number(r.contact_point_id),
    contactPoint: r.cp_name as string,
    contactPointType: r.cp_type as ContactPointType,
    incidentId: r.incident_id === null ? null : Number(r.incident_id),
    reason: r.reason as NotificationReason,
    state: r.state as DeliveryState,
    attempts: r.attempts as number,
    createdAt: isoOrNull(r.created_at)!,
    nextAttemptAt: isoOrNull(r.next_attempt_at),
    deliveredAt: isoOrNull(r.delivered_at),
    lastStatus: (r.last_status as number | null) ?? null,
    lastError: (r.last_error as string | null) ?? null,
    lastDurationMs: (r.last_duration_ms as number | null) ?? null,
  };
}

/** Newest first, paged by id. */
export async function listDeliveries(db: Pool | PoolClient, q: DeliveryQuery): Promise<DeliveryList> {
  const limit = q.limit ?? 100;
  const { rows } = await db.query(
    `SELECT ${LIST_COLUMNS} FROM notification_deliveries d JOIN contact_points c ON c.id = d.contact_point_id
     WHERE ($1::text IS NULL OR d.state = $1) AND ($2::int8 IS NULL OR d.incident_id = $2 OR d.group_incident_ids @> ARRAY[$2::int8])
       AND ($3::int8 IS NULL OR d.contact_point_id = $3) AND ($4::int8 IS NULL OR d.id < $4)
     ORDER BY d.id DESC LIMIT $5`,
    [q.state ?? null, q.incidentId ?? null, q.contactPointId ?? null, q.before ?? null, limit + 1],
  );
  const items = rows.slice(0, limit).map(toDelivery);
  return { items, nextBefore: rows.length > limit ? items[items.length - 1]!.id : null };
}

export async function countGivenUp(db: Pool | PoolClient): Promise<number> {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM notification_deliveries WHERE state = 'given_up'`);
  return rows[0].n;
}

/** An admin sends a given-up delivery again, with the same key and body, and a fresh give-up time. */
export async function resendDelivery(db: PoolClient, id: number, now: Date, giveUpAt: Date): Promise<Delivery> {
  const { rows } = await db.query(
    `UPDATE notification_deliveries d SET state = 'pending', next_attempt_at = $2, give_up_at = $3, lease_until = NULL
     FROM contact_points c WHERE d.id = $1 AND c.id = d.contact_point_id AND d.state = 'given_up' AND c.deleted_at IS NULL
     RETURNING ${LIST_COLUMNS}`,
    [id, now, giveUpAt],
  );
  if (rows[0]) return toDelivery(rows[0]);
  const { rows: found } = await db.query('SELECT state FROM notification_deliveries WHERE id = $1', [id]);
  if (!found[0]) throw new CityopsError('CITYOPS_DELIVERY_NOT_FOUND', `no delivery ${id}`);
  throw new CityopsError('CITYOPS_DELIVERY_NOT_GIVEN_UP', `delivery ${id} is ${String(found[0].state)}, or its contact point was deleted`);
}

/** Every delivery about one incident, newest first. */
export async function deliveriesOfIncident(db: Pool | PoolClient, incidentId: number): Promise<Delivery[]> {
  return (await listDeliveries(db, { incidentId, limit: 500 })).items;
}

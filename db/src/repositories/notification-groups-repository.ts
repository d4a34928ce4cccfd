import type { Pool, PoolClient } from 'pg';
import type { WebhookBody } from '@cityops/contracts';

/** The latest notification of a group to one contact point, and how many the group has had. */
export interface GroupDelivery {
  id: number;
  /** Still open to more incidents: planned, not yet attempted. */
  open: boolean;
  message: WebhookBody;
  incidentIds: number[];
  /** When it was planned to go, and when it went (null until delivered). */
  dueAt: Date;
  deliveredAt: Date | null;
}

/**
 * Incidents one notification lists at most. Quiet hours can hold a group for a night; a storm would
 * otherwise grow one message (rewritten on every join) past what a receiver accepts. Past it, the
 * group's next notification starts.
 */
export const MAX_GROUP_INCIDENTS = 100;

export async function latestGroupDelivery(db: Pool | PoolClient, groupKey: string, contactPointId: number): Promise<GroupDelivery | null> {
  const { rows } = await db.query(
    `SELECT id, state, attempts, message, group_incident_ids, group_due_at, delivered_at
     FROM notification_deliveries WHERE group_key = $1 AND contact_point_id = $2 ORDER BY id DESC LIMIT 1`,
    [groupKey, contactPointId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: Number(r.id),
    open: r.state === 'pending' && r.attempts === 0,
    message: r.message,
    incidentIds: (r.group_incident_ids as (string | number)[]).map(Number),
    dueAt: r.group_due_at,
    deliveredAt: r.delivered_at,
  };
}

/**
 * Adds an incident to a group's notification still waiting to go, with the message that now lists
 * it; `dueBy` brings it forward (a critical incident is not held by quiet hours). False when the
 * notification was claimed for sending meanwhile, already lists it, or is full: the incident then
 * waits for the group's next one.
 */
export async function joinGroupDelivery(db: PoolClient, id: number, incidentId: number, message: WebhookBody, dueBy: Date | null): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE notification_deliveries SET message = $3, group_incident_ids = array_append(group_incident_ids, $2::int8),
       next_attempt_at = CASE WHEN $4::timestamptz IS NULL THEN next_attempt_at ELSE least(next_attempt_at, $4) END
     WHERE id = $1 AND state = 'pending' AND attempts = 0 AND NOT (group_incident_ids @> ARRAY[$2::int8])
       AND cardinality(group_incident_ids) < $5`,
    [id, incidentId, JSON.stringify(message), dueBy, MAX_GROUP_INCIDENTS],
  );
  return rowCount === 1;
}

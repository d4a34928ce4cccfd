import type { Pool, PoolClient } from 'pg';
import type { Incident } from '@cityops/contracts';
import { INCIDENT_COLUMNS, toIncident } from './incidents-repository.ts';

/**
 * The hotline line each incident is about, for the policy's `lines` matcher: the ticket an
 * emergency-line incident was raised for (its dedup key `hotline:{ticketId}`), else the first
 * ticket linked to it at the desk (a `ticket_linked` timeline entry). Read by the timeline index.
 */
export async function incidentLines(db: Pool | PoolClient, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query(
    `SELECT i.id, coalesce(
       (SELECT t.line FROM tickets t WHERE i.kind IN ('hotline', 'hotline_deadline') AND split_part(i.dedup_key, ':', 2) ~ '^[0-9]{1,15}$'
          AND t.id = split_part(i.dedup_key, ':', 2)::int8),
       (SELECT t.line FROM incident_events e JOIN tickets t ON t.id = (e.data->>'ticketId')::int8
          WHERE e.incident_id = i.id AND e.type = 'ticket_linked' ORDER BY e.id LIMIT 1)) AS line
     FROM incidents i WHERE i.id = ANY($1)`,
    [ids],
  );
  return new Map(rows.filter((r) => r.line !== null).map((r) => [Number(r.id), r.line as string]));
}

/** Contact points a delivery may be planned for: live and enabled, by name. */
export async function sendableContactPoints(db: Pool | PoolClient): Promise<Map<string, number>> {
  const { rows } = await db.query('SELECT id, name FROM contact_points WHERE deleted_at IS NULL AND enabled');
  return new Map(rows.map((r) => [r.name as string, Number(r.id)]));
}

/** Contact points told about an incident (opened, escalated or reminded): the ones its resolve is sent to. */
export async function notifiedContactPoints(db: Pool | PoolClient, incidentId: number): Promise<Set<number>> {
  const { rows } = await db.query(
    `SELECT DISTINCT contact_point_id FROM notification_deliveries
     WHERE (incident_id = $1 OR group_incident_ids @> ARRAY[$1::int8]) AND reason IN ('opened', 'escalated', 'repeated')`,
    [incidentId],
  );
  return new Set(rows.map((r) => Number(r.contact_point_id)));
}

/** Unacknowledged incidents, oldest first: the candidates for reminders. */
export async function unacknowledgedIncidents(db: Pool | PoolClient, limit = 1000): Promise<Incident[]> {
  const { rows } = await db.query(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE state = 'open' ORDER BY opened_at LIMIT $1`, [limit]);
  return rows.map(toIncident);
}

/** An incident as an `incident.updated` event carries it (no timeline): after a delivery lands on its timeline. */
export async function incidentWithoutTimeline(db: Pool | PoolClient, id: number): Promise<Incident | null> {
  const { rows } = await db.query(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE id = $1`, [id]);
  return rows[0] ? toIncident(rows[0]) : null;
}

import type { Pool, PoolClient } from 'pg';
import type { EventLogEntry, Incident, ReplayDevice, ReplayEvent } from '@cityops/contracts';
import { ACTIVE_INCIDENT_STATES } from '@cityops/contracts';
import type { StatusChange } from './devices-repository.ts';
import { INCIDENT_COLUMNS, toIncident } from './incidents-repository.ts';

/**
 * Replay reads the event log back. A replay time T is turned into a boundary sseq
 * B(T): the highest sseq of the device/incident events logged at or before T (replayBoundary). "The city at T" is
 * then the state after every event with sseq ≤ B(T), and the stream is the events after it in sseq
 * order: the order the live console applied them in. Device states are rolled back from the registry
 * (each device.status event names the status it left), so no periodic snapshot is stored.
 */
/**
 * The topics replay reads, spelled out, not a parameter: the planner uses a partial index only when it can see its predicate
 * (migration 0014's indexes have exactly this list).
 */
const REPLAY_TOPICS_SQL = `topic IN ('device.status', 'device.registry', 'incident.opened', 'incident.updated')`;

const ACTIVE_STATES: readonly string[] = ACTIVE_INCIDENT_STATES;

/** The device.status event for a status change; `previous` is what replay rolls back to. */
export function deviceStatusEvent(c: StatusChange): EventLogEntry<'device.status'> {
  return {
    topic: 'device.status',
    payload: { id: c.id, kind: c.kind, status: c.status, previous: c.previous, lat: c.lat, lon: c.lon, area: c.area, at: c.at.toISOString() },
  };
}

/** Log times go out rounded up to the millisecond, so "at ≤ t" means the same to a browser as here. */
const AT_MS = `ceil(extract(epoch FROM at) * 1000)::float8 AS at_ms`;

/**
 * How long a transaction that writes to the event log may take, at most, for replay to be exact.
 * Every writer here (gateway batch, alerting step, an API command) commits within milliseconds; the
 * margin is also the index range replayBoundary reads (a minute of status changes: thousands of
 * entries even in a city of 50,000 devices), so it stays small.
 */
export const REPLAY_TRANSACTION_MARGIN = '1 minute';

/**
 * B(T): the highest sseq among the device/incident events logged at or before `at`; 0 when there is
 * none. Not simply the last by `at`: `at` is the writing transaction's start (now()) while the id is
 * drawn at the insert, so a transaction that began first may insert after another that began later
 * (an API command beside an alerting step); the last event by `at` can then have a lower id than one
 * logged before it, which replay would leave out. The max is taken over the last
 * REPLAY_TRANSACTION_MARGIN before T (an index range, not the whole log); before that, the last by
 * `at` is enough.
 */
export async function replayBoundary(db: Pool | PoolClient, at: Date): Promise<number> {
  const { rows } = await db.query(
    `SELECT coalesce(
       (SELECT max(id) FROM event_log WHERE ${REPLAY_TOPICS_SQL} AND at <= $1 AND at > $1::timestamptz - interval '${REPLAY_TRANSACTION_MARGIN}'),
       (SELECT id FROM event_log WHERE ${REPLAY_TOPICS_SQL} AND at <= $1 ORDER BY at DESC, id DESC LIMIT 1),
       0) AS id`,
    [at],
  );
  return Number(rows[0]?.id ?? 0);
}

/**
 * One page (by id) of the devices registered at `at`, each with its status at `at`: the `previous` of
 * its first status change after the boundary, or its registry status when it has not changed since.
 * Events logged before `previous` existed fall back to the last change up to the boundary. One
 * statement, so the registry and the log are read from one snapshot.
 */
export async function readReplayDevices(
  db: Pool | PoolClient,
  q: { at: Date; boundary: number; after: string | null; limit: number },
): Promise<ReplayDevice[]> {
  const { rows } = await db.query(
    `SELECT d.id, d.kind, d.lat, d.lon, d.area, d.name, d.address,
       CASE WHEN nxt.payload IS NULL THEN d.status
            WHEN nxt.payload ? 'previous' THEN nxt.payload->>'previous'
            ELSE coalesce(prv.payload->>'status', d.status) END AS status
     FROM devices d
     LEFT JOIN LATERAL (
       SELECT payload FROM event_log e WHERE e.topic = 'device.status' AND e.payload->>'id' = d.id AND e.id > $2 ORDER BY e.id LIMIT 1
     ) nxt ON true
     LEFT JOIN LATERAL (
       SELECT payload FROM event_log e WHERE e.topic = 'device.status' AND e.payload->>'id' = d.id AND e.id <= $2 ORDER BY e.id DESC LIMIT 1
     ) prv ON nxt.payload IS NOT NULL AND NOT (nxt.payload ? 'previous')
     WHERE d.created_at <= $1 AND (d.revoked_at IS NULL OR d.revoked_at > $1) AND ($3::text IS NULL OR d.id > $3)
     ORDER BY d.id LIMIT $4`,
    [q.at, q.boundary, q.after, q.limit],
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    lat: r.lat,
    lon: r.lon,
    area: r.area ?? null,
    name: r.name ?? null,
    address: r.address ?? null,
  }));
}

/**
 * The incident as it stood at `at`, from a later version: lifecycle steps only move forward, so the
 * steps stamped after `at` are undone. Null when it was not open yet or no longer active.
 */
export function incidentAsOf(i: Incident, at: Date): Incident | null {
  const t = at.getTime();
  const by = (iso: string | null) => iso !== null && Date.parse(iso) <= t;
  if (!by(i.openedAt) || by(i.closedAt) || by(i.resolvedAt)) return null;
  const acknowledged = by(i.acknowledgedAt);
  const dispatched = by(i.dispatchedAt);
  return {
    ...i,
    state: dispatched ? 'dispatched' : acknowledged ? 'acknowledged' : 'open',
    acknowledgedAt: acknowledged ? i.acknowledgedAt : null,
    acknowledgedBy: acknowledged ? i.acknowledgedBy : null,
    dispatchedAt: dispatched ? i.dispatchedAt : null,
    assignee: dispatched ? i.assignee : null,
    resolvedAt: null,
    closedAt: null,
  };
}

/**
 * Incidents active at `at`: each one's latest logged version up to the boundary. An incident opened
 * before the log's horizon (a camera offline for days) has no such version: its first version after
 * the boundary, or its row when nothing happened to it since, is taken back to `at` (incidentAsOf).
 */
export async function readReplayIncidents(db: Pool | PoolClient, q: { at: Date; boundary: number }): Promise<Incident[]> {
  const iid = `(payload->'incident'->>'id')::bigint`;
  const logged = await db.query(
    `SELECT DISTINCT ON (${iid}) payload->'incident' AS incident FROM event_log
     WHERE topic IN ('incident.opened', 'incident.updated') AND id <= $1 ORDER BY ${iid}, id DESC`,
    [q.boundary],
  );
  const atBoundary = logged.rows.map((r) => r.incident as Incident);
  const known = new Set(atBoundary.map((i) => i.id));
  const active = atBoundary.filter((i) => ACTIVE_STATES.includes(i.state));
  // Older than the log: no `incident.opened` retained, nothing up to the boundary.
  const later = await db.query(
    `SELECT DISTINCT ON (${iid}) payload->'incident' AS incident FROM event_log
     WHERE topic = 'incident.updated' AND id > $1
       AND NOT EXISTS (SELECT 1 FROM event_log o WHERE o.topic = 'incident.opened'
                        AND (o.payload->'incident'->>'id')::bigint = (event_log.payload->'incident'->>'id')::bigint)
     ORDER BY ${iid}, id`,
    [q.boundary],
  );
  const untouched = await db.query(
    `SELECT ${INCIDENT_COLUMNS} FROM incidents i WHERE i.state = ANY($2) AND i.opened_at <= $1
       AND NOT EXISTS (SELECT 1 FROM event_log e WHERE e.topic IN ('incident.opened', 'incident.updated') AND (e.payload->'incident'->>'id')::bigint = i.id)`,
    [q.at, ACTIVE_STATES],
  );
  const older = [...later.rows.map((r) => r.incident as Incident), ...untouched.rows.map(toIncident)]
    .filter((i) => !known.has(i.id))
    .flatMap((i) => incidentAsOf(i, q.at) ?? []);
  return [...active, ...older].sort((a, b) => a.id - b.id);
}

/** Device and incident events with sseq in (max(after, from), to], in sseq order. */
export async function readReplayEvents(db: Pool | PoolClient, q: { from: number; to: number; after: number | null; limit: number }): Promise<ReplayEvent[]> {
  const { rows } = await db.query(
    `SELECT id, ${AT_MS}, topic, payload FROM event_log WHERE ${REPLAY_TOPICS_SQL} AND id > $1 AND id <= $2 ORDER BY id LIMIT $3`,
    [Math.max(q.from, q.after ?? 0), q.to, q.limit],
  );
  return rows.map((r): ReplayEvent => {
    const sseq = Number(r.id);
    const at = new Date(r.at_ms).toISOString();
    const p = r.payload;
    if (r.topic === 'device.status') {
      return { sseq, at, type: 'device', id: p.id, kind: p.kind, status: p.status, previous: p.previous ?? null, lat: p.lat, lon: p.lon, area: p.area ?? null };
    }
    if (r.topic === 'device.registry') {
      const d = p.device;
      return {
        sseq,
        at,
        type: 'registry',
        change: p.change,
        device: { id: d.id, kind: d.kind, status: d.status, lat: d.lat, lon: d.lon, area: d.area ?? null, name: d.name ?? null, address: d.address ?? null },
      };
    }
    return { sseq, at, type: 'incident', incident: p.incident };
  });
}

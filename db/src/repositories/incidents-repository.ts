import type { Pool, PoolClient } from 'pg';
import type { EscalationStep, Incident, IncidentKind, IncidentState, Role, Severity, TimelineEntry } from '@cityops/contracts';
import { CityopsError } from '@cityops/contracts';
import { ACTIVE_STATES_SQL } from './incident-states.ts';
import { appendHistory, isoOrNull, type HistoryEntry } from './history.ts';
import { likePattern } from './like-pattern.ts';

export const INCIDENT_COLUMNS = `id, kind, severity, state, title, device_id, area, address, lat, lon, opened_at,
  acknowledged_at, acknowledged_by, resolved_at, occurrences, assignee, dispatched_at, closed_at, rule_id,
  escalation_level, escalated_to, next_escalation_at`;
const COLUMNS = INCIDENT_COLUMNS;

const iso = isoOrNull;

export function toIncident(r: Record<string, unknown>): Incident {
  return {
    id: r.id as number,
    kind: r.kind as IncidentKind,
    severity: r.severity as Severity,
    state: r.state as IncidentState,
    title: r.title as string,
    deviceId: (r.device_id as string | null) ?? null,
    area: (r.area as string | null) ?? null,
    address: (r.address as string | null) ?? null,
    lat: (r.lat as number | null) ?? null,
    lon: (r.lon as number | null) ?? null,
    openedAt: iso(r.opened_at)!,
    acknowledgedAt: iso(r.acknowledged_at),
    acknowledgedBy: (r.acknowledged_by as string | null) ?? null,
    resolvedAt: iso(r.resolved_at),
    occurrences: r.occurrences as number,
    assignee: (r.assignee as string | null) ?? null,
    dispatchedAt: iso(r.dispatched_at),
    closedAt: iso(r.closed_at),
    ruleId: (r.rule_id as string | null) ?? null,
    escalationLevel: (r.escalation_level as number | undefined) ?? 0,
    escalatedTo: (r.escalated_to as Role | null) ?? null,
    nextEscalationAt: iso(r.next_escalation_at),
  };
}

export interface IncidentSignal {
  kind: IncidentKind;
  severity: Severity;
  /** Signals with one key while an incident is live join it instead of opening another. */
  dedupKey: string;
  title: string;
  deviceId?: string | null;
  area?: string | null;
  address?: string | null;
  lat?: number | null;
  lon?: number | null;
  at: Date;
  data?: Record<string, unknown>;
  /** The rule that raised it, for the incident's `ruleId`. */
  ruleId?: string | null;
  /** Escalation chain while unacknowledged, copied onto the incident when it opens. */
  escalation?: readonly EscalationStep[];
}

/** Appends to an incident's timeline (append-only). */
export const appendEvent = (db: PoolClient, incidentId: number, e: HistoryEntry) => appendHistory(db, 'incident', incidentId, e);

/**
 * Opens an incident for a signal, or records a repeat on the live incident with the same dedup key.
 * The partial unique index makes this safe under concurrency: the loser of a race becomes a repeat.
 * Runs on the caller's transaction, so the incident, its timeline and the event log commit together.
 */
export async function openOrRepeatIncident(db: PoolClient, s: IncidentSignal): Promise<{ incident: Incident; opened: boolean }> {
  const escalation = [...(s.escalation ?? [])].sort((a, b) => a.afterMs - b.afterMs);
  {
    const inserted = await db.query(
      `INSERT INTO incidents (kind, severity, dedup_key, title, device_id, area, address, lat, lon, opened_at, last_occurred_at,
         rule_id, escalation, next_escalation_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$10,$11,$12,$13)
       ON CONFLICT (dedup_key) WHERE state IN ${ACTIVE_STATES_SQL} DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        s.kind,
        s.severity,
        s.dedupKey,
        s.title,
        s.deviceId ?? null,
        s.area ?? null,
        s.address ?? null,
        s.lat ?? null,
        s.lon ?? null,
        s.at,
        s.ruleId ?? null,
        JSON.stringify(escalation),
        escalation[0] ? new Date(s.at.getTime() + escalation[0].afterMs) : null,
      ],
    );
    if (inserted.rows[0]) {
      const incident = toIncident(inserted.rows[0]);
      await appendEvent(db, incident.id, { type: 'opened', at: s.at, data: s.data ?? {} });
      return { incident, opened: true };
    }
    const repeated = await db.query(
      `UPDATE incidents SET occurrences = occurrences + 1, last_occurred_at = greatest(last_occurred_at, $2)
       WHERE dedup_key = $1 AND state IN ${ACTIVE_STATES_SQL} RETURNING ${COLUMNS}`,
      [s.dedupKey, s.at],
    );
    const incident = toIncident(repeated.rows[0]);
    await appendEvent(db, incident.id, { type: 'repeated', at: s.at, data: s.data ?? {} });
    return { incident, opened: false };
  }
}

/** `state` takes one state or several; newest first. */
export async function listIncidents(
  db: Pool | PoolClient,
  f: { state?: IncidentState | readonly IncidentState[] | undefined; kind?: IncidentKind | undefined; limit?: number },
): Promise<Incident[]> {
  const states = f.state === undefined ? null : typeof f.state === 'string' ? [f.state] : [...f.state];
  const { rows } = await db.query(
    `SELECT ${COLUMNS} FROM incidents WHERE ($1::text[] IS NULL OR state = ANY($1)) AND ($2::text IS NULL OR kind = $2)
     ORDER BY opened_at DESC, id DESC LIMIT $3`,
    [states, f.kind ?? null, Math.min(f.limit ?? 500, 5000)],
  );
  return rows.map(toIncident);
}

export async function getIncident(pool: Pool | PoolClient, id: number): Promise<Incident> {
  const { rows } = await pool.query(`SELECT ${COLUMNS} FROM incidents WHERE id = $1`, [id]);
  if (!rows[0]) throw new CityopsError('CITYOPS_INCIDENT_NOT_FOUND', `no incident ${id}`);
  const events = await pool.query('SELECT at, type, actor, note, data FROM incident_events WHERE incident_id = $1 ORDER BY id', [id]);
  const timeline: TimelineEntry[] = events.rows.map((e) => ({ at: iso(e.at)!, type: e.type, actor: e.actor, note: e.note, data: e.data }));
  return { ...toIncident(rows[0]), timeline };
}

/** Closes the live incident of a dedup key when its condition recovered by itself (system actor). */
export async function resolveIncidentByKey(db: PoolClient, dedupKey: string, at: Date, note: string): Promise<Incident | null> {
  const { rows } = await db.query(
    `UPDATE incidents SET state = 'resolved', resolved_at = $2, resolved_by = 'cityops', next_escalation_at = NULL
     WHERE dedup_key = $1 AND state IN ${ACTIVE_STATES_SQL} RETURNING ${COLUMNS}`,
    [dedupKey, at],
  );
  if (!rows[0]) return null;
  const incident = toIncident(rows[0]);
  await appendEvent(db, incident.id, { type: 'resolved', at, actor: 'cityops', note });
  return incident;
}

/** Records on the live incident's timeline that its condition recovered; a person still closes it. */
export async function noteIncidentByKey(db: PoolClient, dedupKey: string, at: Date, type: string, data: object): Promise<Incident | null> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM incidents WHERE dedup_key = $1 AND state IN ${ACTIVE_STATES_SQL}`, [dedupKey]);
  if (!rows[0]) return null;
  const incident = toIncident(rows[0]);
  await appendEvent(db, incident.id, { type, at, data });
  return incident;
}

/** A search of incidents: every filter optional; `q` matches title, address, assignee, device or the number. */
export interface IncidentSearch {
  q?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  kind?: IncidentKind | undefined;
  states?: readonly IncidentState[] | undefined;
  severity?: Severity | undefined;
  area?: string | undefined;
  assignee?: string | undefined;
  sort: 'openedAt' | 'severity' | 'id';
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

const INCIDENT_SORT_COLUMNS = {
  openedAt: 'opened_at',
  // Most severe first when descending.
  severity: "array_position(ARRAY['info','warning','major','critical'], severity)",
  id: 'id',
} as const;

// Parameters $1–$9, shared by the page and the count.
const INCIDENT_SEARCH_WHERE = `
  WHERE ($1::text IS NULL OR title ILIKE $2 ESCAPE '\\' OR address ILIKE $2 ESCAPE '\\' OR assignee ILIKE $2 ESCAPE '\\'
         OR device_id ILIKE $2 ESCAPE '\\' OR id::text = $1)
    AND ($3::timestamptz IS NULL OR opened_at >= $3) AND ($4::timestamptz IS NULL OR opened_at <= $4)
    AND ($5::text IS NULL OR kind = $5) AND ($6::text[] IS NULL OR state = ANY($6)) AND ($7::text IS NULL OR severity = $7)
    AND ($8::text IS NULL OR area = $8) AND ($9::text IS NULL OR assignee = $9)`;

export async function searchIncidents(db: Pool | PoolClient, s: IncidentSearch): Promise<{ items: Incident[]; total: number }> {
  const q = s.q?.trim() || null;
  const like = q ? likePattern(q) : null;
  const params = [
    q,
    like,
    s.from ?? null,
    s.to ?? null,
    s.kind ?? null,
    s.states ? [...s.states] : null,
    s.severity ?? null,
    s.area ?? null,
    s.assignee ?? null,
  ];
  // The sort expression comes from a fixed map, never from the request text.
  const sort = INCIDENT_SORT_COLUMNS[s.sort];
  const direction = s.order === 'asc' ? 'ASC' : 'DESC';
  const { rows } = await db.query(
    `SELECT ${COLUMNS}, count(*) OVER () AS total FROM incidents ${INCIDENT_SEARCH_WHERE}
     ORDER BY ${sort} ${direction}, id ${direction} LIMIT $10 OFFSET $11`,
    [...params, s.limit, s.offset],
  );
  if (rows[0] || s.offset === 0) return { items: rows.map(toIncident), total: rows[0] ? Number(rows[0].total) : 0 };
  // A page past the end has no row to carry the count.
  const counted = await db.query(`SELECT count(*)::int AS n FROM incidents ${INCIDENT_SEARCH_WHERE}`, params);
  return { items: [], total: counted.rows[0].n as number };
}

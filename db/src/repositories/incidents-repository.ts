import type { Pool, PoolClient } from 'pg';
import type { Incident, IncidentKind, IncidentState, Severity, TimelineEntry } from '@cityops/contracts';
import { CityopsError } from '@cityops/contracts';

const COLUMNS = `id, kind, severity, state, title, device_id, area, address, lat, lon, opened_at,
  acknowledged_at, acknowledged_by, resolved_at, occurrences`;

const iso = (d: unknown) => (d ? (d as Date).toISOString() : null);

function toIncident(r: Record<string, unknown>): Incident {
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
}

async function appendEvent(db: PoolClient, incidentId: number, e: { type: string; at: Date; actor?: string | null; note?: string | null; data?: object }) {
  await db.query('INSERT INTO incident_events (incident_id, at, type, actor, note, data) VALUES ($1, $2, $3, $4, $5, $6)', [
    incidentId, e.at, e.type, e.actor ?? null, e.note ?? null, JSON.stringify(e.data ?? {}),
  ]);
}

/**
 * Opens an incident for a signal, or records a repeat on the live incident with the same dedup key.
 * The partial unique index makes this safe under concurrency: the loser of a race becomes a repeat.
 * Runs on the caller's transaction, so the incident, its timeline and the event log commit together.
 */
export async function openOrRepeatIncident(db: PoolClient, s: IncidentSignal): Promise<{ incident: Incident; opened: boolean }> {
  {
    const inserted = await db.query(
      `INSERT INTO incidents (kind, severity, dedup_key, title, device_id, area, address, lat, lon, opened_at, last_occurred_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$10)
       ON CONFLICT (dedup_key) WHERE state IN ('open','acknowledged','dispatched') DO NOTHING
       RETURNING ${COLUMNS}`,
      [s.kind, s.severity, s.dedupKey, s.title, s.deviceId ?? null, s.area ?? null, s.address ?? null, s.lat ?? null, s.lon ?? null, s.at],
    );
    if (inserted.rows[0]) {
      const incident = toIncident(inserted.rows[0]);
      await appendEvent(db, incident.id, { type: 'opened', at: s.at, data: s.data ?? {} });
      return { incident, opened: true };
    }
    const repeated = await db.query(
      `UPDATE incidents SET occurrences = occurrences + 1, last_occurred_at = greatest(last_occurred_at, $2)
       WHERE dedup_key = $1 AND state IN ('open','acknowledged','dispatched') RETURNING ${COLUMNS}`,
      [s.dedupKey, s.at],
    );
    const incident = toIncident(repeated.rows[0]);
    await appendEvent(db, incident.id, { type: 'repeated', at: s.at, data: s.data ?? {} });
    return { incident, opened: false };
  }
}

export async function listIncidents(pool: Pool, f: { state?: IncidentState | undefined; kind?: IncidentKind | undefined; limit?: number }): Promise<Incident[]> {
  const { rows } = await pool.query(
    `SELECT ${COLUMNS} FROM incidents WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR kind = $2)
     ORDER BY opened_at DESC, id DESC LIMIT $3`,
    [f.state ?? null, f.kind ?? null, Math.min(f.limit ?? 500, 5000)],
  );
  return rows.map(toIncident);
}

export async function getIncident(pool: Pool, id: number): Promise<Incident> {
  const { rows } = await pool.query(`SELECT ${COLUMNS} FROM incidents WHERE id = $1`, [id]);
  if (!rows[0]) throw new CityopsError('CITYOPS_INCIDENT_NOT_FOUND', `no incident ${id}`);
  const events = await pool.query('SELECT at, type, actor, note, data FROM incident_events WHERE incident_id = $1 ORDER BY id', [id]);
  const timeline: TimelineEntry[] = events.rows.map((e) => ({ at: iso(e.at)!, type: e.type, actor: e.actor, note: e.note, data: e.data }));
  return { ...toIncident(rows[0]), timeline };
}

/** Exactly one acknowledgement wins: the conditional UPDATE is the arbiter, not a read-then-write. Caller's transaction. */
export async function acknowledgeIncident(db: PoolClient, id: number, by: string, at: Date): Promise<Incident> {
  {
    const { rows } = await db.query(
      `UPDATE incidents SET state = 'acknowledged', acknowledged_at = $3, acknowledged_by = $2
       WHERE id = $1 AND state = 'open' RETURNING ${COLUMNS}`,
      [id, by, at],
    );
    if (rows[0]) {
      await appendEvent(db, id, { type: 'acknowledged', at, actor: by });
      return toIncident(rows[0]);
    }
    const current = await db.query('SELECT state, acknowledged_by FROM incidents WHERE id = $1', [id]);
    if (!current.rows[0]) throw new CityopsError('CITYOPS_INCIDENT_NOT_FOUND', `no incident ${id}`);
    const { state, acknowledged_by: ackBy } = current.rows[0];
    if (state === 'resolved' || state === 'closed') throw new CityopsError('CITYOPS_INCIDENT_ALREADY_RESOLVED', `incident ${id} is ${state}`);
    if (ackBy === by) return toIncident((await db.query(`SELECT ${COLUMNS} FROM incidents WHERE id = $1`, [id])).rows[0]);
    throw new CityopsError('CITYOPS_INCIDENT_ALREADY_ACKNOWLEDGED', `acknowledged by ${ackBy}`);
  }
}

export async function resolveIncident(db: PoolClient, id: number, by: string, note: string, at: Date): Promise<Incident> {
  {
    const { rows } = await db.query(
      `UPDATE incidents SET state = 'resolved', resolved_at = $3, resolved_by = $2,
         acknowledged_at = coalesce(acknowledged_at, $3), acknowledged_by = coalesce(acknowledged_by, $2)
       WHERE id = $1 AND state IN ('open','acknowledged','dispatched') RETURNING ${COLUMNS}`,
      [id, by, at],
    );
    if (!rows[0]) {
      const exists = await db.query('SELECT state FROM incidents WHERE id = $1', [id]);
      if (!exists.rows[0]) throw new CityopsError('CITYOPS_INCIDENT_NOT_FOUND', `no incident ${id}`);
      throw new CityopsError('CITYOPS_INCIDENT_ALREADY_RESOLVED', `incident ${id} is ${exists.rows[0].state}`);
    }
    await appendEvent(db, id, { type: 'resolved', at, actor: by, note });
    return toIncident(rows[0]);
  }
}

/** Closes the live incident of a dedup key when its condition recovered by itself (system actor). */
export async function resolveIncidentByKey(db: PoolClient, dedupKey: string, at: Date, note: string): Promise<Incident | null> {
  const { rows } = await db.query(
    `UPDATE incidents SET state = 'resolved', resolved_at = $2, resolved_by = 'cityops'
     WHERE dedup_key = $1 AND state IN ('open','acknowledged','dispatched') RETURNING ${COLUMNS}`,
    [dedupKey, at],
  );
  if (!rows[0]) return null;
  const incident = toIncident(rows[0]);
  await appendEvent(db, incident.id, { type: 'resolved', at, actor: 'cityops', note });
  return incident;
}

/** Records on the live incident's timeline that its condition recovered; a person still closes it. */
export async function noteIncidentByKey(db: PoolClient, dedupKey: string, at: Date, type: string, data: object): Promise<Incident | null> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM incidents WHERE dedup_key = $1 AND state IN ('open','acknowledged','dispatched')`, [dedupKey]);
  if (!rows[0]) return null;
  const incident = toIncident(rows[0]);
  await appendEvent(db, incident.id, { type, at, data });
  return incident;
}

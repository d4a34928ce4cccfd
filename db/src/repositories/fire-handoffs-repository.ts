import type { Pool, PoolClient } from 'pg';
import type { Building, FireHandoff, NearbyFireStation } from '@cityops/contracts';

/** Hand-off records to 114: append-only snapshots of what the fire crew was told (migration 0011). */

function toHandoff(r: Record<string, unknown>): FireHandoff {
  return {
    id: Number(r.id),
    incidentId: Number(r.incident_id),
    at: (r.at as Date).toISOString(),
    by: r.by_user as string,
    unit: r.unit as string,
    stationId: (r.station_id as string | null) ?? null,
    building: (r.building as Building | null) ?? null,
    stations: (r.stations as NearbyFireStation[] | null) ?? [],
    note: (r.note as string | null) ?? null,
  };
}

export interface NewHandoff {
  incidentId: number;
  at: Date;
  by: string;
  unit: string;
  stationId: string | null;
  building: Building | null;
  stations: readonly NearbyFireStation[];
  note: string | null;
}

export async function insertHandoff(db: PoolClient, h: NewHandoff): Promise<FireHandoff> {
  const { rows } = await db.query(
    `INSERT INTO fire_handoffs (incident_id, at, by_user, unit, station_id, building, stations, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    [h.incidentId, h.at, h.by, h.unit, h.stationId, h.building ? JSON.stringify(h.building) : null, JSON.stringify(h.stations), h.note],
  );
  return toHandoff(rows[0]);
}

export async function listHandoffs(db: Pool | PoolClient, incidentId: number): Promise<FireHandoff[]> {
  const { rows } = await db.query('SELECT * FROM fire_handoffs WHERE incident_id = $1 ORDER BY id', [incidentId]);
  return rows.map(toHandoff);
}

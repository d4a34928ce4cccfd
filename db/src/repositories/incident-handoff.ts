import type { Pool, PoolClient } from 'pg';
import type { Building, FireHandoff, Incident, IncidentContext, NearbyFireStation } from '@cityops/contracts';
import { CityopsError, NEAREST_STATIONS } from '@cityops/contracts';
import { appendEvent } from './incidents-repository.ts';
import { dispatchIncident } from './incident-commands.ts';
import { findBuildingOfDevice } from './buildings-repository.ts';
import { findFireStation, nearestFireStations } from './fire-stations-repository.ts';
import { insertHandoff, listHandoffs } from './fire-handoffs-repository.ts';

/** Fire incidents carry their building and the nearest stations; a hand-off sends both to 114. */

interface Place {
  building: Building | null;
  nearestStations: NearbyFireStation[];
}

async function placeOf(db: Pool | PoolClient, deviceId: string | null, lat: number | null, lon: number | null): Promise<Place> {
  const building = deviceId ? await findBuildingOfDevice(db, deviceId) : null;
  // The building's own coordinates are the address the crew drives to; the incident's are the panel's.
  const at = building ?? (lat !== null && lon !== null ? { lat, lon } : null);
  const nearestStations = at ? await nearestFireStations(db, at.lat, at.lon, NEAREST_STATIONS) : [];
  return { building, nearestStations };
}

async function incidentRow(db: Pool | PoolClient, id: number, lock: boolean): Promise<{ device_id: string | null; lat: number | null; lon: number | null }> {
  const { rows } = await db.query(`SELECT device_id, lat, lon FROM incidents WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows[0]) throw new CityopsError('CITYOPS_INCIDENT_NOT_FOUND', `no incident ${id}`);
  return rows[0];
}

export async function readIncidentContext(db: Pool | PoolClient, id: number): Promise<IncidentContext> {
  const row = await incidentRow(db, id, false);
  const place = await placeOf(db, row.device_id, row.lat, row.lon);
  return { incidentId: id, ...place, handoffs: await listHandoffs(db, id) };
}

/**
 * Hands a live incident to 114: dispatches it to `114` (acknowledging it on the way, like any
 * dispatch), records a snapshot of the building and the stations, and notes it on the timeline —
 * all on the caller's transaction. The station defaults to the nearest one.
 */
export async function handOffIncident(
  db: PoolClient,
  id: number,
  by: string,
  opts: { stationId?: string | undefined; note?: string | null | undefined },
  at: Date,
): Promise<{ incident: Incident; handoff: FireHandoff }> {
  const row = await incidentRow(db, id, true);
  const place = await placeOf(db, row.device_id, row.lat, row.lon);
  let station: { id: string; name: string } | null = place.nearestStations[0] ?? null;
  if (opts.stationId !== undefined) {
    station = await findFireStation(db, opts.stationId);
    if (!station) throw new CityopsError('CITYOPS_STATION_NOT_FOUND', `no fire station ${opts.stationId}`);
  }
  const note = opts.note?.trim() || null;
  const incident = await dispatchIncident(db, id, by, '114', note, at);
  const handoff = await insertHandoff(db, {
    incidentId: id,
    at,
    by,
    unit: '114',
    stationId: station?.id ?? null,
    building: place.building,
    stations: place.nearestStations,
    note,
  });
  await appendEvent(db, id, {
    type: 'handoff',
    at,
    actor: by,
    note,
    data: { handoffId: handoff.id, unit: '114', stationId: station?.id ?? null, stationName: station?.name ?? null, buildingId: place.building?.id ?? null },
  });
  return { incident, handoff };
}

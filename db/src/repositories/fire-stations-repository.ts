import type { Pool, PoolClient } from 'pg';
import type { FireStation, NearbyFireStation } from '@cityops/contracts';
import type { FireStationInput } from '../fire-stations/parse-fire-stations.ts';
import { withTransaction } from '../pool.ts';

const COLUMNS = 'id, name, address, phone, lat, lon, source, sample';

function toStation(r: Record<string, unknown>): FireStation {
  return {
    id: r.id as string,
    name: r.name as string,
    address: (r.address as string | null) ?? null,
    phone: (r.phone as string | null) ?? null,
    lat: r.lat as number,
    lon: r.lon as number,
    source: r.source as string,
    sample: r.sample as boolean,
  };
}

/** Replaces one source's stations in one transaction: readers see the old set or the new one. */
export async function replaceFireStations(pool: Pool, source: string, stations: readonly FireStationInput[]): Promise<void> {
  await withTransaction(pool, async (db) => {
    await db.query('DELETE FROM fire_stations WHERE source = $1', [source]);
    await db.query(
      `INSERT INTO fire_stations (id, name, address, phone, lat, lon, source, sample)
       SELECT u.id, u.name, u.address, u.phone, u.lat, u.lon, $7, u.sample
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $8::bool[]) AS u(id, name, address, phone, lat, lon, sample)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, address = EXCLUDED.address, phone = EXCLUDED.phone, lat = EXCLUDED.lat,
         lon = EXCLUDED.lon, source = EXCLUDED.source, sample = EXCLUDED.sample, loaded_at = now()`,
      [
        stations.map((s) => s.id),
        stations.map((s) => s.name),
        stations.map((s) => s.address),
        stations.map((s) => s.phone),
        stations.map((s) => s.lat),
        stations.map((s) => s.lon),
        source,
        stations.map((s) => s.sample),
      ],
    );
  });
}

export async function listFireStations(db: Pool | PoolClient): Promise<FireStation[]> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM fire_stations ORDER BY name, id`);
  return rows.map(toStation);
}

export async function findFireStation(db: Pool | PoolClient, id: string): Promise<FireStation | null> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM fire_stations WHERE id = $1`, [id]);
  return rows[0] ? toStation(rows[0]) : null;
}

/**
 * The `limit` stations closest to a point by great-circle distance (haversine, metres). A city has
 * tens to hundreds of stations, so a scan beats an index here and needs no PostGIS.
 */
export async function nearestFireStations(db: Pool | PoolClient, lat: number, lon: number, limit: number): Promise<NearbyFireStation[]> {
  const { rows } = await db.query(
    `SELECT ${COLUMNS}, round(12742000 * asin(sqrt(
         power(sin(radians(lat - $1) / 2), 2) + cos(radians($1)) * cos(radians(lat)) * power(sin(radians(lon - $2) / 2), 2))))::int AS distance_m
     FROM fire_stations ORDER BY distance_m, id LIMIT $3`,
    [lat, lon, limit],
  );
  return rows.map((r) => ({ ...toStation(r), distanceM: r.distance_m as number }));
}

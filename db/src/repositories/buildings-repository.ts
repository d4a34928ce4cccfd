import type { Pool, PoolClient } from 'pg';
import type { Building, CreateBuildingRequest, UpdateBuildingRequest } from '@cityops/contracts';
import { CityopsError } from '@cityops/contracts';

/** The building registry fire panels are tied to (migration 0011). */

const COLUMNS = `b.id, b.house_id, b.name, b.address, b.area, b.lat, b.lon, b.floors, b.basement_floors, b.occupants, b.usage,
  b.contact_name, b.contact_phone, b.notes, b.source, b.updated_at,
  coalesce((SELECT array_agg(d.id ORDER BY d.id) FROM devices d WHERE d.building_id = b.id AND d.revoked_at IS NULL), '{}') AS panel_ids`;

export function toBuilding(r: Record<string, unknown>): Building {
  return {
    id: r.id as string,
    houseId: (r.house_id as string | null) ?? null,
    name: (r.name as string | null) ?? null,
    address: r.address as string,
    area: (r.area as string | null) ?? null,
    lat: r.lat as number,
    lon: r.lon as number,
    floors: (r.floors as number | null) ?? null,
    basementFloors: (r.basement_floors as number | null) ?? null,
    occupants: (r.occupants as number | null) ?? null,
    usage: (r.usage as string | null) ?? null,
    contactName: (r.contact_name as string | null) ?? null,
    contactPhone: (r.contact_phone as string | null) ?? null,
    notes: (r.notes as string | null) ?? null,
    source: r.source as string,
    panelIds: (r.panel_ids as string[] | null) ?? [],
    updatedAt: (r.updated_at as Date).toISOString(),
  };
}

/** A viewer (the wall) sees the building but not the people to call: contact details are personal data. */
export function withoutContact(b: Building): Building {
  return { ...b, contactName: null, contactPhone: null };
}

function values(b: UpdateBuildingRequest): unknown[] {
  return [
    b.houseId ?? null,
    b.name ?? null,
    b.address,
    b.area ?? null,
    b.lat,
    b.lon,
    b.floors ?? null,
    b.basementFloors ?? null,
    b.occupants ?? null,
    b.usage ?? null,
    b.contactName ?? null,
    b.contactPhone ?? null,
    b.notes ?? null,
  ];
}

function conflict(err: unknown, id: string): never {
  if ((err as { code?: string }).code === '23505') throw new CityopsError('CITYOPS_BUILDING_EXISTS', `building ${id} or its house identifier already exists`);
  throw err;
}

export async function insertBuilding(db: Pool | PoolClient, b: CreateBuildingRequest, source = 'registry'): Promise<Building> {
  try {
    await db.query(
      `INSERT INTO buildings (id, house_id, name, address, area, lat, lon, floors, basement_floors, occupants, usage,
         contact_name, contact_phone, notes, source)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
      [b.id, ...values(b), source],
    );
  } catch (err) {
    conflict(err, b.id);
  }
  return (await findBuilding(db, b.id))!;
}

/**
 * Many buildings in one statement (not a round trip each): `keep` leaves those already there as
 * they are (the simulated fleet's sample buildings at first start), `replace` overwrites them by id
 * (an import). One statement is one transaction: a file lands whole or not at all.
 */
async function upsertBuildings(
  db: Pool | PoolClient,
  buildings: readonly CreateBuildingRequest[],
  source: string,
  onConflict: 'keep' | 'replace',
): Promise<{ created: number; updated: number }> {
  if (buildings.length === 0) return { created: 0, updated: 0 };
  const { rows } = await db.query(
    `INSERT INTO buildings (id, house_id, name, address, area, lat, lon, floors, basement_floors, occupants, usage,
         contact_name, contact_phone, notes, source)
     SELECT b.id, b."houseId", b.name, b.address, b.area, b.lat, b.lon, b.floors, b."basementFloors", b.occupants, b.usage,
       b."contactName", b."contactPhone", b.notes, $2
     FROM jsonb_to_recordset($1::jsonb) AS b(id text, "houseId" text, name text, address text, area text, lat float8, lon float8, floors int,
       "basementFloors" int, occupants int, usage text, "contactName" text, "contactPhone" text, notes text)
     ${
       onConflict === 'keep'
         ? 'ON CONFLICT (id) DO NOTHING'
         : `ON CONFLICT (id) DO UPDATE SET house_id = excluded.house_id, name = excluded.name, address = excluded.address,
             area = excluded.area, lat = excluded.lat, lon = excluded.lon, floors = excluded.floors, basement_floors = excluded.basement_floors,
             occupants = excluded.occupants, usage = excluded.usage, contact_name = excluded.contact_name,
             contact_phone = excluded.contact_phone, notes = excluded.notes, source = excluded.source, updated_at = now()`
     }
     RETURNING (xmax = 0) AS inserted`,
    [JSON.stringify(buildings), source],
  );
  const created = rows.filter((r) => r.inserted).length;
  return { created, updated: rows.length - created };
}

/** The simulated fleet's sample buildings at first start: those already there stay as they are. */
export async function ensureBuildings(db: Pool | PoolClient, buildings: readonly CreateBuildingRequest[], source: string): Promise<void> {
  await upsertBuildings(db, buildings, source, 'keep');
}

/** A row of an import the database refused (a house identifier another building holds). */
export class BuildingImportConflict extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(message);
    this.name = 'BuildingImportConflict';
  }
}

/**
 * An import of the registry: every row created or replaced by id, all in one statement. A house
 * identifier another building already holds refuses the whole file, naming the row that carried it.
 */
export async function importBuildings(pool: Pool, rows: readonly CreateBuildingRequest[], source: string): Promise<{ created: number; updated: number }> {
  try {
    return await upsertBuildings(pool, rows, source, 'replace');
  } catch (err) {
    const e = err as { code?: string; detail?: string };
    if (e.code !== '23505') throw err;
    // "Key (house_id)=(0101-1) already exists." (the only other unique key is the id, which an upsert replaces)
    const houseId = /\(house_id\)=\((.*)\) already exists/.exec(e.detail ?? '')?.[1];
    const index = Math.max(
      0,
      rows.findIndex((b) => b.houseId === houseId),
    );
    throw new BuildingImportConflict(index, `house identifier ${houseId ?? rows[index]?.houseId ?? ''} belongs to another building already`);
  }
}

export async function updateBuilding(db: Pool | PoolClient, id: string, b: UpdateBuildingRequest): Promise<Building> {
  let count: number | null;
  try {
    ({ rowCount: count } = await db.query(
      `UPDATE buildings SET house_id = $2, name = $3, address = $4, area = $5, lat = $6, lon = $7, floors = $8, basement_floors = $9,
         occupants = $10, usage = $11, contact_name = $12, contact_phone = $13, notes = $14, updated_at = now() WHERE id = $1`,
      [id, ...values(b)],
    ));
  } catch (err) {
    conflict(err, id);
  }
  if (!count) throw new CityopsError('CITYOPS_BUILDING_NOT_FOUND', `no building ${id}`);
  return (await findBuilding(db, id))!;
}

/** Refused while panels are tied to it: a fire alarm must never lose its address by accident. */
export async function deleteBuilding(db: Pool | PoolClient, id: string): Promise<void> {
  const { rows } = await db.query('SELECT count(*)::int AS n FROM devices WHERE building_id = $1', [id]);
  if (rows[0].n > 0) throw new CityopsError('CITYOPS_BUILDING_IN_USE', `${rows[0].n} device(s) are tied to building ${id}; untie them first`);
  const { rowCount } = await db.query('DELETE FROM buildings WHERE id = $1', [id]);
  if (!rowCount) throw new CityopsError('CITYOPS_BUILDING_NOT_FOUND', `no building ${id}`);
}

export async function findBuilding(db: Pool | PoolClient, id: string): Promise<Building | null> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM buildings b WHERE b.id = $1`, [id]);
  return rows[0] ? toBuilding(rows[0]) : null;
}

/** The building a device is tied to, if any. */
export async function findBuildingOfDevice(db: Pool | PoolClient, deviceId: string): Promise<Building | null> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM buildings b JOIN devices dev ON dev.building_id = b.id WHERE dev.id = $1`, [deviceId]);
  return rows[0] ? toBuilding(rows[0]) : null;
}

export interface BuildingQuery {
  area?: string | undefined;
  /** Matches id, house identifier, name or address, case-insensitively. */
  q?: string | undefined;
  limit: number;
  offset: number;
}

export async function listBuildings(db: Pool | PoolClient, query: BuildingQuery): Promise<{ items: Building[]; total: number }> {
  const where = `($1::text IS NULL OR b.area = $1) AND ($2::text IS NULL OR b.id ILIKE $2 OR b.house_id ILIKE $2 OR b.name ILIKE $2 OR b.address ILIKE $2)`;
  const pattern = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const [page, total] = await Promise.all([
    db.query(`SELECT ${COLUMNS} FROM buildings b WHERE ${where} ORDER BY b.id LIMIT $3 OFFSET $4`, [query.area ?? null, pattern, query.limit, query.offset]),
    db.query(`SELECT count(*)::int AS n FROM buildings b WHERE ${where}`, [query.area ?? null, pattern]),
  ]);
  return { items: page.rows.map(toBuilding), total: total.rows[0].n };
}

/** Ties a fire panel to a building (or unties it with null). */
export async function linkDeviceToBuilding(db: Pool | PoolClient, deviceId: string, buildingId: string | null): Promise<void> {
  const { rows } = await db.query('SELECT kind FROM devices WHERE id = $1', [deviceId]);
  if (!rows[0]) throw new CityopsError('CITYOPS_DEVICE_NOT_FOUND', `no device ${deviceId}`);
  if (rows[0].kind !== 'fire')
    throw new CityopsError('CITYOPS_DEVICE_NOT_FIRE_PANEL', `${deviceId} is a ${String(rows[0].kind)} device; only fire panels have a building`);
  try {
    await db.query('UPDATE devices SET building_id = $2 WHERE id = $1', [deviceId, buildingId]);
  } catch (err) {
    if ((err as { code?: string }).code === '23503') throw new CityopsError('CITYOPS_BUILDING_NOT_FOUND', `no building ${String(buildingId)}`);
    throw err;
  }
}

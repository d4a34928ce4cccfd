import type { Pool, PoolClient } from 'pg';
import type { CreateDeviceRequest, Device, DeviceKind, DeviceRegistryEvent, DeviceStatus, EventLogEntry } from '@cityops/contracts';
import { CityopsError } from '@cityops/contracts';

/** What the broker needs to authenticate a device and the gateway to place its messages. */
export interface DeviceIdentity {
  id: string;
  kind: DeviceKind;
  area: string | null;
  secretHash: string;
  revoked: boolean;
}

/** What the gateway needs of a device to store its messages: its kind, its area, whether it may publish. */
export interface IngestRegistryEntry {
  kind: DeviceKind;
  area: string | null;
  revoked: boolean;
}

/**
 * The registry entries of `ids` as of this statement. The gateway reads them inside each batch's
 * transaction, so a revocation committed before the batch refuses the device's messages at once.
 */
export async function resolveIngestRegistry(db: Pool | PoolClient, ids: readonly string[]): Promise<Map<string, IngestRegistryEntry | null>> {
  const unique = [...new Set(ids)];
  const out = new Map<string, IngestRegistryEntry | null>(unique.map((id) => [id, null]));
  if (unique.length === 0) return out;
  const { rows } = await db.query('SELECT id, kind, area, revoked_at IS NOT NULL AS revoked FROM devices WHERE id = ANY($1::text[])', [unique]);
  for (const r of rows) out.set(r.id as string, { kind: r.kind as DeviceKind, area: (r.area as string | null) ?? null, revoked: r.revoked as boolean });
  return out;
}

const DEVICE_COLUMNS = 'id, kind, name, lat, lon, area, address, status, last_seen_at, revoked_at, created_at, building_id';
/** The same, qualified by the alias `d` (an UPDATE … FROM also returns the joined row's columns). */
const DEVICE_COLUMNS_OF_D = DEVICE_COLUMNS.split(', ')
  .map((c) => `d.${c}`)
  .join(', ');

function toDevice(r: Record<string, unknown>): Device {
  return {
    id: r.id as string,
    kind: r.kind as DeviceKind,
    name: (r.name as string | null) ?? null,
    lat: r.lat as number,
    lon: r.lon as number,
    area: (r.area as string | null) ?? null,
    address: (r.address as string | null) ?? null,
    status: r.status as DeviceStatus,
    lastSeenAt: r.last_seen_at ? (r.last_seen_at as Date).toISOString() : null,
    revoked: r.revoked_at !== null,
    createdAt: (r.created_at as Date).toISOString(),
    buildingId: (r.building_id as string | null) ?? null,
  };
}

export async function insertDevice(db: Pool | PoolClient, d: CreateDeviceRequest, secretHash: string): Promise<Device> {
  if (d.buildingId !== undefined && d.kind !== 'fire')
    throw new CityopsError('CITYOPS_DEVICE_NOT_FIRE_PANEL', `${d.id} is a ${d.kind} device; only fire panels have a building`);
  try {
    const { rows } = await db.query(
      `INSERT INTO devices (id, kind, lat, lon, name, address, area, secret_hash, building_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING ${DEVICE_COLUMNS}`,
      [d.id, d.kind, d.lat, d.lon, d.name ?? null, d.address ?? null, d.area ?? null, secretHash, d.buildingId ?? null],
    );
    return toDevice(rows[0]);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === '23505') throw new CityopsError('CITYOPS_DEVICE_EXISTS', `device ${d.id} already exists`);
    if (code === '23503') throw new CityopsError('CITYOPS_BUILDING_NOT_FOUND', `no building ${String(d.buildingId)}`);
    throw err;
  }
}

/**
 * Many devices in one statement (the simulated fleet): new ones are inserted; existing ones get the
 * new secret, lose a revocation and take the building if one is given, as rotateDeviceSecret and
 * linkDeviceToBuilding do one by one. `change` says what the registry logs: `added`, `restored` (a
 * revocation lifted), or null (an existing device with a new secret only).
 */
export async function upsertDevicesWithSecrets(
  db: Pool | PoolClient,
  rows: readonly { req: CreateDeviceRequest; secretHash: string }[],
): Promise<{ device: Device; change: 'added' | 'restored' | null }[]> {
  const misplaced = rows.find((r) => r.req.buildingId !== undefined && r.req.kind !== 'fire');
  if (misplaced)
    throw new CityopsError('CITYOPS_DEVICE_NOT_FIRE_PANEL', `${misplaced.req.id} is a ${misplaced.req.kind} device; only fire panels have a building`);
  const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
  const { rows: out } = await db.query(
    `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
         AS t(id, kind, lat, lon, name, address, area, secret_hash, building_id)),
     before AS (SELECT d.id, d.revoked_at FROM devices d JOIN input USING (id))
     INSERT INTO devices AS d (id, kind, lat, lon, name, address, area, secret_hash, building_id)
     SELECT id, kind, lat, lon, name, address, area, secret_hash, building_id FROM input
     ON CONFLICT (id) DO UPDATE SET secret_hash = excluded.secret_hash, revoked_at = NULL, building_id = coalesce(excluded.building_id, d.building_id)
     RETURNING ${DEVICE_COLUMNS_OF_D}, (SELECT b.revoked_at IS NOT NULL FROM before b WHERE b.id = d.id) AS was_revoked`,
    [
      col((r) => r.req.id),
      col((r) => r.req.kind),
      col((r) => r.req.lat),
      col((r) => r.req.lon),
      col((r) => r.req.name ?? null),
      col((r) => r.req.address ?? null),
      col((r) => r.req.area ?? null),
      col((r) => r.secretHash),
      col((r) => r.req.buildingId ?? null),
    ],
  );
  return out.map((r) => ({ device: toDevice(r), change: r.was_revoked === null ? 'added' : r.was_revoked ? 'restored' : null }));
}

export async function findDevice(db: Pool | PoolClient, id: string): Promise<Device | null> {
  const { rows } = await db.query(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE id = $1`, [id]);
  return rows[0] ? toDevice(rows[0]) : null;
}

export async function listDevices(db: Pool, opts: { kind?: DeviceKind | undefined; includeRevoked?: boolean } = {}): Promise<Device[]> {
  const { rows } = await db.query(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE ($1::text IS NULL OR kind = $1) AND ($2 OR revoked_at IS NULL) ORDER BY id`, [
    opts.kind ?? null,
    opts.includeRevoked ?? false,
  ]);
  return rows.map(toDevice);
}

/** Which of these ids are revoked now (a revocation may have been lifted since it was seen). */
export async function revokedAmong(db: Pool, ids: readonly string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM devices WHERE id = ANY($1::text[]) AND revoked_at IS NOT NULL', [ids]);
  return rows.map((r) => r.id);
}

export async function findDeviceIdentity(db: Pool, id: string): Promise<DeviceIdentity | null> {
  const { rows } = await db.query('SELECT id, kind, area, secret_hash, revoked_at FROM devices WHERE id = $1', [id]);
  const r = rows[0];
  return r ? { id: r.id, kind: r.kind, area: r.area, secretHash: r.secret_hash, revoked: r.revoked_at !== null } : null;
}

/** Revokes a device; `changed` is false when it already was revoked (the time stays the first one). */
export async function markDeviceRevoked(db: Pool | PoolClient, id: string): Promise<{ device: Device; changed: boolean }> {
  const { rows } = await db.query(`UPDATE devices SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING ${DEVICE_COLUMNS}`, [id]);
  if (rows[0]) return { device: toDevice(rows[0]), changed: true };
  const device = await findDevice(db, id);
  if (!device) throw new CityopsError('CITYOPS_DEVICE_NOT_FOUND', `no device ${id}`);
  return { device, changed: false };
}

/** Stores a new secret and lifts a revocation; `restored` is true when there was one to lift. */
export async function setDeviceSecret(db: Pool | PoolClient, id: string, secretHash: string): Promise<{ device: Device; restored: boolean }> {
  const { rows } = await db.query(
    `UPDATE devices d SET secret_hash = $2, revoked_at = NULL
     FROM (SELECT id, revoked_at AS was_revoked FROM devices WHERE id = $1 FOR UPDATE) old
     WHERE d.id = old.id RETURNING old.was_revoked, ${DEVICE_COLUMNS_OF_D}`,
    [id, secretHash],
  );
  if (!rows[0]) throw new CityopsError('CITYOPS_DEVICE_NOT_FOUND', `no device ${id}`);
  return { device: toDevice(rows[0]), restored: rows[0].was_revoked !== null };
}

/** The event-log entry for a registry change (topic `device.registry`). */
export function deviceRegistryEvent(device: Device, change: DeviceRegistryEvent['change'], at = new Date()): EventLogEntry<'device.registry'> {
  return { topic: 'device.registry', payload: { change, device, at: at.toISOString() } };
}

export interface StatusUpdate {
  id: string;
  /** null: the message says "still alive" without a new state (e.g. a fire-panel heartbeat). */
  status: DeviceStatus | null;
  seenAt: Date;
  seq: number;
}

export interface StatusChange {
  id: string;
  kind: DeviceKind;
  status: DeviceStatus;
  /** The status it left: replay rolls the registry back through these, so no periodic snapshot is stored. */
  previous: DeviceStatus;
  lat: number;
  lon: number;
  area: string | null;
  at: Date;
}

/**
 * How fresh `last_seen_at` is kept for a device whose status did not change: a camera, kiosk or
 * validator that reports every second does not rewrite its registry row every second (at 5,000
 * msg/s that was one row version and its WAL per message). A device reporting less often than this
 * is written on every message; one reporting more often is seen at most this much late, far inside
 * any heartbeat rule's interval (a camera's is 30 s). Fire panels are written on every message:
 * they are few and their state is the one that must never be a step behind.
 */
export const PRESENCE_STEP_MS = 5000;

/**
 * Records the latest status and last-seen time of each device in a batch; returns the devices
 * whose status changed, for the live map. Older messages (redeliveries) never move time backwards.
 * A row is written only when its status changes, it was last seen a presence step ago or more, or
 * it is a fire panel; the others are not even locked.
 */
export async function updateDeviceStatuses(client: PoolClient, updates: readonly StatusUpdate[]): Promise<StatusChange[]> {
  if (updates.length === 0) return [];
  // `next_status` is decided twice, on purpose: first to pick the rows worth locking, then on the
  // locked row, which a concurrent gateway may have changed in between.
  const nextStatus = `CASE WHEN d.status_at IS NOT NULL AND d.status_at > v.seen_at THEN d.status
                      ELSE coalesce(v.status, CASE WHEN d.status = 'unknown' THEN 'normal' ELSE d.status END) END`;
  const { rows } = await client.query(
    `WITH v AS (SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::int8[]) AS v(id, status, seen_at, seq)),
     old AS (SELECT d.id, d.status FROM devices d JOIN v USING (id)
             WHERE d.kind = 'fire' OR d.last_seen_at IS NULL OR v.seen_at >= d.last_seen_at + $5 * interval '1 millisecond'
                   OR ${nextStatus} <> d.status
             FOR UPDATE OF d)
     UPDATE devices d SET
       status = ${nextStatus},
       status_at = greatest(d.status_at, v.seen_at),
       last_seen_at = greatest(d.last_seen_at, v.seen_at),
       last_seq = greatest(d.last_seq, v.seq)
     FROM v, old WHERE d.id = v.id AND old.id = v.id
     RETURNING d.id, d.kind, d.status, d.lat, d.lon, d.area, d.status_at, old.status AS old_status`,
    [updates.map((u) => u.id), updates.map((u) => u.status), updates.map((u) => u.seenAt), updates.map((u) => u.seq), PRESENCE_STEP_MS],
  );
  return rows
    .filter((r) => r.status !== r.old_status)
    .map((r) => ({ id: r.id, kind: r.kind, status: r.status, previous: r.old_status, lat: r.lat, lon: r.lon, area: r.area, at: r.status_at }));
}

/** Registry place and last-seen time of every live device: what heartbeat rules watch. */
export interface DeviceLastSeen {
  id: string;
  kind: DeviceKind;
  area: string | null;
  lat: number;
  lon: number;
  name: string | null;
  address: string | null;
  lastSeenAt: number | null;
}

export async function listDeviceLastSeen(db: Pool | PoolClient): Promise<DeviceLastSeen[]> {
  const { rows } = await db.query('SELECT id, kind, area, lat, lon, name, address, last_seen_at FROM devices WHERE revoked_at IS NULL');
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    area: r.area,
    lat: r.lat,
    lon: r.lon,
    name: r.name,
    address: r.address,
    lastSeenAt: r.last_seen_at ? (r.last_seen_at as Date).getTime() : null,
  }));
}

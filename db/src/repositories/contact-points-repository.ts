import { randomBytes } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { ContactPoint, ContactPointSettings, ContactPointType, ContactPointWithSecret } from '@cityops/contracts';
import { CityopsError } from '@cityops/contracts';
import { isoOrNull } from './history.ts';

/** A contact point as the notifier needs it: the settings with header values and the signing secret. */
export interface StoredContactPoint {
  id: number;
  name: string;
  type: ContactPointType;
  settings: ContactPointSettings;
  secret: string | null;
  enabled: boolean;
  description: string | null;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

const COLUMNS = 'id, name, type, settings, secret, enabled, description, created_at, updated_at, updated_by';

function toStored(r: Record<string, unknown>): StoredContactPoint {
  return {
    id: Number(r.id),
    name: r.name as string,
    type: r.type as ContactPointType,
    settings: r.settings as ContactPointSettings,
    secret: (r.secret as string | null) ?? null,
    enabled: r.enabled as boolean,
    description: (r.description as string | null) ?? null,
    createdAt: isoOrNull(r.created_at)!,
    updatedAt: isoOrNull(r.updated_at)!,
    updatedBy: r.updated_by as string,
  };
}

/** What the API shows: header values blanked (they may hold provider tokens), the secret only as "set". */
export function publicContactPoint(c: StoredContactPoint): ContactPoint {
  const settings: Record<string, unknown> = { ...c.settings };
  if (settings.headers && typeof settings.headers === 'object') {
    settings.headers = Object.fromEntries(Object.keys(settings.headers).map((name) => [name, '']));
  }
  const { secret, ...rest } = c;
  return { ...rest, settings, hasSecret: secret !== null };
}

/** 256 random bits: a webhook's signing key, shown once. */
export const newSigningSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

function uniqueName(err: unknown, name: string): never {
  if ((err as { code?: string }).code === '23505') throw new CityopsError('CITYOPS_CONTACT_POINT_EXISTS', `a contact point named ${name} already exists`);
  throw err;
}

export async function createContactPoint(
  db: Pool | PoolClient,
  req: { name: string; type: ContactPointType; settings: ContactPointSettings; enabled?: boolean | undefined; description?: string | undefined },
  by: string,
  at = new Date(),
): Promise<ContactPointWithSecret> {
  const secret = req.type === 'webhook' ? newSigningSecret() : null;
  try {
    const { rows } = await db.query(
      `INSERT INTO contact_points (name, type, settings, secret, enabled, description, created_at, updated_at, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) RETURNING ${COLUMNS}`,
      [req.name, req.type, JSON.stringify(req.settings), secret, req.enabled ?? true, req.description?.trim() || null, at, by],
    );
    return { ...publicContactPoint(toStored(rows[0])), secret };
  } catch (err) {
    uniqueName(err, req.name);
  }
}

export async function listContactPoints(db: Pool | PoolClient): Promise<StoredContactPoint[]> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM contact_points WHERE deleted_at IS NULL ORDER BY name`);
  return rows.map(toStored);
}

/** A live contact point, locked for the caller's transaction when `forUpdate`. */
export async function getContactPoint(db: Pool | PoolClient, id: number, forUpdate = false): Promise<StoredContactPoint> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM contact_points WHERE id = $1 AND deleted_at IS NULL${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows[0]) throw new CityopsError('CITYOPS_CONTACT_POINT_NOT_FOUND', `no contact point ${id}`);
  return toStored(rows[0]);
}

export async function contactPointsByName(db: Pool | PoolClient, names: readonly string[]): Promise<Map<string, StoredContactPoint>> {
  if (names.length === 0) return new Map();
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM contact_points WHERE name = ANY($1) AND deleted_at IS NULL`, [names]);
  return new Map(rows.map((r) => [r.name as string, toStored(r)]));
}

/** Replaces settings whole, except header values: absent headers keep the stored ones (they are never read back). */
export async function updateContactPoint(
  db: PoolClient,
  id: number,
  patch: { settings?: ContactPointSettings | undefined; enabled?: boolean | undefined; description?: string | undefined },
  by: string,
  at = new Date(),
): Promise<StoredContactPoint> {
  const before = await getContactPoint(db, id, true);
  let settings = patch.settings ?? before.settings;
  const oldHeaders = (before.settings as { headers?: Record<string, string> }).headers;
  if (patch.settings && oldHeaders && !('headers' in patch.settings)) settings = { ...settings, headers: oldHeaders } as ContactPointSettings;
  const { rows } = await db.query(
    `UPDATE contact_points SET settings = $2, enabled = $3, description = $4, updated_at = $5, updated_by = $6 WHERE id = $1 RETURNING ${COLUMNS}`,
    [
      id,
      JSON.stringify(settings),
      patch.enabled ?? before.enabled,
      patch.description === undefined ? before.description : patch.description.trim() || null,
      at,
      by,
    ],
  );
  return toStored(rows[0]);
}

export async function rotateContactPointSecret(db: PoolClient, id: number, by: string, at = new Date()): Promise<ContactPointWithSecret> {
  const before = await getContactPoint(db, id, true);
  if (before.type !== 'webhook') throw new CityopsError('CITYOPS_CONTACT_POINT_INVALID', `contact point ${before.name} is ${before.type}: only webhooks sign`);
  const secret = newSigningSecret();
  const { rows } = await db.query(`UPDATE contact_points SET secret = $2, updated_at = $3, updated_by = $4 WHERE id = $1 RETURNING ${COLUMNS}`, [
    id,
    secret,
    at,
    by,
  ]);
  return { ...publicContactPoint(toStored(rows[0])), secret };
}

/** Soft delete: its past deliveries still name it. Deliveries still to send to it are given up with the reason. */
export async function deleteContactPoint(db: PoolClient, id: number, by: string, at = new Date()): Promise<StoredContactPoint> {
  const before = await getContactPoint(db, id, true);
  await db.query('UPDATE contact_points SET deleted_at = $2, updated_at = $2, updated_by = $3 WHERE id = $1', [id, at, by]);
  await db.query(
    `UPDATE notification_deliveries SET state = 'given_up', next_attempt_at = NULL, lease_until = NULL, last_error = 'contact point deleted'
     WHERE contact_point_id = $1 AND state IN ('pending', 'sending')`,
    [id],
  );
  return before;
}

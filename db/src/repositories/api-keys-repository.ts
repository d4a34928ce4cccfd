import { randomBytes } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { AgencyLine, ApiKey, ApiKeyScope, CreatedApiKey } from '@cityops/contracts';
import { API_KEY_PREFIX, CityopsError } from '@cityops/contracts';
import { hashToken } from '../secrets.ts';
import { isoOrNull } from './history.ts';

const COLUMNS = 'id, name, scopes, prefix, created_by, created_at, revoked_at, last_used_at, agency_lines, agency_areas';

function toApiKey(r: Record<string, unknown>): ApiKey {
  return {
    id: Number(r.id),
    name: r.name as string,
    scopes: r.scopes as ApiKeyScope[],
    prefix: r.prefix as string,
    createdBy: r.created_by as string,
    createdAt: isoOrNull(r.created_at)!,
    revokedAt: isoOrNull(r.revoked_at),
    lastUsedAt: isoOrNull(r.last_used_at),
    agencyLines: (r.agency_lines as AgencyLine[] | undefined) ?? [],
    agencyAreas: (r.agency_areas as string[] | undefined) ?? [],
  };
}

/**
 * Issues a key: 192 random bits behind a recognisable prefix. Only its SHA-256 is stored (as for
 * session tokens), so the answer is the one time anyone sees it.
 */
export async function createApiKey(
  db: Pool | PoolClient,
  req: { name: string; scopes: readonly ApiKeyScope[]; agencyLines?: readonly AgencyLine[] | undefined; agencyAreas?: readonly string[] | undefined },
  createdBy: string,
  at = new Date(),
): Promise<CreatedApiKey> {
  const agency = req.scopes.includes('agency');
  const lines = agency ? [...new Set(req.agencyLines ?? [])] : [];
  const areas = agency ? [...new Set(req.agencyAreas ?? [])] : [];
  if (agency && lines.length + areas.length === 0)
    throw new CityopsError('CITYOPS_REQUEST_INVALID', 'an agency key names its lines (agencyLines) or areas (agencyAreas)');
  if (!agency && (req.agencyLines?.length || req.agencyAreas?.length))
    throw new CityopsError('CITYOPS_REQUEST_INVALID', 'agencyLines and agencyAreas are for keys with the agency scope');
  const key = `${API_KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
  const { rows } = await db.query(
    `INSERT INTO api_keys (name, key_hash, prefix, scopes, created_by, created_at, agency_lines, agency_areas) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
    [req.name.trim(), hashToken(key), key.slice(0, API_KEY_PREFIX.length + 6), [...new Set(req.scopes)], createdBy, at, lines, areas],
  );
  return { ...toApiKey(rows[0]), key };
}

export async function listApiKeys(db: Pool | PoolClient): Promise<ApiKey[]> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM api_keys ORDER BY id`);
  return rows.map(toApiKey);
}

/** Revokes at once and for good; revoking twice keeps the first time. */
export async function revokeApiKey(db: Pool | PoolClient, id: number, at = new Date()): Promise<ApiKey> {
  const { rows } = await db.query(`UPDATE api_keys SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1 RETURNING ${COLUMNS}`, [id, at]);
  if (!rows[0]) throw new CityopsError('CITYOPS_API_KEY_NOT_FOUND', `no API key ${id}`);
  return toApiKey(rows[0]);
}

/**
 * The live key with this secret, stamping its last use (at most once a minute, so a busy call
 * centre does not write a row per call); null when unknown or revoked.
 */
export async function useApiKey(db: Pool | PoolClient, key: string, at = new Date()): Promise<ApiKey | null> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`, [hashToken(key)]);
  if (!rows[0]) return null;
  const found = toApiKey(rows[0]);
  if (found.lastUsedAt === null || Date.parse(found.lastUsedAt) < at.getTime() - 60_000) {
    await db.query('UPDATE api_keys SET last_used_at = $2 WHERE id = $1', [found.id, at]);
    return { ...found, lastUsedAt: at.toISOString() };
  }
  return found;
}

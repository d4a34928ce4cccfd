import { createHash, timingSafeEqual } from 'node:crypto';
import { useApiKey, type Pool } from '@cityops/db';

/** Who filed or read: an issued key (by name) or the deployment's shared CITYOPS_OPEN311_KEY. */
export type Open311Caller = { ok: true; actor: string } | { ok: false; status: 401 | 403; description: string };

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Checks an Open311 `api_key`: CITYOPS_OPEN311_KEY (compared in constant time), or a key an admin
 * issued with the `open311` scope.
 */
export async function checkOpen311Key(pool: Pool, sharedKey: string | undefined, key: string | undefined): Promise<Open311Caller> {
  if (!key) return { ok: false, status: 401, description: 'api_key is required' };
  if (sharedKey !== undefined && timingSafeEqual(digest(key), digest(sharedKey))) return { ok: true, actor: 'open311:CITYOPS_OPEN311_KEY' };
  const found = await useApiKey(pool, key);
  if (!found) return { ok: false, status: 401, description: 'api_key is unknown or revoked' };
  if (!found.scopes.includes('open311')) return { ok: false, status: 403, description: `api_key "${found.name}" is not allowed to use Open311` };
  return { ok: true, actor: `open311:${found.name}` };
}

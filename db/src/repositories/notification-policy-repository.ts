import type { Pool, PoolClient } from 'pg';
import type { NotificationPolicy, StoredNotificationPolicy } from '@cityops/contracts';
import { EMPTY_NOTIFICATION_POLICY } from '@cityops/contracts';
import { isoOrNull } from './history.ts';

/** The policy in force; a fresh install has none and notifies nobody. */
export async function readNotificationPolicy(db: Pool | PoolClient, forUpdate = false): Promise<StoredNotificationPolicy> {
  const { rows } = await db.query(`SELECT policy, updated_at, updated_by FROM notification_policy WHERE id = 1${forUpdate ? ' FOR UPDATE' : ''}`);
  if (!rows[0]) return { policy: EMPTY_NOTIFICATION_POLICY, updatedAt: null, updatedBy: null };
  return { policy: rows[0].policy as NotificationPolicy, updatedAt: isoOrNull(rows[0].updated_at), updatedBy: rows[0].updated_by as string };
}

export async function writeNotificationPolicy(db: PoolClient, policy: NotificationPolicy, by: string, at = new Date()): Promise<StoredNotificationPolicy> {
  await db.query(
    `INSERT INTO notification_policy (id, policy, updated_at, updated_by) VALUES (1, $1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    [JSON.stringify(policy), at, by],
  );
  return { policy, updatedAt: at.toISOString(), updatedBy: by };
}

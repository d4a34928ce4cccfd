import type { Pool } from 'pg';
import type { Role } from '@cityops/contracts';
import { CityopsError } from '@cityops/contracts';

export interface UserRecord {
  username: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
}

export async function insertUser(db: Pool, u: { username: string; role: Role; passwordHash: string }): Promise<void> {
  try {
    await db.query('INSERT INTO users (username, role, password_hash) VALUES ($1, $2, $3)', [u.username, u.role, u.passwordHash]);
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new CityopsError('CITYOPS_USER_EXISTS', `user ${u.username} already exists`);
    throw err;
  }
}

/** Creates or replaces: used for demo accounts, whose password changes at every start. */
export async function upsertUser(db: Pool, u: { username: string; role: Role; passwordHash: string }): Promise<void> {
  await db.query(
    `INSERT INTO users (username, role, password_hash) VALUES ($1, $2, $3)
     ON CONFLICT (username) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash, disabled_at = NULL`,
    [u.username, u.role, u.passwordHash],
  );
}

export async function findUser(db: Pool, username: string): Promise<UserRecord | null> {
  const { rows } = await db.query('SELECT username, role, password_hash, disabled_at FROM users WHERE username = $1', [username]);
  const r = rows[0];
  return r ? { username: r.username, role: r.role, passwordHash: r.password_hash, disabled: r.disabled_at !== null } : null;
}

export async function setUserPassword(db: Pool, username: string, passwordHash: string): Promise<void> {
  const r = await db.query('UPDATE users SET password_hash = $2 WHERE username = $1', [username, passwordHash]);
  if (r.rowCount === 0) throw new CityopsError('CITYOPS_USER_NOT_FOUND', `no user ${username}`);
  // A new password ends every open session of that user.
  await db.query('DELETE FROM sessions WHERE username = $1', [username]);
}

export interface UserAccountRow {
  username: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

function accountOf(r: { username: string; role: Role; disabled_at: Date | null; created_at: Date }): UserAccountRow {
  return { username: r.username, role: r.role, disabled: r.disabled_at !== null, createdAt: r.created_at.toISOString() };
}

/**
 * Accounts as admins see them (all, or the one named), each with its last successful sign-in from
 * the audit log: per user, its newest entries by the (actor, at) index, never a scan of the log.
 */
export async function listUserAccounts(db: Pool, username?: string): Promise<(UserAccountRow & { lastSignInAt: string | null })[]> {
  const { rows } = await db.query(
    `SELECT u.username, u.role, u.disabled_at, u.created_at,
       (SELECT a.at FROM audit_log a WHERE a.actor = u.username AND a.action = 'auth.sign_in' AND a.outcome = 'succeeded'
        ORDER BY a.at DESC LIMIT 1) AS last_sign_in_at
     FROM users u WHERE $1::text IS NULL OR u.username = $1 ORDER BY u.username`,
    [username ?? null],
  );
  return rows.map((r) => ({ ...accountOf(r), lastSignInAt: r.last_sign_in_at ? (r.last_sign_in_at as Date).toISOString() : null }));
}

/**
 * Changes a user's role or disables/enables them, in one transaction with the end of their
 * sessions (a changed role or a disabled account signs in afresh). Refuses a change that would
 * leave no enabled admin. Returns the account before and after, and the ended sessions' hashes.
 */
export async function updateUserAccount(
  db: Pool,
  username: string,
  change: { role?: Role; disabled?: boolean },
): Promise<{ before: UserAccountRow; after: UserAccountRow; endedSessions: string[] }> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    // Locks every admin row, so two admins demoting each other at once cannot both succeed.
    // In one order, so two such updates wait for each other instead of deadlocking.
    await client.query("SELECT username FROM users WHERE role = 'admin' ORDER BY username FOR UPDATE");
    const found = await client.query('SELECT username, role, disabled_at, created_at FROM users WHERE username = $1 FOR UPDATE', [username]);
    if (!found.rows[0]) throw new CityopsError('CITYOPS_USER_NOT_FOUND', `no user ${username}`);
    const before = accountOf(found.rows[0]);
    const updated = await client.query(
      `UPDATE users SET role = coalesce($2, role),
         disabled_at = CASE WHEN $3::boolean IS NULL THEN disabled_at WHEN $3 THEN coalesce(disabled_at, now()) ELSE NULL END
       WHERE username = $1 RETURNING username, role, disabled_at, created_at`,
      [username, change.role ?? null, change.disabled ?? null],
    );
    const after = accountOf(updated.rows[0]);
    const admins = await client.query("SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND disabled_at IS NULL");
    if (admins.rows[0].n === 0) throw new CityopsError('CITYOPS_USER_LAST_ADMIN', 'this would leave no enabled admin');
    const changed = before.role !== after.role || before.disabled !== after.disabled;
    const ended = changed
      ? await client.query<{ token_hash: string }>('DELETE FROM sessions WHERE username = $1 RETURNING token_hash', [username])
      : { rows: [] };
    await client.query('COMMIT');
    return { before, after, endedSessions: ended.rows.map((r) => r.token_hash) };
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

export async function listUsers(db: Pool): Promise<{ username: string; role: Role; disabled: boolean }[]> {
  const { rows } = await db.query('SELECT username, role, disabled_at FROM users ORDER BY username');
  return rows.map((r) => ({ username: r.username, role: r.role, disabled: r.disabled_at !== null }));
}

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

export async function listUsers(db: Pool): Promise<{ username: string; role: Role; disabled: boolean }[]> {
  const { rows } = await db.query('SELECT username, role, disabled_at FROM users ORDER BY username');
  return rows.map((r) => ({ username: r.username, role: r.role, disabled: r.disabled_at !== null }));
}

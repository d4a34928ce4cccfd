import type { Pool } from 'pg';
import type { SessionUser } from '@cityops/contracts';

export async function insertSession(db: Pool, s: { tokenHash: string; username: string; expiresAt: Date }): Promise<void> {
  await db.query('INSERT INTO sessions (token_hash, username, expires_at) VALUES ($1, $2, $3)', [s.tokenHash, s.username, s.expiresAt]);
}

/** The signed-in user of a live session, or null (expired, unknown, or the user was disabled). */
export async function findSessionUser(db: Pool, tokenHash: string, now: Date): Promise<SessionUser | null> {
  const { rows } = await db.query(
    `SELECT u.username, u.role FROM sessions s JOIN users u USING (username)
     WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL`,
    [tokenHash, now],
  );
  return rows[0] ? { username: rows[0].username, role: rows[0].role } : null;
}

export async function deleteSession(db: Pool, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
}

export async function deleteExpiredSessions(db: Pool, now: Date): Promise<number> {
  return (await db.query('DELETE FROM sessions WHERE expires_at <= $1', [now])).rowCount ?? 0;
}

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

/** The live sessions among `tokenHashes`, each with its user: one query however many sockets are open. */
export async function findSessionUsers(db: Pool, tokenHashes: readonly string[], now: Date): Promise<Map<string, SessionUser>> {
  if (tokenHashes.length === 0) return new Map();
  const { rows } = await db.query(
    `SELECT s.token_hash, u.username, u.role FROM sessions s JOIN users u USING (username)
     WHERE s.token_hash = ANY($1::text[]) AND s.expires_at > $2 AND u.disabled_at IS NULL`,
    [tokenHashes, now],
  );
  return new Map(rows.map((r) => [r.token_hash as string, { username: r.username, role: r.role }]));
}

export async function deleteSession(db: Pool, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
}

export async function deleteExpiredSessions(db: Pool, now: Date): Promise<number> {
  return (await db.query('DELETE FROM sessions WHERE expires_at <= $1', [now])).rowCount ?? 0;
}

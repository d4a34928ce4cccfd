import type { Pool, PoolClient } from 'pg';
import type { AlertMatchers, MaintenanceWindow, Silence, WeeklySchedule } from '@cityops/contracts';
import { CityopsError } from '@cityops/contracts';

/** Silences (one-off, Alertmanager-style) and recurring maintenance windows: supervisor-made data. */

const iso = (d: unknown) => (d as Date).toISOString();

function toSilence(r: Record<string, unknown>, now: Date): Silence {
  const startsAt = r.starts_at as Date;
  const endsAt = r.ends_at as Date;
  const status = now < startsAt ? 'pending' : now < endsAt ? 'active' : 'expired';
  return {
    id: Number(r.id),
    matchers: r.matchers as AlertMatchers,
    startsAt: iso(startsAt),
    endsAt: iso(endsAt),
    comment: r.comment as string,
    createdBy: r.created_by as string,
    createdAt: iso(r.created_at),
    status,
  };
}

const SILENCE_COLUMNS = 'id, matchers, starts_at, ends_at, comment, created_by, created_at';

export async function createSilence(
  db: PoolClient,
  s: { matchers: AlertMatchers; startsAt: Date; endsAt: Date; comment: string; by: string },
  now: Date,
): Promise<Silence> {
  const { rows } = await db.query(
    `INSERT INTO silences (matchers, starts_at, ends_at, comment, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${SILENCE_COLUMNS}`,
    [JSON.stringify(s.matchers), s.startsAt, s.endsAt, s.comment, s.by],
  );
  return toSilence(rows[0], now);
}

/** Silences not yet expired (or, with `includeExpired`, the last day's as well, for the audit view). */
export async function listSilences(db: Pool | PoolClient, now: Date, includeExpired = false): Promise<Silence[]> {
  const since = includeExpired ? new Date(now.getTime() - 24 * 3600_000) : now;
  const { rows } = await db.query(`SELECT ${SILENCE_COLUMNS} FROM silences WHERE ends_at > $1 ORDER BY starts_at, id`, [since]);
  return rows.map((r) => toSilence(r, now));
}

/** Ends a silence now (a pending one never starts). History stays: the row is kept, expired. */
export async function expireSilence(db: PoolClient, id: number, now: Date): Promise<Silence> {
  const { rows } = await db.query(
    `UPDATE silences SET starts_at = least(starts_at, $2::timestamptz - interval '1 millisecond'), ends_at = least(ends_at, $2::timestamptz)
     WHERE id = $1 RETURNING ${SILENCE_COLUMNS}`,
    [id, now],
  );
  if (!rows[0]) throw new CityopsError('CITYOPS_SILENCE_NOT_FOUND', `no silence ${id}`);
  return toSilence(rows[0], now);
}

const WINDOW_COLUMNS = 'id, name, matchers, schedule, valid_until, comment, created_by, created_at';

function toWindow(r: Record<string, unknown>, activeNow: (w: { schedule: WeeklySchedule; validUntil: string | null }) => boolean): MaintenanceWindow {
  const w = {
    id: Number(r.id),
    name: r.name as string,
    matchers: r.matchers as AlertMatchers,
    schedule: r.schedule as WeeklySchedule,
    validUntil: r.valid_until ? iso(r.valid_until) : null,
    comment: (r.comment as string | null) ?? null,
    createdBy: r.created_by as string,
    createdAt: iso(r.created_at),
  };
  return { ...w, activeNow: activeNow(w) };
}

type ActiveTest = (w: { schedule: WeeklySchedule; validUntil: string | null }) => boolean;

export async function createMaintenanceWindow(
  db: PoolClient,
  w: { name: string; matchers: AlertMatchers; schedule: WeeklySchedule; validUntil: Date | null; comment: string | null; by: string },
  activeNow: ActiveTest,
): Promise<MaintenanceWindow> {
  const { rows } = await db.query(
    `INSERT INTO maintenance_windows (name, matchers, schedule, valid_until, comment, created_by) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING ${WINDOW_COLUMNS}`,
    [w.name, JSON.stringify(w.matchers), JSON.stringify(w.schedule), w.validUntil, w.comment, w.by],
  );
  return toWindow(rows[0], activeNow);
}

export async function listMaintenanceWindows(db: Pool | PoolClient, activeNow: ActiveTest): Promise<MaintenanceWindow[]> {
  const { rows } = await db.query(`SELECT ${WINDOW_COLUMNS} FROM maintenance_windows WHERE deleted_at IS NULL ORDER BY id`);
  return rows.map((r) => toWindow(r, activeNow));
}

/** Retires a window; the row stays for the audit trail. */
export async function deleteMaintenanceWindow(db: PoolClient, id: number, now: Date): Promise<void> {
  const { rowCount } = await db.query('UPDATE maintenance_windows SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL', [id, now]);
  if (!rowCount) throw new CityopsError('CITYOPS_MAINTENANCE_WINDOW_NOT_FOUND', `no maintenance window ${id}`);
}

import type { Pool, PoolClient } from 'pg';
import type { AuditEntry, AuditOutcome } from '@cityops/contracts';
import { redactSecrets } from './audit-redact.ts';

/** Days every audit entry is kept at least; the table itself refuses to delete younger rows. */
export const AUDIT_MIN_RETENTION_DAYS = 400;

export interface AuditRecord {
  actor: string | null;
  action: string;
  target?: string | null;
  outcome: AuditOutcome;
  address?: string | null;
  before?: unknown;
  after?: unknown;
  at?: Date;
}

// Secrets (a password, a key shown once) are blanked here, whoever records the entry.
const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(redactSecrets(v)));

export async function appendAudit(db: Pool | PoolClient, r: AuditRecord): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (at, actor, action, target, outcome, address, before, after)
     VALUES (coalesce($1, now()), $2, $3, $4, $5, $6, $7, $8)`,
    [r.at ?? null, r.actor, r.action, r.target ?? null, r.outcome, r.address ?? null, json(r.before), json(r.after)],
  );
}

export interface AuditFilter {
  from?: Date;
  to?: Date;
  actor?: string;
  /** An exact action, or a prefix ending in a dot (`auth.`). */
  action?: string;
  outcome?: AuditOutcome;
  /** Entries with a smaller id (the next page, newest first). */
  before?: number;
  limit: number;
}

/** Newest first. */
export async function listAudit(db: Pool, f: AuditFilter): Promise<AuditEntry[]> {
  const where: string[] = [];
  const args: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    args.push(v);
    where.push(sql.replace('?', `$${args.length}`));
  };
  if (f.from) add('at >= ?', f.from);
  if (f.to) add('at < ?', f.to);
  if (f.actor) add('actor = ?', f.actor);
  if (f.action?.endsWith('.')) add('starts_with(action, ?)', f.action);
  else if (f.action) add('action = ?', f.action);
  if (f.outcome) add('outcome = ?', f.outcome);
  if (f.before) add('id < ?', f.before);
  args.push(f.limit);
  const { rows } = await db.query(
    `SELECT id, at, actor, action, target, outcome, address, before, after FROM audit_log
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${args.length}`,
    args,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    at: (r.at as Date).toISOString(),
    actor: r.actor,
    action: r.action,
    target: r.target,
    outcome: r.outcome,
    address: r.address,
    before: r.before,
    after: r.after,
  }));
}

/**
 * Deletes entries older than `retentionDays` (at least 400: the table's trigger refuses younger
 * rows anyway, so a wrong setting fails loudly instead of erasing the record).
 */
export async function purgeAudit(db: Pool, retentionDays: number, now: Date): Promise<number> {
  const days = Math.max(retentionDays, AUDIT_MIN_RETENTION_DAYS);
  const { rowCount } = await db.query(`DELETE FROM audit_log WHERE at < $1::timestamptz - make_interval(days => $2)`, [now, days]);
  return rowCount ?? 0;
}

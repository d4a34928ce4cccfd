import type { Pool, PoolClient } from 'pg';
import { CityopsError } from '@cityops/contracts';

/** A stored rule: its definition (the alerting engine's `Rule` as JSON) and its provenance. */
export interface StoredRule {
  id: string;
  definition: Record<string, unknown> & { id: string };
  builtin: boolean;
  updatedAt: Date;
  updatedBy: string | null;
}

const toStored = (r: Record<string, unknown>): StoredRule => ({
  id: r.id as string,
  definition: r.definition as StoredRule['definition'],
  builtin: r.builtin as boolean,
  updatedAt: r.updated_at as Date,
  updatedBy: (r.updated_by as string | null) ?? null,
});

export async function listAlertRules(db: Pool | PoolClient): Promise<StoredRule[]> {
  const { rows } = await db.query('SELECT id, definition, builtin, updated_at, updated_by FROM alert_rules ORDER BY id');
  return rows.map(toStored);
}

export async function getAlertRule(db: Pool | PoolClient, id: string): Promise<StoredRule> {
  const { rows } = await db.query('SELECT id, definition, builtin, updated_at, updated_by FROM alert_rules WHERE id = $1', [id]);
  if (!rows[0]) throw new CityopsError('CITYOPS_RULE_NOT_FOUND', `no alert rule ${id}`);
  return toStored(rows[0]);
}

/**
 * Installs the shipped rules. A shipped rule nobody edited (`updated_by IS NULL`) follows the
 * shipped definition of the running version; one a supervisor edited keeps the edit.
 */
export async function seedAlertRules(db: Pool | PoolClient, shipped: readonly { id: string }[]): Promise<void> {
  if (shipped.length === 0) return;
  await db.query(
    `INSERT INTO alert_rules (id, definition, builtin)
     SELECT r->>'id', r, true FROM jsonb_array_elements($1::jsonb) r
     ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, builtin = true, updated_at = now()
       WHERE alert_rules.updated_by IS NULL AND alert_rules.definition IS DISTINCT FROM excluded.definition`,
    [JSON.stringify(shipped)],
  );
}

export async function insertAlertRule<T extends { id: string }>(db: PoolClient, definition: T, by: string): Promise<StoredRule> {
  const { rows } = await db.query(
    `INSERT INTO alert_rules (id, definition, builtin, updated_by) VALUES ($1, $2, false, $3)
     ON CONFLICT (id) DO NOTHING RETURNING id, definition, builtin, updated_at, updated_by`,
    [definition.id, JSON.stringify(definition), by],
  );
  if (!rows[0]) throw new CityopsError('CITYOPS_RULE_EXISTS', `alert rule ${definition.id} already exists`);
  return toStored(rows[0]);
}

/** Replaces a rule's definition; `by` null marks it as the shipped one again (reset). */
export async function updateAlertRule<T extends { id: string }>(db: PoolClient, definition: T, by: string | null): Promise<StoredRule> {
  const { rows } = await db.query(
    `UPDATE alert_rules SET definition = $2, updated_at = now(), updated_by = $3 WHERE id = $1
     RETURNING id, definition, builtin, updated_at, updated_by`,
    [definition.id, JSON.stringify(definition), by],
  );
  if (!rows[0]) throw new CityopsError('CITYOPS_RULE_NOT_FOUND', `no alert rule ${definition.id}`);
  return toStored(rows[0]);
}

export async function deleteAlertRule(db: PoolClient, id: string): Promise<void> {
  const rule = await getAlertRule(db, id);
  if (rule.builtin) throw new CityopsError('CITYOPS_RULE_BUILTIN', `${id} is shipped with cityops: disable it or reset it`);
  await db.query('DELETE FROM alert_rules WHERE id = $1', [id]);
  await db.query('DELETE FROM alert_states WHERE rule_id = $1', [id]);
}

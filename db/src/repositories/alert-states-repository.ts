import type { Pool, PoolClient } from 'pg';

/** An alert state as the engine keeps it: plain JSON keyed by (rule, subject). */
export interface StoredAlertState {
  ruleId: string;
  subject: string;
}

export async function loadAlertStates(db: Pool | PoolClient): Promise<StoredAlertState[]> {
  const { rows } = await db.query('SELECT state FROM alert_states');
  return rows.map((r) => r.state as StoredAlertState);
}

/** Persists what changed since the last step, on the transaction that advances the offset. */
export async function saveAlertStates(
  db: PoolClient,
  changes: { upserted: readonly StoredAlertState[]; deleted: readonly { ruleId: string; subject: string }[] },
): Promise<void> {
  if (changes.upserted.length > 0) {
    await db.query(
      `INSERT INTO alert_states (rule_id, subject, state)
       SELECT s->>'ruleId', s->>'subject', s FROM jsonb_array_elements($1::jsonb) s
       ON CONFLICT (rule_id, subject) DO UPDATE SET state = excluded.state`,
      [JSON.stringify(changes.upserted)],
    );
  }
  if (changes.deleted.length > 0) {
    await db.query('DELETE FROM alert_states WHERE (rule_id, subject) IN (SELECT * FROM unnest($1::text[], $2::text[]))', [
      changes.deleted.map((d) => d.ruleId),
      changes.deleted.map((d) => d.subject),
    ]);
  }
}

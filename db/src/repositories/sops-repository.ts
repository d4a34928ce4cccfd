import type { Pool, PoolClient } from 'pg';
import type { SopItem } from '@cityops/contracts';

export interface SopOverride {
  kind: string;
  items: SopItem[];
  updatedBy: string;
  updatedAt: string;
}

/** Every kind whose checklist a supervisor replaced. */
export async function loadSopOverrides(db: Pool | PoolClient): Promise<SopOverride[]> {
  const { rows } = await db.query<{ kind: string; items: SopItem[]; updated_by: string; updated_at: Date }>(
    'SELECT kind, items, updated_by, updated_at FROM sop_checklists ORDER BY kind',
  );
  return rows.map((r) => ({ kind: r.kind, items: r.items, updatedBy: r.updated_by, updatedAt: r.updated_at.toISOString() }));
}

export async function saveSopOverride(db: PoolClient, kind: string, items: readonly SopItem[], by: string, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO sop_checklists (kind, items, updated_by, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (kind) DO UPDATE SET items = excluded.items, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    [kind, JSON.stringify(items), by, at],
  );
}

export async function deleteSopOverride(db: PoolClient, kind: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM sop_checklists WHERE kind = $1', [kind]);
  return (rowCount ?? 0) > 0;
}

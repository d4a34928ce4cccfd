import type { IncidentKind, SopChecklist, SopItem } from '@cityops/contracts';
import { CityopsError, INCIDENT_KINDS } from '@cityops/contracts';
import { deleteSopOverride, loadSopOverrides, saveSopOverride, withTransaction, type Pool, type PoolClient } from '@cityops/db';
import { DEFAULT_SOPS } from '../sops/default-sops.ts';
import { sopProblem } from '../sops/checklist.ts';
import type { CommandContext } from './command-context.ts';

/** The standard procedures: shipped per incident kind, replaced or reset by supervisors. */
export interface SopCommands {
  list(): Promise<SopChecklist[]>;
  /** The procedure that applies to `kind` now (read on the caller's transaction when given one). */
  itemsFor(kind: IncidentKind, db?: Pool | PoolClient): Promise<readonly SopItem[]>;
  put(kind: IncidentKind, items: readonly SopItem[], by: string): Promise<SopChecklist>;
  reset(kind: IncidentKind): Promise<SopChecklist>;
}

export function sopCommands(ctx: CommandContext): SopCommands {
  const shipped = (kind: IncidentKind): SopChecklist => ({ kind, items: [...(DEFAULT_SOPS[kind] ?? [])], shipped: true, updatedBy: null, updatedAt: null });
  const list = async (db: Pool | PoolClient = ctx.pool): Promise<SopChecklist[]> => {
    const overrides = new Map((await loadSopOverrides(db)).map((o) => [o.kind, o]));
    return INCIDENT_KINDS.map((kind) => {
      const o = overrides.get(kind);
      return o ? { kind, items: o.items, shipped: false, updatedBy: o.updatedBy, updatedAt: o.updatedAt } : shipped(kind);
    });
  };
  return {
    list: () => list(),
    async itemsFor(kind, db) {
      return (await list(db)).find((c) => c.kind === kind)?.items ?? [];
    },
    async put(kind, items, by) {
      const problem = sopProblem(items);
      if (problem) throw new CityopsError('CITYOPS_SOP_INVALID', problem);
      const at = new Date(ctx.now());
      await withTransaction(ctx.pool, (db) => saveSopOverride(db, kind, items, by, at));
      return { kind, items: [...items], shipped: false, updatedBy: by, updatedAt: at.toISOString() };
    },
    async reset(kind) {
      await withTransaction(ctx.pool, (db) => deleteSopOverride(db, kind));
      return shipped(kind);
    },
  };
}

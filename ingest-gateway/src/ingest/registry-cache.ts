import type { Pool } from '@cityops/db';
import type { RegistryEntry } from '../pipeline/plan-batch.ts';

/**
 * The gateway's view of the device registry: kind and area to stamp on rows, and whether the
 * device may publish. Entries expire so revocations and moves take effect within `ttlMs`.
 */
export class RegistryCache {
  private readonly entries = new Map<string, { entry: RegistryEntry | null; expires: number }>();

  constructor(
    private readonly pool: Pool,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = 60_000,
    private readonly unknownTtlMs = 5_000,
  ) {}

  /** Entries for `ids`, loading the missing or expired ones in one query. */
  async resolve(ids: Iterable<string>): Promise<Map<string, RegistryEntry | null>> {
    const now = this.now();
    const out = new Map<string, RegistryEntry | null>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const hit = this.entries.get(id);
      if (hit && hit.expires > now) out.set(id, hit.entry);
      else missing.push(id);
    }
    if (missing.length > 0) {
      const { rows } = await this.pool.query('SELECT id, kind, area, revoked_at FROM devices WHERE id = ANY($1::text[])', [missing]);
      const found = new Map(rows.map((r) => [r.id as string, { kind: r.kind, area: r.area, revoked: r.revoked_at !== null } as RegistryEntry]));
      for (const id of missing) {
        const entry = found.get(id) ?? null;
        this.entries.set(id, { entry, expires: now + (entry ? this.ttlMs : this.unknownTtlMs) });
        out.set(id, entry);
      }
    }
    return out;
  }
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import { Dashboard, dashboard, graphs, ROOT } from './testing/grafana-dashboard.ts';

/**
 * deploy/grafana/cityops-dashboard.json is what an operator imports into Grafana: checked against the
 * parts of Grafana's dashboard model an import relies on, and against this repository (the rollups
 * its SQL reads exist). That the metrics its queries read are exported is checked on a running stack,
 * in observability.services.test.ts.
 */
describe('Grafana dashboard', () => {
  it("matches Grafana's dashboard model for an import", () => {
    expect(Compile(Dashboard).Errors(dashboard)).toEqual([]);
  });

  it('has unique panel ids and panels that do not overlap on the 24-column grid', () => {
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cells = new Set<string>();
    for (const p of dashboard.panels) {
      expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
      for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++)
        for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
          expect(cells.has(`${x},${y}`), `${p.title} overlaps another panel at ${x},${y}`).toBe(false);
          cells.add(`${x},${y}`);
        }
    }
  });

  it('uses only the data sources it declares as inputs, each of the type it names', () => {
    const inputs = new Map(dashboard.__inputs.map((i) => [`\${${i.name}}`, i.pluginId]));
    for (const p of graphs) for (const ref of [p.datasource, ...p.targets.map((t) => t.datasource)]) expect(inputs.get(ref.uid), p.title).toBe(ref.type);
  });

  it('reads only rollups the migrations create, within the time range Grafana picks', () => {
    const migrations = readdirSync(join(ROOT, 'db', 'migrations'))
      .map((f) => readFileSync(join(ROOT, 'db', 'migrations', f), 'utf8'))
      .join('\n');
    const sql = graphs.flatMap((p) => p.targets.flatMap((t) => ('rawSql' in t ? [t.rawSql] : [])));
    expect(sql.length).toBeGreaterThan(0);
    for (const q of sql) {
      const view = /FROM (\w+)/.exec(q)![1]!;
      expect(migrations, view).toMatch(new RegExp(`CREATE (MATERIALIZED )?VIEW ${view}\\b`));
      expect(q).toContain('$__timeFilter(bucket)');
    }
  });
});

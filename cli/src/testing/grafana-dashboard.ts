import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Type from 'typebox';

/**
 * deploy/grafana/cityops-dashboard.json as the tests read it: the parts of Grafana's dashboard
 * model an import relies on (an exported dashboard with its data sources as inputs).
 */
export const ROOT = join(import.meta.dirname, '..', '..', '..');
export const DASHBOARD_FILE = join(ROOT, 'deploy', 'grafana', 'cityops-dashboard.json');

const DataSourceRef = Type.Object({ type: Type.String({ minLength: 1 }), uid: Type.String({ pattern: '^\\$\\{[A-Z_]+\\}$' }) });
const GridPos = Type.Object({
  h: Type.Integer({ minimum: 1 }),
  w: Type.Integer({ minimum: 1, maximum: 24 }),
  x: Type.Integer({ minimum: 0, maximum: 23 }),
  y: Type.Integer({ minimum: 0 }),
});
const Target = Type.Union([
  Type.Object({ refId: Type.String({ pattern: '^[A-Z]$' }), datasource: DataSourceRef, expr: Type.String({ minLength: 1 }), legendFormat: Type.String() }),
  Type.Object({
    refId: Type.String({ pattern: '^[A-Z]$' }),
    datasource: DataSourceRef,
    rawSql: Type.String({ minLength: 1 }),
    format: Type.Literal('time_series'),
    rawQuery: Type.Literal(true),
  }),
]);
const Panel = Type.Union([
  Type.Object({
    id: Type.Integer({ minimum: 1 }),
    type: Type.Literal('row'),
    title: Type.String(),
    gridPos: GridPos,
    collapsed: Type.Boolean(),
    panels: Type.Array(Type.Unknown()),
  }),
  Type.Object({
    id: Type.Integer({ minimum: 1 }),
    type: Type.Union([Type.Literal('timeseries'), Type.Literal('stat'), Type.Literal('piechart')]),
    title: Type.String({ minLength: 1 }),
    datasource: DataSourceRef,
    gridPos: GridPos,
    fieldConfig: Type.Object({ defaults: Type.Object({ unit: Type.String() }), overrides: Type.Array(Type.Unknown()) }),
    targets: Type.Array(Target, { minItems: 1 }),
  }),
]);
export const Dashboard = Type.Object({
  __inputs: Type.Array(Type.Object({ name: Type.String(), type: Type.Literal('datasource'), pluginId: Type.String(), label: Type.String() }), { minItems: 1 }),
  uid: Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' }),
  title: Type.String({ minLength: 1 }),
  schemaVersion: Type.Integer({ minimum: 36 }),
  version: Type.Integer(),
  time: Type.Object({ from: Type.String(), to: Type.String() }),
  templating: Type.Object({ list: Type.Array(Type.Unknown()) }),
  panels: Type.Array(Panel, { minItems: 1 }),
});

export type Dash = Type.Static<typeof Dashboard>;
export const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as Dash;
/** Every panel but the rows. */
export const graphs = dashboard.panels.filter((p): p is Extract<Dash['panels'][number], { targets: unknown }> => p.type !== 'row');

/** Metric names the dashboard's PromQL reads (histogram series by their family's name). */
export function dashboardMetricNames(): string[] {
  const exprs = graphs.flatMap((p) => p.targets.flatMap((t) => ('expr' in t ? [t.expr] : [])));
  const names = exprs.flatMap((e) => [...e.matchAll(/\b((?:cityops|process|nodejs)_[a-z0-9_]+)/g)].map((m) => m[1]!.replace(/_bucket$/, '')));
  return [...new Set(names)];
}

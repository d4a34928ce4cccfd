import type { ClientBase } from 'pg';
import { CITY, dayRows, rowCount, vnDayStart, type TableColumns } from './city.ts';

/** Rows per INSERT: a few MB per message, which the embedded socket takes whole. */
const BATCH = 20_000;

/**
 * `INSERT … SELECT * FROM unnest($1::…[], …)` in batches: the embedded database's wire server cannot
 * take COPY FROM STDIN (PGlite traps on CopyData: probed), so the bench loads the way our writer does.
 */
async function insertColumns(client: ClientBase, t: TableColumns): Promise<void> {
  const n = rowCount(t);
  const cols = t.columns.map(([name]) => name).join(', ');
  const args = t.columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  for (let i = 0; i < n; i += BATCH) {
    await client.query(
      `INSERT INTO ${t.table} (${cols}) SELECT * FROM unnest(${args})`,
      t.values.map((v) => v.slice(i, i + BATCH)),
    );
  }
}

export interface LoadResult {
  rows: number;
  byTable: Record<string, number>;
  ms: number;
  from: Date;
  to: Date;
}

/**
 * `days` Hà Nội days up to `until` of the bench city, in batches per table and day, plus the
 * registry rows of the kiosks (ranking names) and the days' incidents and 1022 tickets (KPI history).
 */
export async function loadCity(client: ClientBase, days: number, until: number, progress: (day: number) => void): Promise<LoadResult> {
  const first = vnDayStart(until) - (days - 1) * 86_400_000;
  const byTable: Record<string, number> = { camera_status: 0, fire_events: 0, transit_taps: 0, queue_loads: 0 };
  const started = performance.now();
  for (let d = 0; d < days; d++) {
    for (const t of dayRows(first + d * 86_400_000, d, until)) {
      await insertColumns(client, t);
      byTable[t.table] = (byTable[t.table] ?? 0) + rowCount(t);
    }
    progress(d + 1);
  }
  const ms = performance.now() - started;
  await client.query(
    `INSERT INTO devices (id, kind, name, lat, lon, area, secret_hash)
     SELECT 'Q-B' || i, 'queue', 'Bộ phận một cửa mẫu ' || i, 21.0 + i / 1000.0, 105.8 + i / 1000.0, 'A' || lpad((i + 1)::text, 3, '0'), 'bench'
     FROM generate_series(0, $1 - 1) i`,
    [CITY.queue],
  );
  // About 60 incidents a day, acknowledged after 30 s–10 min, resolved within 2 h; 200 1022 tickets a day.
  await client.query(
    `INSERT INTO incidents (kind, severity, state, dedup_key, title, area, opened_at, acknowledged_at, resolved_at, last_occurred_at)
     SELECT 'camera_offline', (ARRAY['critical','major','warning','warning'])[1 + i % 4], 'resolved',
       'bench-' || i, 'Bench incident', 'A' || lpad((1 + i % 100)::text, 3, '0'),
       t, t + (30 + (i * 7919) % 570) * interval '1 second', t + (600 + (i * 104729) % 6600) * interval '1 second', t
     FROM (SELECT i, $1::timestamptz + (i * ($2::float8 / ($3 * 60))) * interval '1 millisecond' AS t FROM generate_series(0, $3 * 60 - 1) i) s`,
    [new Date(first), until - first, days],
  );
  await client.query(
    `INSERT INTO tickets (line, category, description, lat, lon, state, created_at, updated_at, forwarded_at)
     SELECT '1022', 'environment', 'Bench ticket', 21.03, 105.85, 'forwarded', t, t, t + (60 + (i * 7919) % 480) * interval '1 second'
     FROM (SELECT i, $1::timestamptz + (i * ($2::float8 / ($3 * 200))) * interval '1 millisecond' AS t FROM generate_series(0, $3 * 200 - 1) i) s`,
    [new Date(first), until - first, days],
  );
  return { rows: Object.values(byTable).reduce((a, b) => a + b, 0), byTable, ms, from: new Date(first), to: new Date(until) };
}

import pg from 'pg';
import type { Logger } from 'pino';
import { openEmbeddedScratchDatabase, refreshAllRollups } from '@cityops/db';
import { CADENCE, CITY } from './city.ts';
import { consoleQueries, createRawViews } from './history-queries.ts';
import { loadCity, type LoadResult } from './load-city.ts';
import { timeQuery, type QueryTiming } from './measure-queries.ts';

/** The target: rollup queries over 30 days of a 2,000-device city, p95 under 100 ms on TimescaleDB. */
export const ROLLUP_P95_TARGET_MS = 100;

export interface RollupsBenchOptions {
  days: number;
  /** Timed runs per rollup query (at least 50, so the p95 rests on more than two samples). */
  runs: number;
  /** Raw scans are slow: at most `rawRuns`, at least 3, within about `rawBudgetMs` per query. */
  rawRuns: number;
  rawBudgetMs: number;
  log: Logger;
  progress: (what: string) => void;
}

export interface RollupsBenchResult {
  days: number;
  load: LoadResult;
  refreshMs: number;
  sizes: { raw: string; rollups: string };
  queries: { name: string; rollup: QueryTiming; raw: QueryTiming; same: boolean }[];
  city: typeof CITY;
  cadence: typeof CADENCE;
}

export function rollupOptionsFromEnv(env: NodeJS.ProcessEnv, log: Logger, progress: (what: string) => void): RollupsBenchOptions {
  const int = (name: string, fallback: number, min: number) => {
    const v = Number(env[name] ?? fallback);
    if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be an integer ≥ ${min}; got ${env[name]}`);
    return v;
  };
  return {
    days: int('BENCH_ROLLUP_DAYS', 30, 1),
    runs: int('BENCH_ROLLUP_RUNS', 60, 50),
    rawRuns: int('BENCH_ROLLUP_RAW_RUNS', 50, 3),
    rawBudgetMs: 15_000,
    log,
    progress,
  };
}

/**
 * (h) The history queries on the embedded TimescaleDB: load N days of the bench city with COPY,
 * materialize every continuous aggregate, then time each console query on the rollups and, beside
 * it, the same query text over the raw tables (plain views in schema `raw`).
 */
export async function runRollupsBench(o: RollupsBenchOptions): Promise<RollupsBenchResult> {
  const db = await openEmbeddedScratchDatabase(o.log, 'cityops-bench-rollups');
  // The embedded database serves one connection: the bench holds it for the whole run, without the
  // pool's 30 s query guard (a 30-day refresh or raw scan takes longer here). The pool's idle
  // connection closes within 100 ms; this one waits in the server's queue until then.
  const client = new pg.Client({ connectionString: db.connectionString });
  await client.connect();
  try {
    if (!db.caps.timescale) throw new Error('the embedded database came up without TimescaleDB');
    const until = Math.floor(Date.now() / 300_000) * 300_000;
    const load = await loadCity(client, o.days, until, (d) => d % 5 === 0 && o.progress(`loaded day ${d}/${o.days}`));
    o.progress(`loaded ${load.rows.toLocaleString('en')} rows; refreshing the continuous aggregates`);
    const t0 = performance.now();
    // The levels the history API reads, over all the days; the 1-minute ones (read by nothing here,
    // and as large as the raw tables) over their policy's 3-hour window, as the stack would have them.
    await refreshAllRollups(client, new Date(until), load.from, { only: (v) => !v.endsWith('_1m') });
    await refreshAllRollups(client, new Date(until), new Date(until - 3 * 3_600_000), { only: (v) => v.endsWith('_1m') });
    const refreshMs = performance.now() - t0;
    await client.query('ANALYZE');
    const size = async (sql: string) => ((await client.query(sql)).rows[0] as { s: string }).s;
    const sizes = {
      raw: await size(
        `SELECT pg_size_pretty(sum(hypertable_size(format('%I', hypertable_name)::regclass))) AS s FROM timescaledb_information.hypertables WHERE` +
          ` hypertable_name IN ('camera_status','fire_events','transit_taps','queue_loads')`,
      ),
      rollups: await size(
        `SELECT pg_size_pretty(sum(hypertable_size(format('%I.%I', materialization_hypertable_schema, materialization_hypertable_name)::regclass))) AS s` +
          ` FROM timescaledb_information.continuous_aggregates`,
      ),
    };
    await createRawViews(client);
    const queries: RollupsBenchResult['queries'] = [];
    for (const q of consoleQueries(until)) {
      o.progress(q.name);
      const rollup = await timeQuery(client, q, { warmup: 3, runs: o.runs, minRuns: o.runs, budgetMs: Number.POSITIVE_INFINITY });
      await client.query('SET search_path TO raw, public');
      const raw = await timeQuery(client, q, { warmup: 1, runs: o.rawRuns, minRuns: 3, budgetMs: o.rawBudgetMs }).finally(() =>
        client.query('SET search_path TO public'),
      );
      queries.push({ name: q.name, rollup, raw, same: rollup.answer === raw.answer });
    }
    return { days: o.days, load, refreshMs, sizes, queries, city: CITY, cadence: CADENCE };
  } finally {
    await client.end();
    await db.close();
  }
}
